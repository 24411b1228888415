"""The organisers' view of arrivals (app/checkin/arrived.py says what counts): entrance arrivals over time
and arrivals per session (in SQL)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import ngettext
from sqlalchemy import Integer, and_, case, cast, distinct, func, select

from app.checkin import arrived, roster
from app.checkin.service import Door
from app.core import clock
from app.extensions import db
from app.models import (
    SIGNUP_KINDS,
    Checkin,
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
)

BUCKET_SECONDS = 15 * 60  # Oslo is a whole number of hours from UTC, so these are local quarter-hours
MAX_COLUMNS = 48
# Coarser columns, tried in turn while the quarter-hours would make more than MAX_COLUMNS; past a day, whole days.
COARSER = (30 * 60, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400)


def _epoch_bucket(column, seconds: int):
    if db.engine.dialect.name == "postgresql":
        return cast(func.floor(func.extract("epoch", column) / seconds), Integer)
    return cast(func.strftime("%s", column), Integer) // seconds  # SQLite stores UTC text


@dataclass(frozen=True)
class Bucket:
    start: datetime  # UTC
    count: int


def _columns(first: int, last: int, size: int) -> int:
    return last * BUCKET_SECONDS // size - first * BUCKET_SECONDS // size + 1


def bucket_size(first: int, last: int) -> int:
    """Seconds per column for quarter-hours `first`..`last`: the finest that gives at most MAX_COLUMNS."""
    for size in (BUCKET_SECONDS, *COARSER):
        if _columns(first, last, size) <= MAX_COLUMNS:
            return size
    days = -(-(last - first + 1) * BUCKET_SECONDS // (86400 * (MAX_COLUMNS - 1)))
    return 86400 * days


def arrivals(event_id: int) -> tuple[list[Bucket], int]:
    """Entrance check-ins (not undone) per quarter-hour from the first to the last, gaps filled with
    zero; merged into coarser columns (bucket_size) so that there are never more than MAX_COLUMNS,
    however far apart the scans are. Returns (buckets, seconds per bucket)."""
    bucket = _epoch_bucket(Checkin.scanned_at, BUCKET_SECONDS).label("bucket")
    rows = db.session.execute(
        arrived.counted(event_id, bucket, func.count()).where(arrived.at_door(None)).group_by(bucket).order_by(bucket)
    ).all()
    if not rows:
        return [], BUCKET_SECONDS
    quarters = {int(b): n for b, n in rows}
    size = bucket_size(min(quarters), max(quarters))
    counts: dict[int, int] = {}
    for b, n in quarters.items():
        key = b * BUCKET_SECONDS // size
        counts[key] = counts.get(key, 0) + n
    return [Bucket(datetime.fromtimestamp(b * size, UTC), counts.get(b, 0))
            for b in range(min(counts), max(counts) + 1)], size


@dataclass(frozen=True)
class RefusedTime:
    name: str
    door: str | None  # the session's title; None at the entrance
    client_time: datetime  # what the scanner said
    used_time: datetime  # the server's time, used instead


def refused_times(event_id: int) -> list[RefusedTime]:
    """Arrivals whose scanner time was not believed and was replaced by the server's."""
    rows = db.session.execute(
        arrived.counted(event_id, Registration.first_name, Registration.last_name, Session.title,
                         Checkin.client_scanned_at, Checkin.scanned_at)
        .outerjoin(Session, Session.id == Checkin.session_id)
        .where(Checkin.client_scanned_at.is_not(None))
        .order_by(Checkin.scanned_at, Checkin.id)
    ).all()
    return [RefusedTime(f"{r.first_name} {r.last_name}".strip(), r.title, r.client_scanned_at, r.scanned_at)
            for r in rows]


@dataclass(frozen=True)
class SessionRow:
    session_id: int
    title: str
    starts_at: datetime
    signup: bool
    checked_in: int
    expected: int
    not_signed_up: int  # checked in without a seat (sign-up sessions only)


def per_session(event_id: int) -> list[SessionRow]:
    choice = and_(SessionChoice.registration_id == Checkin.registration_id,
                  SessionChoice.session_id == Checkin.session_id,
                  SessionChoice.status == ChoiceStatus.CONFIRMED)
    checked = {
        sid: (n, without)
        for sid, n, without in db.session.execute(
            arrived.counted(event_id, Checkin.session_id, func.count(distinct(Checkin.registration_id)),
                             func.count(distinct(case((SessionChoice.id.is_(None), Checkin.registration_id)))))
            .outerjoin(SessionChoice, choice)
            .where(arrived.at_any_session())
            .group_by(Checkin.session_id)
        )
    }
    seats = dict(db.session.execute(
        select(SessionChoice.session_id, func.count())
        .join(Registration, Registration.id == SessionChoice.registration_id)
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED,
               SessionChoice.status == ChoiceStatus.CONFIRMED)
        .group_by(SessionChoice.session_id)
    ).all())
    everybody = roster.counts(Door(event_id)).expected
    rows = []
    for s in roster.doors(event_id):
        n, without = checked.get(s.id, (0, 0))
        signup = s.kind in SIGNUP_KINDS
        rows.append(SessionRow(s.id, s.title, s.starts_at, signup, n, seats.get(s.id, 0) if signup else everybody,
                               without if signup else 0))
    return rows


def bucket_label(start: datetime, size: int, several_days: bool) -> str:
    if size >= 86400:
        return clock.short_date(start)
    return f"{clock.day_month(start)} {clock.time_label(start)}" if several_days else clock.time_label(start)


def size_label(size: int) -> str:
    """'15 minutter', '3 timer', '2 dager': how much time one column of the arrivals chart covers."""
    if size % 86400 == 0:
        return ngettext("%(num)d dag", "%(num)d dager", size // 86400)
    if size % 3600 == 0:
        return ngettext("%(num)d time", "%(num)d timer", size // 3600)
    return ngettext("%(num)d minutt", "%(num)d minutter", size // 60)
