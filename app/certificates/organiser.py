"""The organisers' kursbevis page on the Påmeldinger tab: how many attended, how many have one, issue the batch."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.admin.common import actor, event_or_404
from app.auth.access import requires
from app.certificates import service
from app.core import clock
from app.core.transaction import transaction

bp = Blueprint("certificates_organiser", __name__, url_prefix="/admin/events/<slug:slug>/certificates")


@bp.get("")
@requires("view")
def page(slug: str):
    event = event_or_404(slug)
    return render_template("certificates/organiser.html", event=event, attendees=len(service.attendees(event)),
                           issued=service.issued_count(event.id), door_used=service.used_door_checkin(event.id),
                           sessions_used=service.used_session_checkin(event.id), over=clock.now() >= event.ends_at)


@bp.post("")
@requires("edit")
def issue(slug: str):
    event = event_or_404(slug)
    try:
        with transaction():
            result = service.issue(event, actor())
    except service.TooEarly:
        flash(_("Kursbevis kan utstedes når arrangementet er over."), "error")
    else:
        flash(ngettext("%(num)d nytt kursbevis er utstedt.", "%(num)d nye kursbevis er utstedt.", result.new),
              "success")
    return redirect(url_for("certificates_organiser.page", slug=slug), code=303)
