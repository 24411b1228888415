"""Badge downloads: the participant's own badge and the organisers' print sheet."""
from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import gettext as _

from app.auth.access import requires
from app.badges import admin_bp, bp, service
from app.badges.forms import BadgeSheetForm
from app.program import queries
from app.registration import links


def _pdf(data: bytes, filename: str, *, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'{disposition}; filename="{filename}"',
        "Cache-Control": "private, no-store",
    })


@bp.get("/me/<token>/badge.pdf")
def my_badge(token: str):
    registration = links.by_manage_token(token)
    if registration is None:
        abort(404)
    try:
        data = service.single(registration)
    except service.NotConfirmed:
        return render_template("badges/not_confirmed.html", registration=registration,
                               event=registration.event, token=token), 409
    return _pdf(data, f"navneskilt-{registration.event.slug}.pdf", inline=True)


def _event_or_404(slug: str):
    event = queries.event_by_slug(slug, include_drafts=True)
    if event is None:
        abort(404)
    return event


def _page(event, form: BadgeSheetForm, status: int = 200, message: str | None = None):
    registrations = service.confirmed(event.id)
    return render_template("badges/sheet_form.html", event=event, form=form, registrations=registrations,
                           role_label=service.role_label, message=message), status


@admin_bp.get("")
@requires("view")
def sheet_form(slug: str):
    event = _event_or_404(slug)
    return _page(event, BadgeSheetForm(formdata=None))


@admin_bp.get("/sheet.pdf")
@requires("view")
def sheet(slug: str):
    event = _event_or_404(slug)
    form = BadgeSheetForm(formdata=request.args)
    if not form.validate():
        return _page(event, form, 400)
    chosen = service.BadgeFilter(
        roles=frozenset(form.roles.data or ()),
        last_from=(form.last_from.data or "").strip(),
        last_to=(form.last_to.data or "").strip(),
        ids=frozenset(form.ids.data or ()),
    )
    registrations = service.confirmed(event.id, chosen)
    if not registrations:
        return _page(event, form, 200, _("Ingen bekreftede deltakere passer til utvalget. Endre utvalget og prøv igjen."))
    data = service.sheet(event, registrations, form.layout.data, form.duplex.data)
    suffix = "-tosidig" if form.duplex.data else ""
    return _pdf(data, service.filename(event, form.layout.data, suffix))
