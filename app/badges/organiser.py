"""The organisers' badge print sheet (/admin/events/<slug>/badges): choose, then download the PDF."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from app.admin.common import event_or_404
from app.admin.labels import globals_
from app.auth.access import requires
from app.badges import service
from app.badges.forms import BadgeSheetForm
from app.core.downloads import file_response

bp = Blueprint("badges_organiser", __name__, url_prefix="/admin/events/<slug:slug>/badges")
bp.context_processor(globals_)  # the workspace's words for codes, as on every organiser page


def _page(event, form: BadgeSheetForm, status: int = 200, message: str | None = None):
    registrations = service.confirmed(event.id)
    return render_template("badges/sheet_form.html", event=event, form=form, registrations=registrations,
                           role_label=service.role_label, message=message), status


@bp.get("")
@requires("view")
def sheet_form(slug: str):
    event = event_or_404(slug)
    return _page(event, BadgeSheetForm(formdata=None))


@bp.get("/sheet.pdf")
@requires("view")
def sheet(slug: str):
    event = event_or_404(slug)
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
    return file_response(data, "application/pdf", service.filename(event, form.layout.data, suffix))
