"""Segments of leaders to invite to an offer: each one query over the people who agreed to be contacted.

- A person (app.models.leaders.Person) is in a segment only with their consent to be invited to other offers
  (`contact_ok_at` set; withdrawing it clears it, and they leave every segment at once).
- The segments: kommune not reached in a year (app.reach.service's rule of «reached»), new leaders (years as
  leader under 1 year, or under 4: the bands «Mindre enn 1 år» and «1–3 år»), a fylke, a school size.
- A series' members: those who take the series' mail (`SeriesMember.mail_ok`). A member who is also a person
  with a profile follows the profile: without the consent to be contacted (never given, or withdrawn) they are
  left out.
- Everyone who opted out of bulk mail (app.mail.optout) is left out, and each address is there once (compared
  lower-cased). One SELECT for the people, one per 5,000 addresses for the opt-outs: never one per person.
No request globals, no commit.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from app.extensions import db
from app.mail import optout
from app.models import Municipality, Person, SchoolSize, Series, SeriesMember, YearsBand
from app.reach import service as reach

SCHOOL_YEAR = "s"  # after the year in a «not reached» segment's value: the school year from 1 August


class SegmentKind(enum.StrEnum):
    NOT_REACHED = "not_reached"  # value: the year, with SCHOOL_YEAR after it for the school year from August
    NEW_LEADERS = "new_leaders"  # value: "lt1" (under 1 year) or "lt4" (under 1 year and 1–3 years)
    COUNTY = "county"  # value: fylkesnummer
    SCHOOL_SIZE = "school_size"  # value: a SchoolSize
    SERIES = "series"  # value: the series' id


NEW_LEADER_BANDS = {"lt1": (YearsBand.LT1,), "lt4": (YearsBand.LT1, YearsBand.Y1_3)}


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    value: str


@dataclass(frozen=True)
class Recipient:
    email: str  # lower-cased
    name: str
    member_of: int | None = None  # the series, when they are in the segment as its member


def _persons(where) -> list[Recipient]:
    rows = db.session.execute(select(Person.email, Person.first_name, Person.last_name)
                              .where(Person.contact_ok_at.is_not(None), where).order_by(Person.id))
    return [Recipient(email, f"{first} {last}".strip()) for email, first, last in rows]


def _members(series_id: int) -> list[Recipient]:
    stmt = (select(SeriesMember.email, SeriesMember.name)
            .outerjoin(Person, Person.email == SeriesMember.email)
            .where(SeriesMember.series_id == series_id, SeriesMember.mail_ok.is_(True),
                   or_(Person.id.is_(None), Person.contact_ok_at.is_not(None)))
            .order_by(SeriesMember.id))
    return [Recipient(email, name, series_id) for email, name in db.session.execute(stmt)]


def _where(segment: Segment):
    kind, value = segment.kind, segment.value
    if kind == SegmentKind.NOT_REACHED:
        school = value.endswith(SCHOOL_YEAR)
        reached = reach.reached_kommuner(reach.period(int(value.removesuffix(SCHOOL_YEAR)), school=school))
        return and_(Person.municipality_number.is_not(None), Person.municipality_number.not_in(reached))
    if kind == SegmentKind.NEW_LEADERS:
        return Person.years_as_leader.in_(NEW_LEADER_BANDS[value])
    if kind == SegmentKind.COUNTY:
        return Person.municipality_number.in_(select(Municipality.number)
                                              .where(Municipality.county_number == value))
    if kind == SegmentKind.SCHOOL_SIZE:
        return Person.school_size == SchoolSize(value)
    raise ValueError(kind)


def recipients(segment: Segment) -> list[Recipient]:
    """Who is in the segment now, in a stable order, each address once, opted-out addresses left out."""
    found = _members(int(segment.value)) if segment.kind == SegmentKind.SERIES else _persons(_where(segment))
    unique: dict[str, Recipient] = {}
    for r in found:
        unique.setdefault(r.email.strip().lower(), r)
    opted_out = optout.opted_out_among(list(unique))
    return [Recipient(email, r.name, r.member_of) for email, r in unique.items() if email not in opted_out]


def series_of(segment: Segment) -> Series | None:
    return db.session.get(Series, int(segment.value)) if segment.kind == SegmentKind.SERIES else None
