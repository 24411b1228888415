"""The outbox: every e-mail the system has queued, each one in full with its status and reason, and
"Send nå" (queued) / "Prøv igjen" (failed) / "Send på nytt" (sent), which deliver it while you wait."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.admin import bp
from app.admin.common import page_number
from app.auth.access import requires
from app.extensions import db
from app.mail import outbox as outbox_service
from app.mail import reasons, renderers
from app.models import Event, OutboxMessage, OutboxStatus
from app.program import queries
from app.registration.listing import Page

PER_PAGE = 50


def _deliver_soon(ids: list[int]) -> None:
    """With MAIL_SEND_INLINE the outbox sends what this transaction queued right after commit; a resend
    joins that list (app.mail.outbox's after-commit hook), otherwise `flask outbox send` takes it."""
    outbox_service.send_after_commit(ids)


@bp.get("/outbox")
@requires("admin", event=None)
def outbox():
    status = request.args.get("status", "")
    status = status if status in {s.value for s in OutboxStatus} else ""
    q = request.args.get("q", "").strip()[:100]
    slug = request.args.get("event", "")[:80]
    event = queries.event_by_slug(slug, include_drafts=True) if slug else None  # one event's mail, in its workspace
    stmt = select(OutboxMessage)
    if event is not None:
        stmt = stmt.where(OutboxMessage.event_id == event.id)
    if status:
        stmt = stmt.where(OutboxMessage.status == OutboxStatus(status))
    if q:
        stmt = stmt.where(func.lower(OutboxMessage.to_address).contains(q.lower(), autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    number = min(page_number(), max(1, -(-total // PER_PAGE)))
    messages = list(db.session.scalars(stmt.order_by(OutboxMessage.id.desc()).limit(PER_PAGE)
                                       .offset((number - 1) * PER_PAGE)))
    by_status = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    if event is not None:
        by_status = by_status.where(OutboxMessage.event_id == event.id)
    counts = dict(db.session.execute(by_status).all())
    events = {e.id: e for e in db.session.scalars(select(Event).where(
        Event.id.in_({m.event_id for m in messages if m.event_id})))}
    return render_template("admin/outbox/index.html", messages=messages, status=status, q=q, counts=counts,
                           events=events, page=Page([], total, number, PER_PAGE), event=event)


@bp.get("/outbox/<int:message_id>")
@requires("admin", event=None)
def outbox_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    try:
        content, error = renderers.content_of(message), ""
    except Exception as exc:  # noqa: BLE001 - shown to the organiser; the sender records it the same way
        content, error = None, f"{type(exc).__name__}: {exc}"
    event = db.session.get(Event, message.event_id) if message.event_id else None
    return render_template("admin/outbox/message.html", message=message, content=content, render_error=error,
                           event=event)


@bp.post("/outbox/<int:message_id>/resend")
@requires("admin", event=None)
def resend(message_id: int):
    """Send one message now, while the organiser waits, and say how it went."""
    if db.session.get(OutboxMessage, message_id) is None:
        abort(404)
    outbox_service.resend(message_id)
    db.session.commit()
    outbox_service.deliver_due(limit=1, only_ids=[message_id])
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message_id)
    if message.status == OutboxStatus.SENT:
        flash(_("E-posten er sendt."), "success")
    elif message.status == OutboxStatus.FAILED:
        flash(_("E-posten kunne ikke sendes: %(reason)s", reason=reasons.label(message.reason)), "error")
    elif message.status == OutboxStatus.SUPERSEDED:
        flash(_("E-posten ble ikke sendt: %(reason)s", reason=reasons.label(message.reason)), "error")
    elif message.reason:
        flash(_("E-posten ligger fortsatt i kø: %(reason)s", reason=reasons.label(message.reason)), "error")
    else:
        flash(_("E-posten venter på en tidligere e-post om samme påmelding og sendes rett etter den."), "success")
    back = request.args.get("back", "")
    if back == "message":
        return redirect(url_for("admin.outbox_message", message_id=message_id), code=303)
    return redirect(url_for("admin.outbox", status=request.args.get("status") or None,
                            event=request.args.get("event") or None), code=303)


@bp.post("/outbox/resend-failed")
@requires("admin", event=None)
def resend_failed():
    ids = list(db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.FAILED)))
    for message_id in ids:
        outbox_service.resend(message_id)
    _deliver_soon(ids)
    db.session.commit()
    flash(_("%(n)d e-poster sendes på nytt.", n=len(ids)), "success")
    return redirect(url_for("admin.outbox"), code=303)
