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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import exists, func, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased

from app.core import clock
from app.core.database import adopt, begin_serialized
from app.core.transaction import on_commit, on_rollback
from app.extensions import db, mail
from app.mail import compose, failures, kinds, renderers
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
    superseded: int = 0

    def __add__(self, other: DeliveryReport) -> DeliveryReport:
        return DeliveryReport(self.sent + other.sent, self.retrying + other.retrying, self.failed + other.failed,
                              self.superseded + other.superseded)

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed + self.superseded

    def __str__(self) -> str:
        return f"sent {self.sent}, retrying {self.retrying}, failed {self.failed}, superseded {self.superseded}"


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
    once: bool = False,
) -> OutboxMessage | None:
    """Write a message into the current transaction (sent only if it commits). With `render_with`
    (and no text) the body is rendered when the message is sent (app/mail/renderers.py). Pass
    `registration` (instead of its id) for a registration not yet flushed.

    `once` (with a `dedupe_key`): a message with that key queued before, or by a transaction running beside
    this one, is left as it is and None is returned; the INSERT says ON CONFLICT DO NOTHING, so no unique
    violation ever spoils the caller's transaction.

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
    statement = _insert_once() if once and dedupe_key is not None else _INSERT_MESSAGE
    message_id = db.session.connection().execute(statement, values).scalar_one_or_none()
    if message_id is None:
        return None  # queued before (once)
    send_after_commit([message_id])
    return adopt(OutboxMessage, message_id, values)


_INSERT_MESSAGE = insert(OutboxMessage.__table__).returning(OutboxMessage.__table__.c.id)


def _insert_once():
    table = OutboxMessage.__table__
    dialect_insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    return dialect_insert(table).on_conflict_do_nothing(index_elements=[table.c.dedupe_key]).returning(table.c.id)


def _encode(attachments) -> str:
    return json.dumps([{"filename": a.filename, "mimetype": a.mimetype, "data": base64.b64encode(a.data).decode()}
                       for a in attachments])


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


_EARLIER = aliased(OutboxMessage)
# A message about a registration waits while an earlier one about the same registration is still to go:
# messages about one registration go out in the order they were queued.
_WAITS_FOR_AN_EARLIER_ONE = (
    exists()
    .where(_EARLIER.registration_id == OutboxMessage.registration_id, _EARLIER.id < OutboxMessage.id,
           _EARLIER.status.in_((OutboxStatus.QUEUED, OutboxStatus.SENDING)))
)


def _due(now, only_ids: list[int] | None):
    """Messages due now, oldest first: queued and past their back-off, or claimed long ago by a
    sender of an earlier version that never finished (status SENDING is no longer committed); and
    none with an earlier message about its registration still to go."""
    stmt = (
        select(OutboxMessage)
        .where(
            or_(
                (OutboxMessage.status == OutboxStatus.QUEUED) & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.claimed_at < now - STALE_CLAIM),
            ),
            ~_WAITS_FOR_AN_EARLIER_ONE,
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
    message = db.session.scalars(_due(now, only_ids).limit(1).with_for_update(skip_locked=True, of=OutboxMessage)).first()
    if message is not None:
        message.status, message.claimed_at, message.attempts = OutboxStatus.SENDING, now, message.attempts + 1
    return message


def _settle(message: OutboxMessage, failure: failures.Failure | None) -> str:
    if failure is None:
        message.status = OutboxStatus.SENT
        message.sent_at = clock.now()
        message.last_error, message.reason = "", ""
        return "sent"
    message.last_error, message.reason = failure.detail[:2000], failure.reason
    if failure.permanent or message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
        return "failed"
    message.status = OutboxStatus.QUEUED
    message.next_attempt_at = clock.now() + backoff(message.attempts)
    return "retrying"


def _set_aside(message: OutboxMessage, reason: str) -> str:
    """Not sent, for good: what it says no longer holds, or its recipient opted out."""
    message.status, message.reason, message.last_error = OutboxStatus.SUPERSEDED, reason, ""
    return "superseded"


class _Smtp:
    """The round's connection to the SMTP server: made when first needed, made again after it broke. When
    it cannot be made, the rest of the round's messages are counted as attempts without trying again."""

    def __init__(self) -> None:
        self.connection = None
        self.capabilities = compose.Capabilities()
        self.down: failures.Failure | None = None

    def open(self) -> failures.Failure | None:
        if self.connection is not None or self.down is not None:
            return self.down
        try:
            connection = mail.connect()
            connection.__enter__()
            connection.host.sock.settimeout(SMTP_TIMEOUT)
            self.capabilities = compose.Capabilities.of(connection.host)
        except SEND_ERRORS as exc:
            current_app.logger.warning("outbox: SMTP unavailable (%s); due messages will be retried", exc)
            self.down = failures.unavailable(exc)
            return self.down
        self.connection = connection
        return None

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.__exit__(None, None, None)
            except SEND_ERRORS:
                pass
            self.connection = None


SEND_ERRORS = (smtplib.SMTPException, OSError)
SMTP_TIMEOUT = 60


