"""Changing the program: create, edit, move and cancel sessions, and who speaks in them.

Each change is one transaction that checks the conflict rules first (app.program.conflicts),
raises `Session.revision` when the title, time or room changes (calendar clients follow the
SEQUENCE), records old → new in the audit log, and, for a published event, records a
"programendring" notice for review (app.program.notices).

Conflicts are warnings the organiser must confirm: a call without `confirmed=` (or with the
fingerprint of other conflicts than the current ones) raises ConflictsFound and stores nothing.
We chose confirmation over refusal because organisers do sometimes plan a clash on purpose
(a dinner the evening before the first day, a shared room for two small groups); what must not
happen is a clash nobody noticed.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from app.audit.log import Actor, diff, record, snapshot
from app.core.database import begin_serialized
from app.core.drafts import draft_from
from app.extensions import db
from app.models import (
    Event,
    Room,
    Session,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    SpeakerRole,
    Track,
)
from app.program import conflicts, notices
from app.program.errors import ConflictsFound, Invalid, NotFound
from app.registration import service as registration_service

AUDIT_FIELDS = ("title", "kind", "starts_at", "ends_at", "capacity", "abstract", "description", "status", "revision")
SCHEDULE_FIELDS = ("title", "starts_at", "ends_at", "room_id")


@dataclass(frozen=True)
class SessionDraft:
    title: str
    kind: SessionKind
    starts_at: datetime
    ends_at: datetime
    room_id: int | None = None
    track_id: int | None = None
    capacity: int | None = None
    abstract: str = ""
    description: str = ""


def draft_of(session: Session) -> SessionDraft:
    return draft_from(SessionDraft, session)


@dataclass(frozen=True)
class CancelReport:
    session: Session
    notified: int
    released: int


# --- helpers ------------------------------------------------------------------------------------

def _session(event_id: int, session_id: int) -> Session:
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event_id:
        raise NotFound(session_id)
    return session


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound(event_id)
    return event


def _audit_state(session: Session) -> dict:
    state = snapshot(session, AUDIT_FIELDS)
    room = db.session.get(Room, session.room_id) if session.room_id is not None else None
    track = db.session.get(Track, session.track_id) if session.track_id is not None else None
    state["room"] = room.name if room else None
    state["track"] = track.name if track else None
    return state


def _speaker_names(session: Session) -> str:
    return ", ".join(link.speaker.name for link in sorted(session.speaker_links, key=lambda lk: lk.position))


def _validate(event: Event, draft: SessionDraft) -> None:
    errors = {}
    if not draft.title.strip():
        errors["title"] = "required"
    if draft.ends_at <= draft.starts_at:
        errors["ends_at"] = "ends_before_starts"
    if draft.capacity is not None and draft.capacity < 0:
        errors["capacity"] = "negative"
    if draft.room_id is not None and db.session.get(Room, draft.room_id) is None:
        errors["room_id"] = "unknown"
    if draft.track_id is not None:
        track = db.session.get(Track, draft.track_id)
        if track is None or track.event_id != event.id:
            errors["track_id"] = "unknown"
    if errors:
        raise Invalid(errors)


def _guard(found: list[conflicts.Conflict], confirmed: str | None) -> None:
    mark = conflicts.fingerprint(found)
    if found and confirmed != mark:
        raise ConflictsFound(found, mark)


def _planned(event: Event, draft: SessionDraft, session: Session | None) -> conflicts.Planned:
    speaker_ids = tuple(link.speaker_id for link in session.speaker_links) if session is not None else ()
    return conflicts.Planned(event.id, draft.starts_at, draft.ends_at, draft.room_id, draft.capacity, draft.kind,
                             speaker_ids, session.id if session is not None else None)


def check(event_id: int, draft: SessionDraft, session_id: int | None = None) -> list[conflicts.Conflict]:
    """The conflicts this draft would have (for showing them before the organiser saves)."""
    event = _event(event_id)
    session = _session(event_id, session_id) if session_id is not None else None
    return conflicts.check(_planned(event, draft, session))


def _apply(session: Session, draft: SessionDraft) -> None:
    session.title = draft.title.strip()
    session.kind = draft.kind
    session.starts_at, session.ends_at = draft.starts_at, draft.ends_at
    session.room_id, session.track_id = draft.room_id, draft.track_id
    session.capacity = draft.capacity
    session.abstract, session.description = draft.abstract.strip(), draft.description.strip()


# --- the operations -----------------------------------------------------------------------------

def create_session(event_id: int, draft: SessionDraft, actor: Actor, *, confirmed: str | None = None) -> Session:
    event = _event(event_id)
    _validate(event, draft)
    _guard(conflicts.check(_planned(event, draft, None)), confirmed)
    session = Session(event_id=event.id, status=SessionStatus.SCHEDULED, revision=0)
    _apply(session, draft)
    db.session.add(session)
    db.session.flush()
    record(actor, "session", session.id, "create", diff({}, _audit_state(session)), event_id=event.id)
    db.session.flush()
    return session


def update_session(event_id: int, session_id: int, draft: SessionDraft, actor: Actor, *,
                   confirmed: str | None = None, action: str = "update") -> Session:
    """Save the draft over the session. A new title, time or room raises the revision and, for a
    published event, records a change notice for review."""
    event = _event(event_id)
    session = _session(event_id, session_id)
    if session.status == SessionStatus.CANCELLED:
        raise Invalid({"status": "cancelled"})
    _validate(event, draft)
    _guard(conflicts.check(_planned(event, draft, session)), confirmed)
    event = registration_service.lock_seats(event_id)  # a raised capacity is given to those waiting, at once
    session = db.session.get(Session, session_id)
    before, before_schedule = _audit_state(session), notices.state_of(session)
    old = {f: getattr(session, f) for f in (*SCHEDULE_FIELDS, "capacity")}
    _apply(session, draft)
    if any(getattr(session, f) != old[f] for f in SCHEDULE_FIELDS):
        session.revision += 1
    record(actor, "session", session.id, action, diff(before, _audit_state(session)), event_id=event.id)
    notices.note_change(session, before_schedule, actor)
    if session.capacity != old["capacity"] and session.is_signup:
        registration_service.fill_free_seats(event, session.id)
    db.session.flush()
    return session


def move_session(event_id: int, session_id: int, starts_at: datetime, room_id: int | None, actor: Actor, *,
                 confirmed: str | None = None) -> Session:
    """A new start (the length stays) and room."""
    session = _session(event_id, session_id)
    length = session.ends_at - session.starts_at
    draft = replace(draft_of(session), starts_at=starts_at, ends_at=starts_at + length, room_id=room_id)
    return update_session(event_id, session_id, draft, actor, confirmed=confirmed, action="move")


def cancel_session(event_id: int, session_id: int, actor: Actor) -> CancelReport:
    """Cancel: gone from the program and feeds (status cancelled, revision raised), the people
    concerned told at once (for a published event), then the seats and queue places released."""
    _session(event_id, session_id)
    begin_serialized()  # the event lock: nobody can sign up for the session while it is being cancelled
    event = db.session.scalars(select(Event).where(Event.id == event_id).with_for_update()).one()
    session = db.session.get(Session, session_id)
    notified = 0
    if session.status != SessionStatus.CANCELLED:
        before = _audit_state(session)
        people = notices.recipients(session) if event.is_published else []
        session.status = SessionStatus.CANCELLED
        session.revision += 1
        notices.drop_pending(session.id)
        notices.queue_cancellation(session, people)
        notified = len(people)
        changes = diff(before, _audit_state(session)) | {"notified": [None, str(notified)]}
        record(actor, "session", session.id, "cancel", changes, event_id=event.id)
    db.session.flush()
    released = registration_service.release_cancelled_session(session_id)
    return CancelReport(db.session.get(Session, session_id), notified, len(released))


def cancellation_recipients(event_id: int, session_id: int) -> list[notices.Recipient]:
    """Who would be told if the session were cancelled now (for the confirmation page)."""
    session = _session(event_id, session_id)
    return notices.recipients(session) if session.event.is_published else []


# --- speakers of a session ----------------------------------------------------------------------

def add_speaker(event_id: int, session_id: int, speaker_id: int, role: SpeakerRole, actor: Actor, *,
                confirmed: str | None = None) -> Session:
    """Add a speaker; a speaker who is elsewhere at the same time is a conflict to confirm."""
    event = _event(event_id)
    session = _session(event_id, session_id)
    speaker = db.session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFound(speaker_id)
    if any(link.speaker_id == speaker_id for link in session.speaker_links):
        return session
    planned = conflicts.Planned(event.id, session.starts_at, session.ends_at, speaker_ids=(speaker_id,),
                                session_id=session.id)
    if session.status == SessionStatus.SCHEDULED:
        _guard([c for c in conflicts.check(planned) if c.code == conflicts.SPEAKER], confirmed)
    before = _speaker_names(session)
    position = max((link.position for link in session.speaker_links), default=-1) + 1
    session.speaker_links.append(SessionSpeaker(speaker=speaker, role=role, position=position))
    record(actor, "session", session.id, "update", {"speakers": [before, _speaker_names(session)]},
           event_id=event.id)
    db.session.flush()
    return session


def remove_speaker(event_id: int, session_id: int, speaker_id: int, actor: Actor) -> Session:
    session = _session(event_id, session_id)
    link = next((lk for lk in session.speaker_links if lk.speaker_id == speaker_id), None)
    if link is None:
        raise NotFound(speaker_id)
    before = _speaker_names(session)
    session.speaker_links.remove(link)
    record(actor, "session", session.id, "update", {"speakers": [before, _speaker_names(session)]},
           event_id=session.event_id)
    db.session.flush()
    return session
