"""A series' public page: what it is, its meetings, and joining it; a member's own link adds the member list."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.audit.log import Actor
from app.core.forms import apply_errors
from app.core.transaction import transaction
from app.extensions import limiter
from app.models import JoinedVia, Series, SeriesMember
from app.series import bp, invitations, service
from app.series.forms import KIND_LABELS, JoinForm


def _series_or_404(slug: str) -> Series:
    found = service.public_by_slug(slug)
    if found is None:
        abort(404)
    return found


def _page(series: Series, form: JoinForm, member: SeriesMember | None = None, status: int = 200):
    upcoming, past = service.events_of(series.id)
    members = service.visible_members(series.id) if member is not None else None
    response = render_template("series/page.html", series=series, kind_label=KIND_LABELS[series.kind],
                               upcoming=upcoming, past=past, form=form, member=member, members=members)
    return response, status


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
    # A series not listed publicly (a peer group's network, app/peer_groups/network.py) opens for its members.
    series = service.by_slug(slug)
    if series is None:
        abort(404)
    member = service.member_by_token(series, token)
    if member is None:
        abort(404)
    response, status = _page(series, JoinForm.build(), member)
    return response, status, {"X-Robots-Tag": "noindex", "Cache-Control": "private, no-store"}
