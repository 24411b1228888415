"""Rekkevidde: which of the kommuner had a leader at any offer in a period. No request globals.

A kommune is reached in a period when a registration from it (not cancelled) is at a published event that
starts in the period (Oslo time) — and, at an event that used check-in (any check-in not undone), only when
that registration was checked in. A handful of GROUP BY queries over one filtered set, never one per kommune.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import and_, exists, func, or_, select

from app.core import clock
from app.extensions import db
from app.models import (
    Checkin,
    County,
    Event,
    EventKind,
    EventStatus,
    Municipality,
    Registration,
    RegistrationStatus,
    SchoolSize,
    Series,
    SeriesKind,
    YearsBand,
)


@dataclass(frozen=True)
class Period:
    starts: datetime  # UTC, inclusive
    ends: datetime  # UTC, exclusive
    year: int
    school: bool  # a school year: 1 August `year` to 31 July `year + 1`

    def previous(self) -> Period:
        return period(self.year - 1, school=self.school)


def period(year: int, *, school: bool = False) -> Period:
    if school:
        first, last = date(year, 8, 1), date(year + 1, 8, 1)
    else:
        first, last = date(year, 1, 1), date(year + 1, 1, 1)
    return Period(clock.local_datetime(first, time(0)), clock.local_datetime(last, time(0)), year, school)


@dataclass(frozen=True)
class CountyReach:
    number: str
    name: str
    reached: int
    total: int
    reached_before: int  # the same period a year earlier

    @property
    def share(self) -> float:
        return self.reached / self.total if self.total else 0.0


@dataclass(frozen=True)
class Reach:
    period: Period
    total: int  # kommuner
    reached: int
    reached_before: int
    counties: list[CountyReach]
    by_event_kind: dict[EventKind, int]  # offers outside a series, by the event's kind
    by_series_kind: dict[SeriesKind, int]  # meetings of a series, by the series' kind
    by_years: dict[YearsBand, int]
    by_school_size: dict[SchoolSize, int]
    not_reached: list[tuple[str, str, str]]  # (kommune number, kommune, fylke)


def _attended(p: Period):
    """The registrations that count, as (registration, event) conditions on a join of the two."""
    used_checkin = exists().where(Checkin.event_id == Event.id, Checkin.undone_at.is_(None))
    checked_in = exists().where(Checkin.registration_id == Registration.id, Checkin.undone_at.is_(None))
    return and_(Registration.status != RegistrationStatus.CANCELLED, Registration.municipality_number.is_not(None),
                Event.status == EventStatus.PUBLISHED, Event.starts_at >= p.starts, Event.starts_at < p.ends,
                or_(~used_checkin, checked_in))


def _reached(p: Period):
    return select(Registration.municipality_number).join(Event, Event.id == Registration.event_id) \
        .where(_attended(p))


def reached_kommuner(p: Period):
    """The kommuner reached in `p`, as a SELECT of kommunenummer (for IN / NOT IN: app/reach/segments.py)."""
    return _reached(p)


def _per_county(p: Period) -> dict[str, int]:
    reached = _reached(p).distinct().subquery()
    stmt = (select(Municipality.county_number, func.count()).join(reached, reached.c.municipality_number
                                                                 == Municipality.number)
            .group_by(Municipality.county_number))
    return dict(db.session.execute(stmt).all())


def _distinct_by(column, p: Period, *where) -> dict:
    stmt = (select(column, func.count(func.distinct(Registration.municipality_number)))
            .select_from(Registration).join(Event, Event.id == Registration.event_id))
    if column.class_ is Series:
        stmt = stmt.join(Series, Series.id == Event.series_id)
    return dict(db.session.execute(stmt.where(_attended(p), *where).group_by(column)).all())


def reach(p: Period) -> Reach:
    now_counts, before_counts = _per_county(p), _per_county(p.previous())
    totals = db.session.execute(select(County.number, County.name, func.count(Municipality.number))
                                .join(Municipality, Municipality.county_number == County.number)
                                .group_by(County.number, County.name).order_by(County.number)).all()
    counties = [CountyReach(number, name, now_counts.get(number, 0), total, before_counts.get(number, 0))
                for number, name, total in totals]
    not_reached = db.session.execute(
        select(Municipality.number, Municipality.name, County.name).join(County)
        .where(Municipality.number.not_in(_reached(p))).order_by(County.number, Municipality.name)).all()
    return Reach(
        period=p, total=sum(c.total for c in counties), reached=sum(c.reached for c in counties),
        reached_before=sum(c.reached_before for c in counties), counties=counties,
        by_event_kind=_distinct_by(Event.kind, p, Event.series_id.is_(None)),
        by_series_kind=_distinct_by(Series.kind, p),
        by_years=_distinct_by(Registration.years_as_leader, p, Registration.years_as_leader.is_not(None)),
        by_school_size=_distinct_by(Registration.school_size, p, Registration.school_size.is_not(None)),
        not_reached=[tuple(row) for row in not_reached],
    )


def is_reached(p: Period, number: str) -> bool:
    """Whether kommune `number` was reached in the period (the same rule as the counts)."""
    return bool(db.session.scalar(select(exists(_reached(p).where(Registration.municipality_number == number)))))
