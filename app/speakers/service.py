"""The rules of the speakers' portal: what a speaker sees, what they may change, and until when.

Every function takes the signed-in speaker explicitly; a session that is not theirs is
`NotYours` (the routes answer 404, so ids cannot be probed). Every change is written to the
audit log as old → new, by `Actor.speaker(...)`, in the same transaction. Nothing here commits: the
speaker's route owns the transaction; a photo's files follow its fate (app.core.transaction hooks).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import BinaryIO

from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload, selectinload

from app.audit.log import Actor, diff, record, snapshot
from app.calendar.tokens import speaker_feed_url
from app.core import clock
from app.core.transaction import on_commit, on_rollback
from app.extensions import db
from app.models import (
    Event,
    EventStatus,
    Session,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    Venue,
)
from app.program import notices
from app.program.queries import PUBLIC_STATUSES
from app.speakers import uploads

PROFILE_FIELDS = ("name", "title", "organisation", "bio")
SESSION_FIELDS = ("title", "abstract", "description", "technical_needs")


class PortalError(Exception):
    """A change the rules refuse; `reason` is turned into a message by the routes."""

    def __init__(self, reason: str) -> None:  # locked | too_many_materials | bad_link (materials.py)
        super().__init__(reason)
        self.reason = reason


class NotYours(Exception):
    """The session or material does not exist or belongs to someone else (→ 404)."""


@dataclass(frozen=True)
class ProfileValues:
    name: str
    title: str
    organisation: str
    bio: str


@dataclass(frozen=True)
class SessionValues:
    title: str
    abstract: str
    description: str
    technical_needs: str


# --- reading -----------------------------------------------------------------------------------

def _session_loading():
    return (
        joinedload(Session.event).joinedload(Event.venue).joinedload(Venue.municipality),
        joinedload(Session.room),
        selectinload(Session.speaker_links).joinedload(SessionSpeaker.speaker),
        selectinload(Session.materials),
    )


def my_sessions(speaker_id: int) -> list[Session]:
    """The speaker's sessions (any role, any event they are in), in time order."""
    stmt = (
        select(Session)
        .join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
        .where(SessionSpeaker.speaker_id == speaker_id)
        .options(*_session_loading())
        .order_by(Session.starts_at, Session.id)
    )
    return list(db.session.scalars(stmt).unique())


def session_of(speaker_id: int, session_id: int) -> Session:
    """One of the speaker's sessions, or NotYours."""
    stmt = (
        select(Session)
        .join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
        .where(Session.id == session_id, SessionSpeaker.speaker_id == speaker_id)
        .options(*_session_loading())
    )
    session = db.session.scalars(stmt).unique().one_or_none()
    if session is None:
        raise NotYours(session_id)
    return session


@dataclass(frozen=True)
class EventSessions:
    event: Event
    sessions: list[Session]

    @property
    def deadline(self) -> datetime:
        return deadline(self.event)

    @property
    def is_past(self) -> bool:
        return self.event.is_past


def by_event(sessions: list[Session]) -> list[EventSessions]:
    """Group time-ordered sessions by event: upcoming events first (soonest first), then past ones."""
    groups: dict[int, EventSessions] = {}
    for session in sessions:
        groups.setdefault(session.event_id, EventSessions(session.event, [])).sessions.append(session)
    upcoming = [g for g in groups.values() if not g.is_past]
    past = [g for g in groups.values() if g.is_past]
    return sorted(upcoming, key=lambda g: g.event.starts_at) + sorted(past, key=lambda g: g.event.starts_at, reverse=True)


def co_speakers(session: Session, speaker_id: int) -> list[SessionSpeaker]:
    return [link for link in session.speaker_links if link.speaker_id != speaker_id]


def role_of(session: Session, speaker_id: int):
    return next((link.role for link in session.speaker_links if link.speaker_id == speaker_id), None)


