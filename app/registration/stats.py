"""The numbers on an event's dashboard, aggregated in SQL (one query per chart).

Times are grouped by UTC hour in the database and folded into Oslo days and hours here, so the
same code gives exact Oslo days on SQLite and PostgreSQL (daylight saving included).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.checkin import arrived, roster
from app.checkin.service import Door
from app.core import clock
from app.extensions import db
from app.models import (
    SIGNUP_KINDS,
    Checkin,
    County,
    Event,
    Municipality,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    YearsBand,
)
from app.program import queries

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def _utc_hour(column):
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD HH24")
    return func.strftime("%Y-%m-%d %H", column)


def _parse_hour(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H").replace(tzinfo=UTC)


def _hourly(stmt) -> Counter:
    found: Counter = Counter()
    for hour, n in db.session.execute(stmt):
        found[_parse_hour(hour)] += n
    return found


@dataclass(frozen=True)
class Bucket:
    start: date
    weekly: bool
    count: int


def registrations_over_time(event: Event) -> list[Bucket]:
    """Active registrations per Oslo day received (per week when the span is longer than 8 weeks)."""
    hour = _utc_hour(Registration.created_at)
    hourly = _hourly(select(hour, func.count()).where(Registration.event_id == event.id,
                                                      Registration.status.in_(ACTIVE)).group_by(hour))
    if not hourly:
        return []
    per_day: Counter = Counter()
    for moment, n in hourly.items():
        per_day[clock.oslo(moment).date()] += n
    first, last = min(per_day), max(per_day)
    weekly = (last - first).days > 56
    if weekly:
        per_week: Counter = Counter()
        for day, n in per_day.items():
            per_week[day - timedelta(days=day.weekday())] += n
        start = first - timedelta(days=first.weekday())
        steps = range(0, (last - start).days + 1, 7)
        return [Bucket(start + timedelta(days=d), True, per_week[start + timedelta(days=d)]) for d in steps]
    return [Bucket(first + timedelta(days=d), False, per_day[first + timedelta(days=d)])
            for d in range((last - first).days + 1)]


def by_county(event_id: int) -> list[tuple[str, int]]:
    """Active registrations per county, largest first; 'unknown' last as ('', n)."""
    rows = db.session.execute(
        select(County.name, func.count(Registration.id))
        .select_from(Registration)
        .outerjoin(Municipality, Municipality.number == Registration.municipality_number)
        .outerjoin(County, County.number == Municipality.county_number)
        .where(Registration.event_id == event_id, Registration.status.in_(ACTIVE))
        .group_by(County.name)
    ).all()
    known = sorted(((name, n) for name, n in rows if name), key=lambda r: (-r[1], r[0]))
    unknown = sum(n for name, n in rows if not name)
    return known + ([("", unknown)] if unknown else [])


def by_years(event_id: int) -> list[tuple[YearsBand | None, int]]:
    """Active registrations per years-as-leader band, in band order; unanswered last."""
    rows = dict(db.session.execute(
        select(Registration.years_as_leader, func.count())
        .where(Registration.event_id == event_id, Registration.status.in_(ACTIVE))
        .group_by(Registration.years_as_leader)
    ).all())
    found = [(band, rows.get(band, 0)) for band in YearsBand]
    return found + ([(None, rows[None])] if rows.get(None) else [])


@dataclass(frozen=True)
class SessionSeats:
    session: Session
    counts: queries.Counts


def session_seats(event: Event) -> list[SessionSeats]:
    counts = queries.session_counts(event.id)
    sessions = db.session.scalars(
        select(Session).where(Session.event_id == event.id, Session.kind.in_(SIGNUP_KINDS),
                              Session.status == SessionStatus.SCHEDULED).order_by(Session.starts_at, Session.id))
    return [SessionSeats(s, counts.get(s.id, queries.Counts(s.capacity))) for s in sessions]


@dataclass(frozen=True)
class Arrivals:
    checked_in: int
    confirmed: int
    per_hour: list[tuple[datetime, int]]  # Oslo hour → arrivals


def checkins(event: Event) -> Arrivals | None:
    """Arrivals at the entrance (app/checkin/arrived.py), once the event has begun or anyone has arrived;
    the totals are the arrivals page's (roster.counts)."""
    hour = _utc_hour(Checkin.scanned_at)
    hourly = _hourly(arrived.counted(event.id, hour, func.count(func.distinct(Checkin.registration_id)))
                     .where(arrived.at_door(None)).group_by(hour))
    if not hourly and clock.now() < event.starts_at - timedelta(hours=12):
        return None
    total = roster.counts(Door(event.id))
    per_hour = sorted((clock.oslo(moment), n) for moment, n in hourly.items())
    return Arrivals(total.checked_in, total.expected, per_hour)


@dataclass(frozen=True)
class EventSummary:
    counts: queries.Counts
    sessions: int
    pending_notices: int


def event_summaries(events: list[Event]) -> dict[int, EventSummary]:
    """Key numbers for the events list: three queries for any number of events."""
    from app.program import notices

    ids = [e.id for e in events]
    counts = queries.event_counts(events)
    sessions = dict(db.session.execute(
        select(Session.event_id, func.count()).where(Session.event_id.in_(ids),
                                                     Session.status == SessionStatus.SCHEDULED)
        .group_by(Session.event_id)).all()) if ids else {}
    pending = notices.pending_counts(ids)
    return {e.id: EventSummary(counts[e.id], sessions.get(e.id, 0), pending.get(e.id, 0)) for e in events}
