"""The rules of the speakers' portal: what a speaker sees, what they may change, and until when.

Every function takes the signed-in speaker explicitly; a session that is not theirs is
`NotYours` (the routes answer 404, so ids cannot be probed). Every change is written to the
audit log as old → new, by `Actor.speaker(...)`, in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import BinaryIO
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload, selectinload

from app.audit.log import Actor, diff, record, snapshot
from app.core import clock
from app.extensions import db
from app.models import (
    Event,
    EventStatus,
    MaterialKind,
    Session,
    SessionMaterial,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    Venue,
)
from app.program.queries import PUBLIC_STATUSES
from app.speakers import uploads

PROFILE_FIELDS = ("name", "title", "organisation", "bio")
SESSION_FIELDS = ("title", "abstract", "description", "technical_needs")
MAX_MATERIALS = 10


class PortalError(Exception):
    """A change the rules refuse; `reason` is turned into a message by the routes."""

    def __init__(self, reason: str) -> None:  # locked | too_many_materials | bad_link
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

def _session_loading():  # noqa: ANN202
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


def role_of(session: Session, speaker_id: int):  # noqa: ANN201
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


def _on_public_program(speaker_id):  # noqa: ANN001, ANN202
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


def visible_material(material_id: int, *, viewer_speaker_id: int | None,
                     viewer_is_user: bool) -> tuple[SessionMaterial, bool] | None:
    """(file material, is_public) when this viewer may download it, else None (links are not files)."""
    row = db.session.execute(
        select(SessionMaterial, Event.status)
        .join(Session, Session.id == SessionMaterial.session_id)
        .join(Event, Event.id == Session.event_id)
        .where(SessionMaterial.id == material_id, SessionMaterial.kind == MaterialKind.FILE)
    ).one_or_none()
    if row is None:
        return None
    material, status = row
    public = status in PUBLIC_STATUSES
    if public or viewer_is_user:
        return material, public
    if viewer_speaker_id is not None:
        try:
            material_of(viewer_speaker_id, material_id)
        except NotYours:
            return None
        return material, False
    return None


def material_of(speaker_id: int, material_id: int) -> SessionMaterial:
    stmt = (
        select(SessionMaterial)
        .join(SessionSpeaker, SessionSpeaker.session_id == SessionMaterial.session_id)
        .where(SessionMaterial.id == material_id, SessionSpeaker.speaker_id == speaker_id)
    )
    material = db.session.scalar(stmt)
    if material is None:
        raise NotYours(material_id)
    return material


# --- changing: the profile ---------------------------------------------------------------------

def update_profile(speaker: Speaker, values: ProfileValues) -> bool:
    """Save the profile; True when something changed (recorded in the audit log). Commits."""
    before = snapshot(speaker, PROFILE_FIELDS)
    for f in fields(values):
        setattr(speaker, f.name, getattr(values, f.name))
    changes = diff(before, snapshot(speaker, PROFILE_FIELDS))
    record(Actor.speaker(speaker), "speaker", speaker.id, "update", changes)
    db.session.commit()
    return bool(changes)


def set_photo(speaker: Speaker, stream: BinaryIO) -> None:
    """Check, re-encode and store a new photo, replacing the old one. Raises uploads.UploadError."""
    stored = uploads.store_photo(uploads.read_limited(stream, uploads.PHOTO_MAX_BYTES))
    _replace_photo(speaker, stored.base)


def remove_photo(speaker: Speaker) -> None:
    if speaker.photo_path:
        _replace_photo(speaker, None)


def _replace_photo(speaker: Speaker, new_base: str | None) -> None:
    old_base = speaker.photo_path
    speaker.photo_path = new_base
    record(Actor.speaker(speaker), "speaker", speaker.id, "update", {"photo": [old_base, new_base]})
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        uploads.remove_photo(new_base)
        raise
    uploads.remove_photo(old_base)


# --- changing: sessions and materials ----------------------------------------------------------

def _check_editable(session: Session) -> None:
    if not is_editable(session):
        raise PortalError("locked")


def update_session(speaker: Speaker, session: Session, values: SessionValues) -> bool:
    """Save what the speaker may change about their session. Commits; True when something changed."""
    _check_editable(session)
    before = snapshot(session, SESSION_FIELDS)
    for f in fields(values):
        setattr(session, f.name, getattr(values, f.name))
    changes = diff(before, snapshot(session, SESSION_FIELDS))
    if "title" in changes:
        session.revision += 1  # calendar clients see a new SEQUENCE
    record(Actor.speaker(speaker), "session", session.id, "update", changes, event_id=session.event_id)
    db.session.commit()
    return bool(changes)


def _check_room_for_material(session: Session) -> None:
    _check_editable(session)
    if len(session.materials) >= MAX_MATERIALS:
        raise PortalError("too_many_materials")


def add_material_file(speaker: Speaker, session: Session, stream: BinaryIO, original_name: str,
                      title: str = "") -> SessionMaterial:
    """Check the file's type from its content and store it. Raises PortalError / uploads.UploadError."""
    _check_room_for_material(session)
    stored = uploads.store_material(uploads.read_limited(stream, uploads.MATERIAL_MAX_BYTES))
    original_name = _plain_name(original_name)
    material = SessionMaterial(
        session=session, added_by_speaker_id=speaker.id, kind=MaterialKind.FILE,
        title=(title.strip() or _stem(original_name) or session.title)[:200],
        file_type=stored.file_type, stored_name=stored.stored_name, original_name=original_name,
        size_bytes=stored.size_bytes,
    )
    return _save_material(speaker, session, material, on_failure=lambda: uploads.remove_material(stored.stored_name))


