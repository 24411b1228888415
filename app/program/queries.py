"""Reading events and their programs: one place for the eager loading every reader needs.

The public pages, the JSON API and the calendar feeds all read through here, so the
program page's query count stays bounded (asserted in tests) whatever the program's size.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import bindparam, func, literal_column, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from app.core import clock
from app.core.collation import norwegian_key
from app.core.database import NULL_INTEGER
from app.extensions import db
from app.models import (
    SIGNUP_KINDS,
    ChoiceStatus,
    ContentVersion,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
    SessionSpeaker,
    SessionStatus,
    Venue,
)
from app.program import versioning

PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


@dataclass(frozen=True)
class Counts:
    """Registration counts for an event or a session."""

    capacity: int | None
    registered: int = 0
    waitlisted: int = 0

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.registered, 0)


@dataclass(frozen=True)
class Slot:
    """Sessions that start at the same time (a plenary, or parallel workshops)."""

    starts_at: datetime
    ends_at: datetime
    sessions: list[Session]


@dataclass(frozen=True)
class ProgramDay:
    day: date
    slots: list[Slot]


def _with_venue(stmt):
    return stmt.options(joinedload(Event.venue).joinedload(Venue.municipality), joinedload(Event.series))


def listed_events(*, statuses: Sequence[EventStatus] = PUBLIC_STATUSES, upcoming_only: bool = False) -> tuple[list[Event], list[Event]]:
    """(upcoming soonest first, past latest first)."""
    now = clock.now()
    stmt = _with_venue(select(Event).where(Event.status.in_(statuses)))
    if upcoming_only:
        stmt = stmt.where(Event.ends_at >= now)
    events = db.session.scalars(stmt.order_by(Event.starts_at)).unique().all()
    upcoming = [e for e in events if e.ends_at >= now]
    past = sorted((e for e in events if e.ends_at < now), key=lambda e: e.starts_at, reverse=True)
    return upcoming, past


@functools.cache
def _event_by_slug_statement(include_drafts: bool, with_venue: bool):
    stmt = select(Event).where(Event.slug == bindparam("slug"))
    if with_venue:
        stmt = _with_venue(stmt)
    if not include_drafts:
        stmt = stmt.where(Event.status.in_(PUBLIC_STATUSES))
    return stmt


def event_by_slug(slug: str, *, include_drafts: bool = False, with_venue: bool = True) -> Event | None:
    """The event; `with_venue=False` for a path that does not show the venue (a form being posted):
    the row alone, and the venue only if it is asked for after all. (The statements are built once:
    this runs on every event page.)"""
    return db.session.scalars(_event_by_slug_statement(include_drafts, with_venue), {"slug": slug}
                              ).unique().one_or_none()


def program(event: Event, *, include_cancelled: bool = False, with_materials: bool = False) -> list[Session]:
    """The event's sessions in time order with room, track and speakers (and materials) loaded.

    Materials come in the same query (a join), so the event page stays within its query budget.
    """
    stmt = (
        select(Session)
        .where(Session.event_id == event.id)
        .options(
            joinedload(Session.room),
            joinedload(Session.track),
            selectinload(Session.speaker_links).joinedload(SessionSpeaker.speaker),
        )
        .order_by(Session.starts_at, Session.ends_at, Session.id)
    )
    if with_materials:
        stmt = stmt.options(joinedload(Session.materials))
    if not include_cancelled:
        stmt = stmt.where(Session.status != SessionStatus.CANCELLED)
    return list(db.session.scalars(stmt).unique())


def by_day(sessions: Iterable[Session]) -> list[ProgramDay]:
    """Group a time-ordered program by Oslo date, then by start time."""
    days = []
    for day, day_sessions in groupby(sessions, key=lambda s: clock.oslo(s.starts_at).date()):
        slots = []
        for start, group in groupby(day_sessions, key=lambda s: s.starts_at):
            members = list(group)
            slots.append(Slot(start, max(s.ends_at for s in members), members))
        days.append(ProgramDay(day, slots))
    return days


def speakers_of(sessions: Iterable[Session]) -> list:
    """Distinct speakers of these sessions, by name."""
    seen = {}
    for session in sessions:
        for link in session.speaker_links:
            seen.setdefault(link.speaker.id, link.speaker)
    return sorted(seen.values(), key=lambda sp: norwegian_key(sp.name))



def event_counts(events: Sequence[Event]) -> dict[int, Counts]:
    """Registered (confirmed) and waitlisted per event, in one query."""
    ids = [e.id for e in events]
    found: dict[int, dict[RegistrationStatus, int]] = {i: {} for i in ids}
    if ids:
        rows = db.session.execute(
            select(Registration.event_id, Registration.status, func.count())
            .where(Registration.event_id.in_(ids),
                   Registration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)))
            .group_by(Registration.event_id, Registration.status)
        )
        for event_id, status, n in rows:
            found[event_id][status] = n
    return {
        e.id: Counts(e.capacity, found[e.id].get(RegistrationStatus.CONFIRMED, 0),
                     found[e.id].get(RegistrationStatus.WAITLISTED, 0))
        for e in events
    }


@dataclass(frozen=True)
class SeatRow:
    """One row of the seat counts, read by column name (never by position): which `part` of the query it
    comes from, whose seats (`id`: the session's, or the event's), the program `version` (on the one
    'version' row), the capacity, the seats taken and the queue's length."""

    part: str  # "version", "event" or "session"
    id: int | None
    version: int | None
    capacity: int | None
    confirmed: int
    waitlisted: int

    @property
    def counts(self) -> Counts:
        return Counts(self.capacity, self.confirmed, self.waitlisted)


