"""Speakers, and the accounts of the back office (administrators and the events' teams)."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core import clock
from app.extensions import db
from app.models.types import HashedToken, OneLine, UTCDateTime, str_enum


class SpeakerRole(enum.StrEnum):
    SPEAKER = "speaker"  # foredragsholder
    MODERATOR = "moderator"
    HOST = "host"  # programleder


class Speaker(db.Model):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(OneLine(160))
    title: Mapped[str] = mapped_column(OneLine(160), default="")
    organisation: Mapped[str] = mapped_column(OneLine(160), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    photo_path: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    # The speaker's calendar feed (/calendar/<token>.ics): salt and lookup digest, made on first
    # use and reset by app.calendar.tokens.
    feed_salt: Mapped[str | None] = mapped_column(String(32))
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    session_links = relationship("SessionSpeaker", back_populates="speaker")

    @property
    def byline(self) -> str:
        """'Name, title, organisation' with the empty parts left out."""
        return ", ".join(p for p in (self.name, self.title, self.organisation) if p)


class SessionSpeaker(db.Model):
    __tablename__ = "session_speakers"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[SpeakerRole] = mapped_column(str_enum(SpeakerRole), default=SpeakerRole.SPEAKER)
    position: Mapped[int] = mapped_column(default=0)

    session = relationship("Session", back_populates="speaker_links")
    speaker: Mapped[Speaker] = relationship(back_populates="session_links")


class UserRole(enum.StrEnum):
    """The user-level role. Everything else a user may do comes from their place on events' teams."""

    ADMINISTRATOR = "administrator"  # every event, the users, the audit log, the outbox
    MEMBER = "member"  # only the events on whose team they are (TeamMember)


class EventRole(enum.StrEnum):
    """A role on one event's team (app.auth.access says what each may do)."""

    ORGANISER = "organiser"  # arrangør: runs that event
    VIEWER = "viewer"  # lesetilgang: sees its lists, numbers and exports, changes nothing
    DOOR = "door"  # dørvakt: checks in at that event


class TeamMember(db.Model):
    """One user's role on one event: the event's team."""

    __tablename__ = "event_team"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[EventRole] = mapped_column(str_enum(EventRole))

    user: Mapped[User] = relationship(back_populates="team")
    event = relationship("Event")


class User(UserMixin, db.Model):
    """An organiser or a member of the door staff. Participants and speakers have no password."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(OneLine(160), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[UserRole] = mapped_column(str_enum(UserRole))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of what Flask-Login keeps in the session and the remember-me cookie (get_id): raising it
    # ends every sign-in of this user at once ("Logg ut overalt", a new password).
    session_generation: Mapped[int] = mapped_column(default=1, server_default="1")

    team: Mapped[list[TeamMember]] = relationship(back_populates="user", cascade="all, delete-orphan")
    api_tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # The sign-in (UserSignIn) this object was loaded for or signed in with; not a column.
    sign_in_token = ""

    def set_password(self, password: str) -> None:
        """A new password ends every session and remember-me cookie signed in with the old one."""
        self.password_hash = generate_password_hash(password)
        self.end_all_sessions()

    def end_all_sessions(self) -> None:
        self.session_generation = (self.session_generation or 0) + 1

    def get_id(self) -> str:  # Flask-Login: what the session and the remember-me cookie carry
        return f"{self.id}.{self.session_generation}.{self.sign_in_token}"

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_administrator(self) -> bool:
        return self.role == UserRole.ADMINISTRATOR

    def event_role(self, event_id: int) -> EventRole | None:
        return next((m.role for m in self.team if m.event_id == event_id), None)

    def events_as(self, *roles: EventRole) -> list:
        """The events on whose team this user has one of `roles`, by start."""
        return sorted((m.event for m in self.team if m.role in roles), key=lambda e: e.starts_at)


class UserSignIn(HashedToken, db.Model):
    """One sign-in of a user (a browser): its token is in the session and remember-me cookie, only its
    hash here. Logging out revokes it, so a copy of either cookie opens nothing afterwards."""

    __tablename__ = "user_sign_ins"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    remember: Mapped[bool] = mapped_column(default=False)


class ApiToken(HashedToken, db.Model):
    """A bearer token for a scanner device; only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="api_tokens")
