"""Program-change notices ("programendring") waiting for an organiser's review before they are e-mailed."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class NoticeStatus(enum.StrEnum):
    PENDING = "pending"  # waiting in the review list
    SENT = "sent"  # queued in the outbox for its recipients
    DISCARDED = "discarded"  # the organiser chose not to send it


class ProgramNotice(db.Model):
    """One session's change as the participants will be told: the old and the new title, time and room.

    A second change before the notice is sent updates the same row (old values stay the first ones),
    so people get one message per session and round of changes.
    """

    __tablename__ = "program_notices"
    __table_args__ = (Index("ix_program_notices_event_status", "event_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    status: Mapped[NoticeStatus] = mapped_column(str_enum(NoticeStatus), default=NoticeStatus.PENDING)
    old_title: Mapped[str] = mapped_column(OneLine(200))
    new_title: Mapped[str] = mapped_column(OneLine(200))
    old_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    old_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    new_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    new_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    old_room: Mapped[str] = mapped_column(OneLine(120), default="")
    new_room: Mapped[str] = mapped_column(OneLine(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recipients: Mapped[int | None] = mapped_column()  # how many e-mails were queued when sent

    session = relationship("Session")
    event = relationship("Event")

    @property
    def time_changed(self) -> bool:
        return (self.old_starts_at, self.old_ends_at) != (self.new_starts_at, self.new_ends_at)

    @property
    def room_changed(self) -> bool:
        return self.old_room != self.new_room

    @property
    def title_changed(self) -> bool:
        return self.old_title != self.new_title
