"""Speakers' portal routes: sign-in by e-mail link, the overview and the schedule.

Profile, sessions and files are in profile_routes.py, session_routes.py and file_routes.py.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.calendar import tokens
from app.core.email_signin import LINK_LIMIT, LINK_PER_ADDRESS_LIMIT, REDEEM_LIMIT, address_key, link_problem
from app.core.transaction import transaction
from app.core.urls import safe_next
from app.extensions import limiter
from app.speakers import auth, bp, service, signin
from app.speakers.forms import LinkRequestForm
from app.speakers.messages import too_large_message

_link_address_key = address_key("speaker-link")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LINK_LIMIT, methods=["POST"])
@limiter.limit(LINK_PER_ADDRESS_LIMIT, methods=["POST"], key_func=_link_address_key)
def login():
    form = LinkRequestForm()
    if form.validate_on_submit():
        with transaction():
            signin.request_link(form.email.data)
        return render_template("speakers/link_sent.html", email=form.email.data)
    return render_template("speakers/login.html", form=form)


@bp.get("/login/<token>")
def redeem(token: str):
    try:
        link = signin.check(token)
    except signin.LinkError as err:
        return link_problem(err, "speakers.login")
    return render_template("speakers/redeem.html", token=token, speaker=link.speaker)


@bp.post("/login/<token>")
@limiter.limit(REDEEM_LIMIT)
def redeem_post(token: str):
    try:
        with transaction():  # the link is used up together with the sign-in it makes
            speaker = signin.redeem(token)
            auth.sign_in(speaker)
    except signin.LinkError as err:
        return link_problem(err, "speakers.login")
    flash(_("Velkommen, %(name)s! Du er logget inn.", name=speaker.name), "success")
    return redirect(safe_next(request.args.get("next"), url_for("speakers.home")), code=303)


@bp.get("/")
@auth.speaker_required
def home():
    speaker = auth.current_speaker()
    groups = service.by_event(service.my_sessions(speaker.id))
    return render_template("speakers/home.html", speaker=speaker, groups=groups, editable=service.is_editable)


@bp.get("/schedule")
@auth.speaker_required
def schedule():
    speaker = auth.current_speaker()
    if tokens.needs_speaker_feed_token(speaker):
        with transaction():  # the first visit makes the calendar feed's token: this GET writes, once
            service.calendar_feed_url(speaker)
    groups = service.by_event(service.my_sessions(speaker.id))
    return render_template("speakers/schedule.html", speaker=speaker, groups=groups,
                           feed_url=service.calendar_feed_url(speaker), role_of=service.role_of)


@bp.errorhandler(413)
def too_large(_exc):
    return render_template("speakers/too_large.html", message=too_large_message()), 413


@bp.post("/logout")
def logout():
    with transaction():
        auth.sign_out()
    flash(_("Du er logget ut."), "success")
    return redirect(url_for("speakers.login"), code=303)
