"""Min side (/me/): a leader's registrations across every event, reached through an e-mailed sign-in link.

Handlers parse, authorise (app.people.signin.person_required), call the service, render."""
from __future__ import annotations

import json

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.calendar.tokens import assign_person_feed, person_feed_url
from app.core.downloads import file_response
from app.core.email_signin import LINK_LIMIT, LINK_PER_ADDRESS_LIMIT, REDEEM_LIMIT, address_key, link_problem
from app.core.forms import Form
from app.core.transaction import transaction
from app.core.urls import safe_next
from app.extensions import limiter
from app.people import bp, forgetting, identity, minside, mydata, signin
from app.people.forms import ContactForm, SignInForm


@bp.route("/signin", methods=["GET", "POST"], endpoint="signin")
@limiter.limit(LINK_LIMIT, methods=["POST"])
@limiter.limit(LINK_PER_ADDRESS_LIMIT, methods=["POST"], key_func=address_key("person-link"))
def signin_form():
    form = SignInForm()
    if form.validate_on_submit():
        with transaction():
            signin.request_link(form.email.data)
        return render_template("people/link_sent.html", email=form.email.data, hours=signin.link_hours())
    return render_template("people/signin.html", form=form), 400 if request.method == "POST" else 200


@bp.get("/signin/<token>")
def redeem(token: str):
    try:
        signin.check(token)
    except signin.LinkError as err:
        return link_problem(err, "people.signin")
    return render_template("people/redeem.html", token=token)


@bp.post("/signin/<token>")
@limiter.limit(REDEEM_LIMIT)
def redeem_post(token: str):
    try:
        with transaction():
            signin.redeem(token)
    except signin.LinkError as err:
        return link_problem(err, "people.signin")
    flash(_("Du er logget inn på Min side."), "success")
    return redirect(safe_next(request.args.get("next"), url_for("people.home")), code=303)


@bp.get("/")
@signin.person_required
def home():
    person = signin.current_person()
    return render_template("people/home.html", person=person, overview=minside.overview(person),
                           feed_url=person_feed_url(person), contact_form=ContactForm(
                               data={"contact_ok": person.contact_ok_at is not None}),
                           confirm_form=Form())


@bp.post("/signout")
def signout():
    with transaction():
        signin.sign_out()
    flash(_("Du er logget ut av Min side."), "success")
    return redirect(url_for("people.signin"), code=303)


@bp.post("/contact")
@signin.person_required
def contact():
    form = ContactForm()
    if form.validate_on_submit():
        with transaction():
            identity.set_contact_ok(signin.current_person(), bool(form.contact_ok.data))
        flash(_("Vi kan invitere deg til andre ledertilbud.") if form.contact_ok.data
              else _("Vi sender deg ikke invitasjoner til andre ledertilbud."), "success")
    return redirect(url_for("people.home", _anchor="samtykker"), code=303)


@bp.post("/calendar/reset")
@signin.person_required
def reset_feed():
    with transaction():
        assign_person_feed(signin.current_person())
    flash(_("Du har fått en ny kalenderlenke, og den gamle virker ikke lenger. Abonner på nytt, og fjern den "
            "gamle kalenderen fra kalenderappen din."), "success")
    return redirect(url_for("people.home", _anchor="kalender"), code=303)


@bp.get("/data.json")
@signin.person_required
def my_data():
    body = json.dumps(mydata.export(signin.current_person()), ensure_ascii=False, indent=2)
    return file_response(body, "application/json", "mine-data.json")


@bp.route("/forget", methods=["GET", "POST"])
@signin.person_required
def forget():
    form = Form()  # the button and its CSRF token
    if not form.validate_on_submit():
        return render_template("people/forget.html", form=form), 400 if request.method == "POST" else 200
    with transaction():
        forgetting.forget(signin.current_person())
        signin.sign_out()
    flash(_("Vi har glemt deg: profilen din er slettet, og påmeldingene er ikke lenger knyttet til deg."),
          "success")
    return redirect(url_for("public.index"), code=303)
