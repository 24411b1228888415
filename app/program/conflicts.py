"""The program's conflict rules, shared by the back office, the speakers' portal and anyone who plans.

A change is checked before it is saved (`check`), and a whole program can be scanned for the
conflicts it holds (`in_program`, for the editor's grid). Conflicts are warnings with a stable key:
an organiser may save a conflicting change only by confirming exactly the conflicts shown
(`fingerprint`), see app.program.editing.

The rules:
- two sessions in one room at once (across events: a venue's room is one room);
- a speaker in two places at once (across events);
- a session outside the event's days (Oslo dates);
- a session's capacity above its room's;
- a capacity below the seats already taken (nobody loses a seat, but the session is then overfull).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from app.core import clock
from app.extensions import db
from app.models import (
    ChoiceStatus,
    Event,
    EventStatus,
    Room,
    Session,
    SessionChoice,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    Speaker,
)

ROOM = "room"
SPEAKER = "speaker"
OUTSIDE_DAYS = "outside_days"
ROOM_CAPACITY = "room_capacity"
BELOW_TAKEN = "below_taken"


@dataclass(frozen=True)
class Planned:
    """A session as it will be after the change (session_id None for a new one)."""

    event_id: int
    starts_at: datetime
    ends_at: datetime
    room_id: int | None = None
    capacity: int | None = None
    kind: SessionKind = SessionKind.PLENARY
    speaker_ids: tuple[int, ...] = ()
    session_id: int | None = None


@dataclass(frozen=True)
class Conflict:
    code: str
    key: str
    other_id: int | None = None
    other_title: str = ""
    other_event: str = ""  # the other session's event title when it is another event
    other_starts_at: datetime | None = None
    other_ends_at: datetime | None = None
    speaker: str = ""
    room: str = ""
    numbers: tuple[int, ...] = field(default=())  # (capacity, limit) for the capacity rules


def fingerprint(conflicts: Sequence[Conflict]) -> str:
    """A short digest of exactly these conflicts ('' when there are none)."""
    if not conflicts:
        return ""
    keys = "\n".join(sorted({c.key for c in conflicts}))
    return hashlib.sha256(keys.encode()).hexdigest()[:20]


def check(planned: Planned) -> list[Conflict]:
    """Every conflict the planned session would have, in a fixed order."""
    event = db.session.get(Event, planned.event_id)
    found = _outside_days(event, planned)
    found += _room_clashes(planned, event)
    found += _speaker_clashes(planned, event)
    found += _capacity(planned)
    return found


def _outside_days(event: Event, planned: Planned) -> list[Conflict]:
    first, last = clock.oslo(event.starts_at).date(), clock.oslo(event.ends_at).date()
    if clock.oslo(planned.starts_at).date() < first or clock.oslo(planned.ends_at).date() > last:
        return [Conflict(OUTSIDE_DAYS, OUTSIDE_DAYS)]
    return []


def _overlapping(planned: Planned):
    stmt = (
        select(Session, Event.id, Event.title)
        .join(Event, Event.id == Session.event_id)
        .where(Session.status == SessionStatus.SCHEDULED, Event.status != EventStatus.CANCELLED,
               Session.starts_at < planned.ends_at, Session.ends_at > planned.starts_at)
        .order_by(Session.starts_at, Session.id)
    )
    if planned.session_id is not None:
        stmt = stmt.where(Session.id != planned.session_id)
    return stmt


def _room_clashes(planned: Planned, event: Event) -> list[Conflict]:
    if planned.room_id is None:
        return []
    room = db.session.get(Room, planned.room_id)
    rows = db.session.execute(_overlapping(planned).where(Session.room_id == planned.room_id))
    return [
        Conflict(ROOM, f"room:{other.id}", other.id, other.title, "" if ev_id == event.id else ev_title,
                 other.starts_at, other.ends_at, room=room.name if room else "")
        for other, ev_id, ev_title in rows
    ]


def _speaker_clashes(planned: Planned, event: Event) -> list[Conflict]:
    if not planned.speaker_ids:
        return []
    rows = db.session.execute(
        _overlapping(planned)
        .add_columns(Speaker.id, Speaker.name)
        .join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
        .join(Speaker, Speaker.id == SessionSpeaker.speaker_id)
        .where(SessionSpeaker.speaker_id.in_(planned.speaker_ids))
    )
    return [
        Conflict(SPEAKER, f"speaker:{sp_id}:{other.id}", other.id, other.title,
                 "" if ev_id == event.id else ev_title, other.starts_at, other.ends_at, speaker=sp_name)
        for other, ev_id, ev_title, sp_id, sp_name in rows
    ]


def _capacity(planned: Planned) -> list[Conflict]:
    found = []
    if planned.capacity is not None and planned.room_id is not None:
        room = db.session.get(Room, planned.room_id)
        if room is not None and room.capacity is not None and planned.capacity > room.capacity:
            found.append(Conflict(ROOM_CAPACITY, f"room_capacity:{planned.capacity}>{room.capacity}",
                                  room=room.name, numbers=(planned.capacity, room.capacity)))
    if planned.capacity is not None and planned.session_id is not None:
        taken = db.session.scalar(
            select(func.count()).where(SessionChoice.session_id == planned.session_id,
                                       SessionChoice.status == ChoiceStatus.CONFIRMED)
        )
        if planned.capacity < taken:
            found.append(Conflict(BELOW_TAKEN, f"below_taken:{planned.capacity}<{taken}",
                                  numbers=(planned.capacity, taken)))
    return found


def in_program(event: Event, sessions: Iterable[Session]) -> dict[int, list[Conflict]]:
    """The conflicts inside one event's loaded program (room, track, speakers loaded), per session id.

    Pure Python over what the editor already shows: no queries."""
    scheduled = [s for s in sessions if s.status == SessionStatus.SCHEDULED]
    found: dict[int, list[Conflict]] = {s.id: [] for s in scheduled}
    first, last = clock.oslo(event.starts_at).date(), clock.oslo(event.ends_at).date()
    for s in scheduled:
        if clock.oslo(s.starts_at).date() < first or clock.oslo(s.ends_at).date() > last:
            found[s.id].append(Conflict(OUTSIDE_DAYS, OUTSIDE_DAYS))
        if s.capacity is not None and s.room is not None and s.room.capacity is not None \
                and s.capacity > s.room.capacity:
            found[s.id].append(Conflict(ROOM_CAPACITY, f"room_capacity:{s.capacity}>{s.room.capacity}",
                                        room=s.room.name, numbers=(s.capacity, s.room.capacity)))
    ordered = sorted(scheduled, key=lambda s: (s.starts_at, s.id))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.starts_at >= a.ends_at:
                break
            _pair(found, a, b)
            _pair(found, b, a)
    return found


def _pair(found: dict[int, list[Conflict]], a: Session, b: Session) -> None:
    if a.room_id is not None and a.room_id == b.room_id:
        found[a.id].append(Conflict(ROOM, f"room:{b.id}", b.id, b.title, "", b.starts_at, b.ends_at,
                                    room=a.room.name if a.room else ""))
    b_speakers = {link.speaker_id for link in b.speaker_links}
    for link in a.speaker_links:
        if link.speaker_id in b_speakers:
            found[a.id].append(Conflict(SPEAKER, f"speaker:{link.speaker_id}:{b.id}", b.id, b.title, "",
                                        b.starts_at, b.ends_at, speaker=link.speaker.name))
