"""E-mail is written here in the same transaction as the change that causes it, and sent after commit."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting to be sent (again, after a failure with back-off)
    SENDING = "sending"  # claimed by a sender
    SENT = "sent"
    FAILED = "failed"  # will not go out by retrying (or gave up after the last retry); an organiser can resend
    SUPERSEDED = "superseded"  # not sent: what it says no longer holds (app/mail/kinds.py)


FINAL_STATUSES = (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.SUPERSEDED)


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))  # e.g. registration.confirmed
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(OneLine(250))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    # JSON list of {"filename", "mimetype", "data" (base64)}.
    attachments: Mapped[str] = mapped_column(Text, default="[]")
    # A message may be written cheaply in the change's transaction and rendered when it is sent:
    # `render_with` names a renderer (app/mail/renderers.py) and `context` is its JSON input. The
    # rendered body and attachments are then stored on the row, so it shows what was sent.
    render_with: Mapped[str] = mapped_column(String(40), default="")
    context: Mapped[str] = mapped_column(Text, default="{}")
    # Stops the same message from being queued twice (e.g. one survey invitation per person).
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )

    status: Mapped[OutboxStatus] = mapped_column(str_enum(OutboxStatus), default=OutboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")  # the technical detail, for whoever debugs
    # Why it failed, is waiting or was not sent, as a code a person can read (app/mail/reasons.py).
    reason: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration = relationship("Registration")


class MailOptOut(db.Model):
    """An address that opted out of bulk mail with the one-click link (RFC 8058) in a bulk message.
    Only the digest of the address's opt-out token is kept (app/mail/optout.py)."""

    __tablename__ = "mail_opt_outs"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