def deliver_due(limit: int = 100, only_ids: list[int] | None = None) -> DeliveryReport:
    """Send what is due now, at most `limit` messages; returns counts. Safe to run in several processes
    at once (see the module's docstring for what a crash in the middle does). One message's failure is
    recorded on that message and never stops the others."""
    report = DeliveryReport()
    if db.session.scalar(_due(clock.now(), only_ids).with_only_columns(OutboxMessage.id).limit(1)) is None:
        return report
    smtp = _Smtp()
    try:
        for _ in range(limit):
            if not _attempt(smtp, only_ids, report):
                break
    finally:
        smtp.close()
    return report


def _attempt(smtp: _Smtp, only_ids: list[int] | None, report: DeliveryReport) -> bool:
    """Lock the next due message, send it (or set it aside, or count the attempt) and record the outcome,
    all in one transaction. False when nothing is due."""
    message = _lock_next(only_ids)
    if message is None:
        db.session.commit()
        return False
    try:
        outcome = _send_one(smtp, message)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    setattr(report, outcome, getattr(report, outcome) + 1)
    return True


def _send_one(smtp: _Smtp, message: OutboxMessage) -> str:
    """Everything about one message that can go wrong ends here as that message's outcome; only the
    database's own errors go up (the transaction is lost, the worker starts again: app/mail/cli.py)."""
    try:
        context = json.loads(message.context or "{}")
        reason = kinds.why_not_send(message, context)
        if reason is not None:
            return _set_aside(message, reason)
        rendered = renderers.render(message)
    except SQLAlchemyError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever rendering raises, retrying will not change it
        return _settle(message, failures.of_composing(exc))
    failure = smtp.open()
    if failure is None:
        failure = _hand_over(smtp, message, rendered)
        if failure is not None and failure.broken_connection:
            smtp.close()
    if rendered is not None and failure is None:  # keep what was sent
        message.body_text, message.body_html = rendered.text, rendered.html
        message.attachments = _encode(rendered.attachments)
    if failure is not None:
        current_app.logger.warning("outbox: message %s %s: %s", message.id,
                                   "failed" if failure.permanent else "will be retried", failure.detail)
    return _settle(message, failure)


def _hand_over(smtp: _Smtp, message: OutboxMessage, rendered: renderers.Rendered | None) -> failures.Failure | None:
    try:
        envelope = compose.compose(message, _content(message, rendered), smtp.capabilities)
    except Exception as exc:  # noqa: BLE001 - a message that cannot be composed never can be
        return failures.of_composing(exc)
    try:
        envelope.send(smtp.connection.host)
    except Exception as exc:  # noqa: BLE001 - classified: app/mail/failures.py
        return failures.of_sending(exc)
    return None


def _content(message: OutboxMessage, rendered: renderers.Rendered | None) -> compose.Content:
    if rendered is not None:
        return compose.Content(rendered.text, rendered.html, list(rendered.attachments))
    attachments = [Attachment(a["filename"], a["mimetype"], base64.b64decode(a["data"]))
                   for a in json.loads(message.attachments or "[]")]
    return compose.Content(message.body_text, message.body_html, attachments)


def about_registration(registration_id: int) -> list[OutboxMessage]:
    """The messages about one registration, in the order they were queued (and go out)."""
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.registration_id == registration_id)
                                   .order_by(OutboxMessage.id)))


def resend(message_id: int) -> OutboxMessage:
    """An organiser asks for a message to go out now: a queued one without waiting for its back-off, a
    failed (or sent) one again, with its attempts counted afresh."""
    message = db.session.get(OutboxMessage, message_id)
    if message.status != OutboxStatus.QUEUED:
        message.attempts = 0
    message.status = OutboxStatus.QUEUED
    message.next_attempt_at = clock.now()
    message.last_error, message.reason = "", ""
    return message


# --- inline delivery after commit -------------------------------------------------------------

def _deliver_in_background(app: Flask, ids: list[int]) -> None:
    with app.app_context():
        try:
            deliver_due(limit=len(ids), only_ids=ids)
        except Exception:
            app.logger.exception("outbox: inline delivery failed; the worker will retry")
        finally:
            db.session.remove()


def drain_inline() -> None:
    """Wait until the background sender has handled everything handed to it so far (a command that queues
    mail under MAIL_SEND_INLINE calls this before it exits, so nothing it queued is left behind unsent)."""
    _executor.submit(lambda: None).result()


def status_counts(since: datetime) -> dict[str, int]:
    """How many of the messages queued since `since` are in each status (for a command's report)."""
    rows = db.session.execute(select(OutboxMessage.status, func.count()).where(OutboxMessage.created_at >= since)
                              .group_by(OutboxMessage.status))
    return {status.value: n for status, n in rows}


def send_after_commit(ids: list[int]) -> None:
    """With MAIL_SEND_INLINE, hand these messages to the background sender once the session's transaction
    has committed (app.core.transaction.on_commit); a rollback forgets them (the worker never sees them)."""
    session = db.session()
    pending = session.info.get(_NEW_IDS)
    if pending is None:
        pending = session.info[_NEW_IDS] = []
        on_commit(lambda: _hand_to_sender(session.info.pop(_NEW_IDS, None)))
        on_rollback(lambda: session.info.pop(_NEW_IDS, None))
    pending.extend(ids)


_NEW_IDS = "outbox_new_ids"


def _hand_to_sender(ids: list[int] | None) -> None:
    if ids and current_app and current_app.config.get("MAIL_SEND_INLINE"):
        _executor.submit(_deliver_in_background, current_app._get_current_object(), ids)
