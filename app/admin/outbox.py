"""The outbox: every e-mail the system has queued, the failed ones first to hand, and a resend."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.admin import bp
from app.admin.common import page_number
from app.admin.services.registration_list import Page
from app.auth.access import organiser_required
from app.extensions import db
from app.mail import outbox as outbox_service
from app.models import Event, OutboxMessage, OutboxStatus

PER_PAGE = 50


def _deliver_soon(ids: list[int]) -> None:
    """With MAIL_SEND_INLINE the outbox sends what this transaction queued right after commit; a resend
    joins that list (app.mail.outbox's after-commit hook), otherwise `flask outbox send` takes it."""
    db.session.info.setdefault("outbox_new_ids", []).extend(ids)


@bp.get("/outbox")
@organiser_required
def outbox():
    status = request.args.get("status", "")
    status = status if status in {s.value for s in OutboxStatus} else ""
    q = request.args.get("q", "").strip()[:100]
    stmt = select(OutboxMessage)
    if status:
        stmt = stmt.where(OutboxMessage.status == OutboxStatus(status))
    if q:
        stmt = stmt.where(func.lower(OutboxMessage.to_address).contains(q.lower(), autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    number = min(page_number(), max(1, -(-total // PER_PAGE)))
    messages = list(db.session.scalars(stmt.order_by(OutboxMessage.id.desc()).limit(PER_PAGE)
                                       .offset((number - 1) * PER_PAGE)))
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    events = {e.id: e for e in db.session.scalars(select(Event).where(
        Event.id.in_({m.event_id for m in messages if m.event_id})))}
    return render_template("admin/outbox/index.html", messages=messages, status=status, q=q, counts=counts,
                           events=events, page=Page([], total, number, PER_PAGE))


@bp.post("/outbox/<int:message_id>/resend")
@organiser_required
def resend(message_id: int):
    if db.session.get(OutboxMessage, message_id) is None:
        abort(404)
    outbox_service.resend(message_id)
    _deliver_soon([message_id])
    db.session.commit()
    flash(_("E-posten sendes på nytt."), "success")
    return redirect(url_for("admin.outbox", status=request.args.get("status") or None), code=303)


@bp.post("/outbox/resend-failed")
@organiser_required
def resend_failed():
    ids = list(db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.FAILED)))
    for message_id in ids:
        outbox_service.resend(message_id)
    _deliver_soon(ids)
    db.session.commit()
    flash(_("%(n)d e-poster sendes på nytt.", n=len(ids)), "success")
    return redirect(url_for("admin.outbox"), code=303)
