"""Program-change notices: review what will be sent, then send them in one go (or discard one)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.admin.common import actor, event_or_404
from app.auth.access import requires
from app.core.transaction import transaction
from app.program import notices as notice_service
from app.program.errors import NotFound
from app.program.organiser import bp


@bp.get("/events/<slug:slug>/notices")
@requires("view")
def notices(slug: str):
    event = event_or_404(slug)
    pending = notice_service.pending(event.id)
    recipients = {n.id: notice_service.recipients(n.session) for n in pending}
    return render_template("program/organiser/notices/index.html", event=event, pending=pending, recipients=recipients,
                           recent=notice_service.recent(event.id))


@bp.post("/events/<slug:slug>/notices/send")
@requires("edit")
def send_notices(slug: str):
    event = event_or_404(slug)
    with transaction():
        report = notice_service.send(event.id, actor())
    if report.notices:
        flash(ngettext("%(num)d programendring er sendt", "%(num)d programendringer er sendt", report.notices) + " "
              + ngettext("som %(num)d e-post.", "som %(num)d e-poster.", report.messages), "success")
    else:
        flash(_("Det var ingen programendringer å sende."), "warning")
    return redirect(url_for("program_organiser.notices", slug=slug), code=303)


@bp.post("/events/<slug:slug>/notices/<int:notice_id>/discard")
@requires("edit")
def discard_notice(slug: str, notice_id: int):
    event = event_or_404(slug)
    pending = {n.id for n in notice_service.pending(event.id)}
    if notice_id not in pending:
        abort(404)
    try:
        with transaction():
            notice_service.discard(notice_id, actor())
    except NotFound:
        abort(404)
    flash(_("Programendringen blir ikke sendt."), "success")
    return redirect(url_for("program_organiser.notices", slug=slug), code=303)
