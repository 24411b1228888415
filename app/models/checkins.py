"""Check-ins at the door (session_id None) and at workshop doors."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import UTCDateTime


class Checkin(db.Model):
    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_registration_session", "registration_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    # When the badge was scanned (from the scanner; may be earlier than recorded_at when offline).
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The scanner's own time when it was not believable (before the event's registration opened, or too far
    # ahead of ours): scanned_at is then the server's time, and the arrivals view marks the scan.
    client_scanned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration = relationship("Registration")
    by_user = relationship("User")


class ScanNonce(db.Model):
    """Each scan's client nonce and the answer it got: the same nonce again gets the same answer."""

    __tablename__ = "scan_nonces"

    nonce: Mapped[str] = mapped_column(String(80), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    result: Mapped[str] = mapped_column(String(40))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
