"""The organisers' view of arrivals: entrance check-ins over time and check-ins per session (in SQL)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Integer, and_, case, cast, distinct, func, select

from app.checkin import roster
from app.checkin.service import Door
from app.core import clock
from app.extensions import db
from app.models import SIGNUP_KINDS, Checkin, ChoiceStatus, Registration, RegistrationStatus, SessionChoice

BUCKET_SECONDS = 15 * 60  # Oslo is a whole number of hours from UTC, so these are local quarter-hours
MAX_COLUMNS = 48


def _epoch_bucket(column, seconds: int):  # noqa: ANN001, ANN202
    if db.engine.dialect.name == "postgresql":
        return cast(func.floor(func.extract("epoch", column) / seconds), Integer)
    return cast(func.strftime("%s", column), Integer) // seconds  # SQLite stores UTC text


@dataclass(frozen=True)
class Bucket:
    start: datetime  # UTC
    count: int


def arrivals(event_id: int) -> tuple[list[Bucket], int]:
    """Entrance check-ins (not undone) per quarter-hour from the first to the last, gaps filled with
    zero; merged into hours when that would make more than MAX_COLUMNS columns. Returns (buckets, size)."""
    bucket = _epoch_bucket(Checkin.scanned_at, BUCKET_SECONDS).label("bucket")
    rows = db.session.execute(
        select(bucket, func.count())
        .where(Checkin.event_id == event_id, Checkin.session_id.is_(None), Checkin.undone_at.is_(None))
        .group_by(bucket).order_by(bucket)
    ).all()
    if not rows:
        return [], BUCKET_SECONDS
    counts = {int(b): n for b, n in rows}
    size = BUCKET_SECONDS
    first, last = min(counts), max(counts)
    if last - first + 1 > MAX_COLUMNS:
        size = 3600
        merged: dict[int, int] = {}
        for b, n in counts.items():
            key = b * BUCKET_SECONDS // size
            merged[key] = merged.get(key, 0) + n
        counts, first, last = merged, min(merged), max(merged)
    return [Bucket(datetime.fromtimestamp(b * size, UTC), counts.get(b, 0)) for b in range(first, last + 1)], size


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
            select(Checkin.session_id, func.count(distinct(Checkin.registration_id)),
                   func.count(distinct(case((SessionChoice.id.is_(None), Checkin.registration_id)))))
            .outerjoin(SessionChoice, choice)
            .where(Checkin.event_id == event_id, Checkin.session_id.is_not(None), Checkin.undone_at.is_(None))
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
    local = clock.oslo(start)
    return local.strftime("%d.%m %H:%M") if several_days else local.strftime("%H:%M")
