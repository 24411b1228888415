"""Events and their program: tracks and sessions."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class EventKind(enum.StrEnum):
    CONFERENCE = "conference"
    REGIONAL = "regional"
    NETWORK = "network"
    WEBINAR = "webinar"


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class SessionKind(enum.StrEnum):
    PLENARY = "plenary"
    PARALLEL = "parallel"
    WORKSHOP = "workshop"
    BREAK = "break"
    MEAL = "meal"
    SOCIAL = "social"


# Kinds a participant signs up for (one per time slot); the others everybody attends.
SIGNUP_KINDS = frozenset({SessionKind.PARALLEL, SessionKind.WORKSHOP})


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind))
    title: Mapped[str] = mapped_column(OneLine(200))
    theme: Mapped[str] = mapped_column(OneLine(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"), index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"), index=True)
    is_online: Mapped[bool] = mapped_column(default=False)
    meeting_url: Mapped[str] = mapped_column(String(500), default="", server_default="")  # for an online event
    # the reminder N days before the start (0 or 1: only the one the day before), app/reminders
    reminder_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    capacity: Mapped[int | None] = mapped_column(Integer)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    change_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    speaker_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[EventStatus] = mapped_column(
        str_enum(EventStatus), default=EventStatus.DRAFT, index=True
    )
    fee_nok: Mapped[int | None] = mapped_column(Integer)
    # Cancellation terms (app.invoicing.charges): free up to and including this Oslo day, then this share
    # (percent) of the fee. Replacing a person with a colleague is free until the registration deadline.
    free_cancellation_until: Mapped[date | None] = mapped_column(Date)
    cancellation_share_percent: Mapped[int | None] = mapped_column(Integer)
    contact_name: Mapped[str] = mapped_column(OneLine(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    venue = relationship("Venue")
    series = relationship("Series")
    tracks: Mapped[list[Track]] = relationship(
        back_populates="event", order_by="Track.position", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[Session]] = relationship(
        back_populates="event", order_by="Session.starts_at", cascade="all, delete-orphan"
    )

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_past(self) -> bool:
        return self.ends_at < clock.now()


class Track(db.Model):
    __tablename__ = "tracks"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(OneLine(120))
    color: Mapped[str] = mapped_column(String(7), default="#1d4f91")
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="tracks")


class Session(db.Model):
    """One item of the program: a talk, a workshop, a break, a meal."""

    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("event_id", "import_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(OneLine(200))
    abstract: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[SessionKind] = mapped_column(str_enum(SessionKind))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    track_id: Mapped[int | None] = mapped_column(
        ForeignKey("tracks.id", ondelete="SET NULL"), index=True
    )
    capacity: Mapped[int | None] = mapped_column(Integer)
    # A note from the speakers to the organisers (projector, sound, ...); never shown publicly.
    technical_needs: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[SessionStatus] = mapped_column(
        str_enum(SessionStatus), default=SessionStatus.SCHEDULED
    )
    # Raised whenever time, room or title changes; feeds iCal SEQUENCE.
    revision: Mapped[int] = mapped_column(default=0)
    # Stable key for seeded or imported sessions, so re-seeding never duplicates.
    import_key: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    event: Mapped[Event] = relationship(back_populates="sessions")
    room = relationship("Room")
    track: Mapped[Track | None] = relationship()
    speaker_links = relationship(
        "SessionSpeaker",
        back_populates="session",
        order_by="SessionSpeaker.position",
        cascade="all, delete-orphan",
    )
    materials = relationship(
        "SessionMaterial",
        back_populates="session",
        order_by="SessionMaterial.id",
        cascade="all, delete-orphan",
    )

    @property
    def is_signup(self) -> bool:
        return self.kind in SIGNUP_KINDS

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def overlaps(self, other: Session) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at