def deadline(event: Event) -> datetime:
    """Until when speakers may change their sessions: the event's speaker deadline, else its start."""
    return event.speaker_deadline or event.starts_at


def is_editable(session: Session, at: datetime | None = None) -> bool:
    at = at or clock.now()
    return (
        at < deadline(session.event)
        and session.event.status != EventStatus.CANCELLED
        and session.status != SessionStatus.CANCELLED
    )


def _on_public_program(speaker_id):
    """The speaker is on the program of a published (or cancelled) event."""
    return (
        exists()
        .where(SessionSpeaker.speaker_id == speaker_id)
        .where(SessionSpeaker.session_id == Session.id)
        .where(Session.event_id == Event.id)
        .where(Event.status.in_(PUBLIC_STATUSES))
    )


def visible_photo(speaker_id: int, *, viewer_speaker_id: int | None, viewer_is_user: bool) -> tuple[str, bool] | None:
    """(photo_path, is_public) when this viewer may see the speaker's photo, else None. One query.

    Public once on a public program; before that only the speaker and signed-in organisers/staff see it.
    """
    row = db.session.execute(
        select(Speaker.photo_path, _on_public_program(Speaker.id)).where(Speaker.id == speaker_id)
    ).one_or_none()
    if row is None or not row[0]:
        return None
    base, public = row[0], bool(row[1])
    if public or viewer_speaker_id == speaker_id or viewer_is_user:
        return base, public
    return None


# --- changing: the profile ---------------------------------------------------------------------

def update_profile(speaker: Speaker, values: ProfileValues) -> bool:
    """Save the profile; True when something changed (recorded in the audit log)."""
    before = snapshot(speaker, PROFILE_FIELDS)
    for f in fields(values):
        setattr(speaker, f.name, getattr(values, f.name))
    changes = diff(before, snapshot(speaker, PROFILE_FIELDS))
    record(Actor.speaker(speaker), "speaker", speaker.id, "update", changes)
    return bool(changes)


def set_photo(speaker: Speaker, stream: BinaryIO) -> None:
    """Check, re-encode and store a new photo, replacing the old one. Raises uploads.UploadError. Its files
    are removed again if the caller's transaction rolls back."""
    stored = uploads.store_photo(uploads.read_limited(stream, uploads.PHOTO_MAX_BYTES))
    on_rollback(lambda: uploads.remove_photo(stored.base))
    _replace_photo(speaker, stored.base)


def remove_photo(speaker: Speaker) -> None:
    if speaker.photo_path:
        _replace_photo(speaker, None)


def _replace_photo(speaker: Speaker, new_base: str | None) -> None:
    old_base = speaker.photo_path
    speaker.photo_path = new_base
    record(Actor.speaker(speaker), "speaker", speaker.id, "update", {"photo": [old_base, new_base]})
    on_commit(lambda: uploads.remove_photo(old_base))  # the old files go only once the new path is stored


# --- changing: sessions (their materials: materials.py) --------------------------------------

def check_editable(session: Session) -> None:
    if not is_editable(session):
        raise PortalError("locked")


def update_session(speaker: Speaker, session: Session, values: SessionValues) -> bool:
    """Save what the speaker may change about their session; True when something changed."""
    check_editable(session)
    before, before_schedule = snapshot(session, SESSION_FIELDS), notices.state_of(session)
    for f in fields(values):
        setattr(session, f.name, getattr(values, f.name))
    changes = diff(before, snapshot(session, SESSION_FIELDS))
    actor = Actor.speaker(speaker)
    if "title" in changes:
        session.revision += 1  # calendar clients see a new SEQUENCE
        # A new title is a programme change: the organiser reviews the notice and sends it.
        notices.note_change(session, before_schedule, actor)
    record(actor, "session", session.id, "update", changes, event_id=session.event_id)
    return bool(changes)


def calendar_feed_url(speaker: Speaker) -> str:
    """The speaker's personal calendar feed (app/calendar)."""
    return speaker_feed_url(speaker)
