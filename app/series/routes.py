"""A series' public page: what it is, its meetings, and joining it. A member's own link adds the member list and
the member's choices (stand in the list, get the invitations) and leaving the series (after a confirmation)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.audit.log import Actor
from app.core.forms import Form, apply_errors
from app.core.transaction import transaction
from app.core.urls import safe_next
from app.extensions import limiter
from app.mail import optout
from app.models import JoinedVia, Series, SeriesMember
from app.series import bp, invitations, members, service
from app.series.forms import KIND_LABELS, ChoicesForm, JoinForm

PRIVATE = {"X-Robots-Tag": "noindex", "Cache-Control": "private, no-store"}
ACTOR = Actor("participant", "Medlemssiden")  # the member themselves, on their own link


def _series_or_404(slug: str) -> Series:
    found = service.public_by_slug(slug)
    if found is None:
        abort(404)
    return found


def _page(series: Series, form: JoinForm, member: SeriesMember | None = None, status: int = 200):
    upcoming, past = service.events_of(series.id)
    listed = service.visible_members(series.id) if member is not None else None
    extra = {}
    if member is not None:
        extra = {"token": service.member_token(member), "opted_out": optout.is_opted_out(member.email),
                 "choices_form": ChoicesForm(formdata=None, show_in_member_list=member.show_in_member_list,
                                             mail_ok=member.mail_ok)}
    response = render_template("series/page.html", series=series, kind_label=KIND_LABELS[series.kind],
                               upcoming=upcoming, past=past, form=form, member=member, members=listed, **extra)
    return response, status


def _member_or_404(slug: str, token: str) -> tuple[Series, SeriesMember]:
    """The series (shown on the website or not) and the member whose own link this is."""
    series = service.by_slug(slug)
    member = service.member_by_token(series, token) if series is not None else None
    if member is None:
        abort(404)
    return series, member


@bp.get("/series/<slug:slug>")
def page(slug: str):
    return _page(_series_or_404(slug), JoinForm.build())


@bp.post("/series/<slug:slug>/join")
@limiter.limit("20 per minute")
def join(slug: str):
    series = _series_or_404(slug)
    form = JoinForm.build()
    if form.validate_on_submit():
        try:
            with transaction():
                joined = service.join(series.id, form.to_draft(), JoinedVia.INVITATION,
                                      Actor("participant", form.name.data or ""))
                invitations.send_member_link(series, joined.member)
        except service.Invalid as err:
            apply_errors(form, err.errors)
        else:
            flash(_("Takk! Vi har sendt en personlig lenke til nettverkets side til %(email)s.",
                    email=joined.member.email), "success")
            return redirect(url_for("series.page", slug=slug), code=303)
    return _page(series, form, status=400)


@bp.get("/series/<slug:slug>/m/<token>")
def member_page(slug: str, token: str):
    series, member = _member_or_404(slug, token)
    response, status = _page(series, JoinForm.build(), member)
    return response, status, PRIVATE


@bp.post("/series/<slug:slug>/m/<token>/choices")
def member_choices(slug: str, token: str):
    """Save the member's two choices; back to the member page (or Min side, with ?next=)."""
    series, member = _member_or_404(slug, token)
    form = ChoicesForm()
    back = safe_next(request.args.get("next"), url_for("series.member_page", slug=slug, token=token,
                                                       _anchor="valg"))
    if not form.validate_on_submit():
        flash(_("Valgene ble ikke lagret. Last siden på nytt og prøv igjen."), "error")
        return redirect(back, code=303)
    with transaction():
        members.choose(member, show_in_member_list=bool(form.show_in_member_list.data),
                       mail_ok=bool(form.mail_ok.data), actor=ACTOR)
    flash(_("Valgene dine for %(series)s er lagret.", series=series.title), "success")
    return redirect(back, code=303)


@bp.route("/series/<slug:slug>/m/<token>/leave", methods=["GET", "POST"])
def member_leave(slug: str, token: str):
    """Leave the series: a page that asks first; its button (confirm=1) deletes the membership, and the link stops
    working. A POST without the button's value answers the question again."""
    series, member = _member_or_404(slug, token)
    form = Form()  # the button (confirm=1) and its CSRF token
    if not (form.validate_on_submit() and request.form.get("confirm") == "1"):
        page = render_template("series/leave.html", series=series, member=member, token=token, form=form)
        return page, 400 if form.is_submitted() and not form.validate() else 200, PRIVATE
    with transaction():
        members.leave(member, ACTOR)
    flash(_("Du er meldt ut av %(series)s. Du får ingen flere invitasjoner, og lenken din virker ikke lenger.",
            series=series.title), "success")
    target = url_for("series.page", slug=slug) if series.public else url_for("public.index")
    return redirect(target, code=303)