def add_material_link(speaker: Speaker, session: Session, url: str, title: str = "") -> SessionMaterial:
    _check_room_for_material(session)
    url = url.strip()
    if not is_web_address(url):
        raise PortalError("bad_link")
    material = SessionMaterial(
        session=session, added_by_speaker_id=speaker.id, kind=MaterialKind.LINK,
        title=(title.strip() or urlsplit(url).hostname or url)[:200], url=url, original_name="",
    )
    return _save_material(speaker, session, material)


def _save_material(speaker: Speaker, session: Session, material: SessionMaterial, on_failure=None) -> SessionMaterial:  # noqa: ANN001
    db.session.add(material)
    record(Actor.speaker(speaker), "session", session.id, "update",
           {"material": [None, material_label(material)]}, event_id=session.event_id)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        if on_failure:
            on_failure()
        raise
    return material


def remove_material(speaker: Speaker, session: Session, material_id: int) -> None:
    _check_editable(session)
    material = next((m for m in session.materials if m.id == material_id), None)
    if material is None:
        raise NotYours(material_id)
    stored_name = material.stored_name
    session.materials.remove(material)
    record(Actor.speaker(speaker), "session", session.id, "update",
           {"material": [material_label(material), None]}, event_id=session.event_id)
    db.session.commit()
    uploads.remove_material(stored_name)


def material_label(material: SessionMaterial) -> str:
    if material.is_link:
        return f"{material.title} <{material.url}>"
    return f"{material.title} ({material.original_name or material.file_type.value.upper()})"


def download_name(material: SessionMaterial) -> str:
    """The name a download gets: the speaker's file name, with the extension its content has."""
    return f"{_stem(material.original_name) or 'materiell'}.{material.file_type.value}"


def is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and len(url) <= 500 and " " not in url


def _plain_name(name: str | None) -> str:
    """The last path part of a browser-supplied file name, without control characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip()[:200]


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0].strip() if "." in name else name.strip()


def calendar_feed_url(speaker: Speaker) -> str | None:
    """The speaker's personal calendar feed, once the calendar capability is installed."""
    if "calendar.feed" not in current_app.view_functions:
        return None
    from app.calendar.tokens import speaker_feed_url  # noqa: PLC0415 - optional capability

    return speaker_feed_url(speaker)