def _seat_columns(part: str, id_, version, capacity, confirmed, waitlisted) -> tuple:
    """The SeatRow columns of one SELECT, labelled, in the order every part of a UNION ALL needs."""
    return (literal_column(f"'{part}'").label("part"), id_.label("id"), version.label("version"),
            capacity.label("capacity"), confirmed.label("confirmed"), waitlisted.label("waitlisted"))


def _seat_rows(stmt, params: dict | None = None) -> list[SeatRow]:
    return [SeatRow(**row._mapping) for row in db.session.execute(stmt, params or {})]


def _session_counts_select(event_id):
    confirmed = func.count(SessionChoice.id).filter(SessionChoice.status == ChoiceStatus.CONFIRMED)
    waiting = func.count(SessionChoice.id).filter(SessionChoice.status == ChoiceStatus.WAITLISTED)
    return (
        select(*_seat_columns("session", Session.id, NULL_INTEGER, Session.capacity, confirmed, waiting))
        .outerjoin(SessionChoice, SessionChoice.session_id == Session.id)
        .where(Session.event_id == event_id, Session.kind.in_(SIGNUP_KINDS), Session.status != SessionStatus.CANCELLED)
        .group_by(Session.id, Session.capacity)
    )


def session_counts(event_id: int) -> dict[int, Counts]:
    """Seats taken and queue length per sign-up session of the event, in one query."""
    return {row.id: row.counts for row in _seat_rows(_session_counts_select(event_id))}


@dataclass(frozen=True)
class EventState:
    """What changes between two views of an event: the program version (the key of the cached
    program), the event's seats and each sign-up session's seats."""

    version: int
    event: Counts
    sessions: dict[int, Counts]


def _event_state_statement():
    zero = literal_column("0")
    program_version = (
        select(*_seat_columns("version", NULL_INTEGER, ContentVersion.version, NULL_INTEGER, zero, zero))
        .where(ContentVersion.name == versioning.PROGRAM)
    )
    event_seats = select(*_seat_columns(
        "event", Registration.event_id, NULL_INTEGER, NULL_INTEGER,
        func.count().filter(Registration.status == RegistrationStatus.CONFIRMED),
        func.count().filter(Registration.status == RegistrationStatus.WAITLISTED),
    )).where(Registration.event_id == bindparam("event_id")).group_by(Registration.event_id)
    return union_all(program_version, event_seats, _session_counts_select(bindparam("event_id")))


_EVENT_STATE = _event_state_statement()


def event_state(event: Event) -> EventState:
    """The event page's and the event JSON's per-request reads in one round trip (UNION ALL of the
    program version, the event's seats and each sign-up session's seats, as SeatRows)."""
    version, event_counts, sessions = 0, Counts(event.capacity), {}
    for row in _seat_rows(_EVENT_STATE, {"event_id": event.id}):
        if row.part == "version":
            version = row.version
        elif row.part == "event":
            event_counts = Counts(event.capacity, row.confirmed, row.waitlisted)
        else:
            sessions[row.id] = row.counts
    return EventState(version, event_counts, sessions)
