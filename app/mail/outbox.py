"""The outbox: queue in the same transaction as the change, deliver after commit, retry with back-off.

- `queue(...)` adds a row to the current transaction; nothing is sent if it rolls back.
- With MAIL_SEND_INLINE=1 the messages of a committed transaction are handed to a background
  thread at once; otherwise `flask outbox send [--loop]` delivers them.
- `deliver_due()` sends each message inside its own transaction, which holds the message's row
  lock (FOR UPDATE SKIP LOCKED on PostgreSQL, the write lock on SQLite) from before the send until
  the commit that marks it sent: two senders never take the same message, and a sender that dies
  (SIGKILL, power) takes its lock and its uncommitted attempt with it, so the message is due again
  at once for the next sender — nothing waits for a stale claim to time out.

Exactly once is not possible across two systems without a shared transaction: if a sender dies
after the SMTP server accepted a message but before its commit, the message goes out again. That
window is one message per dead sender (tests/system/test_processes.py holds it to that), and the
message keeps its Message-ID, so a receiving server or mail client can recognise the repeat.
"""
from __future__ import annotations

import base64
import json
import smtplib
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app
from flask_mail import Message
from sqlalchemy import event, insert, or_, select
from sqlalchemy.orm import Session as OrmSession

from app.core import clock
from app.core.database import adopt, begin_serialized
from app.extensions import db, mail
from app.mail import renderers
from app.models import OutboxMessage, OutboxStatus, Registration

MAX_ATTEMPTS = 8
BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360, 720]
STALE_CLAIM = timedelta(minutes=15)
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    data: bytes


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __add__(self, other: DeliveryReport) -> DeliveryReport:
        return DeliveryReport(self.sent + other.sent, self.retrying + other.retrying, self.failed + other.failed)


def queue(
    *,
    kind: str,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    attachments: tuple[Attachment, ...] | list[Attachment] = (),
    event_id: int | None = None,
    registration_id: int | None = None,
    registration: Registration | None = None,
    dedupe_key: str | None = None,
    render_with: str = "",
    context: dict | None = None,
) -> OutboxMessage:
    """Write a message into the current transaction (sent only if it commits). With `render_with`
    (and no text) the body is rendered when the message is sent (app/mail/renderers.py). Pass
    `registration` (instead of its id) for a registration not yet flushed.

    The row is written at once, with one INSERT (it is queued while seats are locked, so no unit
    of work is built for it), and the message is remembered for delivery after the commit."""
    if registration is not None:
        if registration.id is None:
            db.session.flush()
        registration_id = registration.id
    now = clock.now()
    values = {
        "kind": kind, "to_address": to, "subject": subject, "body_text": text, "body_html": html,
        "attachments": _encode(attachments), "render_with": render_with, "context": json.dumps(context or {}),
        "event_id": event_id, "registration_id": registration_id, "dedupe_key": dedupe_key,
        "status": OutboxStatus.QUEUED, "attempts": 0, "next_attempt_at": now, "created_at": now,
    }
    message_id = db.session.connection().execute(_INSERT_MESSAGE, values).scalar_one()
    db.session.info.setdefault("outbox_new_ids", []).append(message_id)
    return adopt(OutboxMessage, message_id, values)


_INSERT_MESSAGE = insert(OutboxMessage.__table__).returning(OutboxMessage.__table__.c.id)


def _encode(attachments) -> str:  # noqa: ANN001
    return json.dumps([{"filename": a.filename, "mimetype": a.mimetype, "data": base64.b64encode(a.data).decode()}
                       for a in attachments])


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def _due(now, only_ids: list[int] | None):  # noqa: ANN001, ANN202
    """Messages due now, oldest first: queued and past their back-off, or claimed long ago by a
    sender of an earlier version that never finished (status SENDING is no longer committed)."""
    stmt = (
        select(OutboxMessage)
        .where(
            or_(
                (OutboxMessage.status == OutboxStatus.QUEUED) & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.claimed_at < now - STALE_CLAIM),
            )
        )
        .order_by(OutboxMessage.id)
    )
    if only_ids is not None:
        stmt = stmt.where(OutboxMessage.id.in_(only_ids))
    return stmt


def _lock_next(only_ids: list[int] | None) -> OutboxMessage | None:
    """In a new transaction, the next due message that no other sender holds, locked; one attempt more."""
    now = clock.now()
    begin_serialized()
    message = db.session.scalars(_due(now, only_ids).limit(1).with_for_update(skip_locked=True)).first()
    if message is not None:
        message.status, message.claimed_at, message.attempts = OutboxStatus.SENDING, now, message.attempts + 1
    return message


def _build(message: OutboxMessage, rendered: renderers.Rendered | None = None) -> Message:
    host = current_app.config["BASE_URL"].split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "samling"
    msg = Message(
        subject=message.subject,
        recipients=[message.to_address],
        body=rendered.text if rendered else message.body_text,
        html=(rendered.html if rendered else message.body_html) or None,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    msg.msgId = f"<outbox-{message.id}.{int(message.created_at.timestamp())}@{host}>"
    if rendered is not None:
        for item in rendered.attachments:
            msg.attach(item.filename, item.mimetype, item.data)
    else:
        for item in json.loads(message.attachments or "[]"):
            msg.attach(item["filename"], item["mimetype"], base64.b64decode(item["data"]))
    return msg


def _settle(message: OutboxMessage, error: str | None, *, permanent: bool = False) -> str:
    if error is None:
        message.status = OutboxStatus.SENT
        message.sent_at = clock.now()
        message.last_error = ""
        return "sent"
    message.last_error = error[:2000]
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
        return "failed"
    message.status = OutboxStatus.QUEUED
    message.next_attempt_at = clock.now() + backoff(message.attempts)
    return "retrying"


SEND_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)


def deliver_due(limit: int = 100, only_ids: list[int] | None = None) -> DeliveryReport:
    """Send what is due now, at most `limit` messages; returns counts. Safe to run in several processes
    at once (see the module's docstring for what a crash in the middle does)."""
    report = DeliveryReport()
    if db.session.scalar(_due(clock.now(), only_ids).with_only_columns(OutboxMessage.id).limit(1)) is None:
        return report
    try:
        connection = mail.connect()
        connection.__enter__()
    except SEND_ERRORS as exc:
        current_app.logger.warning("outbox: SMTP unavailable (%s); due messages will be retried", exc)
        for _ in range(limit):
            if not _attempt(None, only_ids, f"SMTP unavailable: {exc}", report):
                break
        return report
    try:
        for _ in range(limit):
            if not _attempt(connection, only_ids, None, report):
                break
    finally:
        try:
            connection.__exit__(None, None, None)
        except SEND_ERRORS:
            pass
    return report


def _attempt(connection, only_ids: list[int] | None, unavailable: str | None,  # noqa: ANN001
             report: DeliveryReport) -> bool:
    """Lock the next due message, send it (or count the attempt when SMTP is `unavailable`) and record
    the outcome, all in one transaction. False when nothing is due."""
    message = _lock_next(only_ids)
    if message is None:
        db.session.commit()
        return False
    try:
        error, permanent, rendered = unavailable, False, None
        if connection is not None:
            try:
                rendered = renderers.render(message)
                connection.send(_build(message, rendered))
            except renderers.RenderError as exc:
                error, permanent = f"cannot be rendered: {exc}", True
            except SEND_ERRORS as exc:
                error = f"{type(exc).__name__}: {exc}"
        if rendered is not None and error is None:  # keep what was sent
            message.body_text, message.body_html = rendered.text, rendered.html
            message.attachments = _encode(rendered.attachments)
        outcome = _settle(message, error, permanent=permanent)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    setattr(report, outcome, getattr(report, outcome) + 1)
    return True


def resend(message_id: int) -> OutboxMessage:
    """An organiser asks for a failed (or sent) message to go out again."""
    message = db.session.get(OutboxMessage, message_id)
    message.status = OutboxStatus.QUEUED
    message.attempts = 0
    message.next_attempt_at = clock.now()
    message.last_error = ""
    return message


# --- inline delivery after commit -------------------------------------------------------------

def _deliver_in_background(app: Flask, ids: list[int]) -> None:
    with app.app_context():
        try:
            deliver_due(limit=len(ids), only_ids=ids)
        except Exception:  # noqa: BLE001 - a background send must never crash; the rows stay queued
            app.logger.exception("outbox: inline delivery failed; the worker will retry")
        finally:
            db.session.remove()


@event.listens_for(OrmSession, "after_commit")
def _send_after_commit(session: OrmSession) -> None:
    ids = session.info.pop("outbox_new_ids", None)
    if ids and current_app and current_app.config.get("MAIL_SEND_INLINE"):
        _executor.submit(_deliver_in_background, current_app._get_current_object(), ids)


@event.listens_for(OrmSession, "after_rollback")
def _forget_after_rollback(session: OrmSession) -> None:
    session.info.pop("outbox_new_ids", None)
