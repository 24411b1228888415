"""Finding registrations: search, filters and paging for the list, the exports and bulk e-mail.

The list costs a fixed number of queries whatever the page size: one count, one page (with
kommune, county and door check-in as columns) and one for the page's session choices.
"""
from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select

from app.core.collation import norwegian_key
from app.extensions import db
from app.models import (
    Checkin,
    ChoiceStatus,
    County,
    Municipality,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
    Session,
    SessionChoice,
    YearsBand,
)

PAGE_SIZES = (25, 50, 100, 200)


class StatusFilter(enum.StrEnum):
    ACTIVE = "active"  # confirmed or waitlisted
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    ALL = "all"


class Sort(enum.StrEnum):
    NAME = "name"
    NEWEST = "newest"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: StatusFilter = StatusFilter.ACTIVE
    kommune: str = ""
    county: str = ""
    years: YearsBand | None = None
    session_id: int | None = None
    checked_in: bool | None = None
    group_id: int | None = None  # the colleagues one contact registered together

    def args(self) -> dict[str, str]:
        """The filters as query-string values (empty ones left out), for links that keep them."""
        values = {"q": self.q, "status": self.status.value if self.status != StatusFilter.ACTIVE else "",
                  "kommune": self.kommune, "county": self.county, "years": self.years.value if self.years else "",
                  "session": str(self.session_id) if self.session_id else "",
                  "checked_in": "" if self.checked_in is None else ("yes" if self.checked_in else "no"),
                  "group": str(self.group_id) if self.group_id else ""}
        return {k: v for k, v in values.items() if v}

    @property
    def is_default(self) -> bool:
        return not self.args()


# The columns the list and the exports show: plain columns, not whole ORM objects, so 2,000 rows stay cheap.
COLUMNS = (Registration.id, Registration.first_name, Registration.last_name, Registration.email, Registration.phone,
           Registration.organisation, Registration.job_title, Registration.years_as_leader, Registration.status,
           Registration.waitlist_position, Registration.role, Registration.created_at, Registration.confirmed_at,
           Registration.invoice_org_number, Registration.invoice_reference, Registration.group_id)


@dataclass
class Row:
    registration: Any  # a result row with the COLUMNS as attributes (id, first_name, …)
    kommune: str
    county: str
    group_contact: str = ""  # the contact person who registered this one with colleagues
    checked_in_at: datetime | None = None
    choices: list[tuple[str, ChoiceStatus, int | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_index(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.total)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _contains(column, word: str):
    """Case-insensitive 'contains', also for æøå and Sami letters, as cheap as each database allows:
    PostgreSQL's ILIKE; on SQLite the built-in LIKE (which folds ASCII) for ASCII words, lower() otherwise."""
    like = _like(word)
    if db.engine.dialect.name == "postgresql":
        return column.ilike(like, escape="\\")
    if word.isascii():
        return column.like(like, escape="\\")
    return func.lower(column).like(like, escape="\\")


def _door_checkin():
    return and_(Checkin.registration_id == Registration.id, Checkin.session_id.is_(None), Checkin.undone_at.is_(None))


def _where(stmt: Select, event_id: int, f: Filters) -> Select:
    stmt = stmt.where(Registration.event_id == event_id)
    if f.status == StatusFilter.ACTIVE:
        stmt = stmt.where(Registration.status != RegistrationStatus.CANCELLED)
    elif f.status != StatusFilter.ALL:
        stmt = stmt.where(Registration.status == RegistrationStatus(f.status.value))
    for word in f.q.lower().split():
        stmt = stmt.where(or_(*(_contains(col, word) for col in (
            Registration.first_name, Registration.last_name, Registration.email, Registration.organisation))))
    if f.kommune:
        stmt = stmt.where(Registration.municipality_number == f.kommune)
    if f.county:
        stmt = stmt.where(Registration.municipality_number.in_(
            select(Municipality.number).where(Municipality.county_number == f.county)))
    if f.years is not None:
        stmt = stmt.where(Registration.years_as_leader == f.years)
    if f.session_id:
        stmt = stmt.where(exists().where(SessionChoice.registration_id == Registration.id,
                                         SessionChoice.session_id == f.session_id))
    if f.group_id:
        stmt = stmt.where(Registration.group_id == f.group_id)
    if f.checked_in is not None:
        door = exists().where(_door_checkin())
        stmt = stmt.where(door if f.checked_in else ~door)
    return stmt


def _order(stmt: Select, sort: Sort) -> Select:
    # Plain column order (names are written with capitals); lower() on every row would cost more than it gives.
    if sort == Sort.NEWEST:
        return stmt.order_by(Registration.created_at.desc(), Registration.id.desc())
    if sort == Sort.ORGANISATION:
        return stmt.order_by(Registration.organisation, Registration.last_name, Registration.id)
    return stmt.order_by(Registration.last_name, Registration.first_name, Registration.id)


def _rows_statement(event_id: int, f: Filters, sort: Sort) -> Select:
    stmt = (select(*COLUMNS, Municipality.name, County.name, RegistrationGroup.contact_name)
            .outerjoin(Municipality, Municipality.number == Registration.municipality_number)
            .outerjoin(County, County.number == Municipality.county_number)
            .outerjoin(RegistrationGroup, RegistrationGroup.id == Registration.group_id))
    return _order(_where(stmt, event_id, f), sort)


def _rows(result) -> list[Row]:
    n = len(COLUMNS)
    return [Row(r, r[n] or "", r[n + 1] or "", r[n + 2] or "") for r in result]


def count(event_id: int, f: Filters) -> int:
    return db.session.scalar(_where(select(func.count(Registration.id)), event_id, f))


def _choices(event_id: int, registration_ids: list[int] | None) -> dict[int, list]:
    stmt = (select(SessionChoice.registration_id, Session.title, SessionChoice.status, SessionChoice.waitlist_position)
            .join(Session, Session.id == SessionChoice.session_id)
            .order_by(Session.starts_at, Session.id))
    if registration_ids is None:
        stmt = stmt.join(Registration, Registration.id == SessionChoice.registration_id).where(
            Registration.event_id == event_id)
    else:
        stmt = stmt.where(SessionChoice.registration_id.in_(registration_ids))
    found: dict[int, list] = defaultdict(list)
    for reg_id, title, status, position in db.session.execute(stmt):
        found[reg_id].append((title, status, position))
    return found


def _checkins(event_id: int, registration_ids: list[int] | None) -> dict[int, datetime]:
    """When each registration was first checked in at the door (check-ins not undone)."""
    stmt = (select(Checkin.registration_id, func.min(Checkin.scanned_at))
            .where(Checkin.event_id == event_id, Checkin.session_id.is_(None), Checkin.undone_at.is_(None))
            .group_by(Checkin.registration_id))
    if registration_ids is not None:
        stmt = stmt.where(Checkin.registration_id.in_(registration_ids))
    return dict(db.session.execute(stmt).all())  # min() keeps the column's type: aware UTC datetimes


def _complete(event_id: int, rows: list[Row], ids: list[int] | None) -> None:
    choices, checkins = _choices(event_id, ids), _checkins(event_id, ids)
    for row in rows:
        row.choices = choices.get(row.registration.id, [])
        row.checked_in_at = checkins.get(row.registration.id)


def page(event_id: int, f: Filters, number: int = 1, per_page: int = 50, sort: Sort = Sort.NAME) -> Page:
    """Four queries whatever the page size: count, the page, its session choices, its check-ins."""
    per_page = per_page if per_page in PAGE_SIZES else 50
    total = count(event_id, f)
    last = max(1, -(-total // per_page))
    number = min(max(1, number), last)
    rows = _rows(db.session.execute(_rows_statement(event_id, f, sort).limit(per_page).offset((number - 1) * per_page)))
    if rows:
        _complete(event_id, rows, [r.registration.id for r in rows])
    return Page(rows, total, number, per_page)


def all_rows(event_id: int, f: Filters, sort: Sort = Sort.NAME) -> list[Row]:
    """Every matching registration (for the exports): three queries whatever the number."""
    rows = _rows(db.session.execute(_rows_statement(event_id, f, sort)))
    _complete(event_id, rows, None)
    return rows


def matching(event_id: int, f: Filters) -> list[Registration]:
    """The registrations the filters select, by name (for bulk e-mail)."""
    stmt = _order(_where(select(Registration), event_id, f), Sort.NAME)
    return list(db.session.scalars(stmt))


def kommune_options(event_id: int) -> list[tuple[str, str]]:
    """The kommuner the event's registrations come from: (number, name), by name."""
    rows = db.session.execute(
        select(Municipality.number, Municipality.name).where(Municipality.number.in_(
            select(Registration.municipality_number).where(Registration.event_id == event_id).distinct())))
    return sorted(((n, name) for n, name in rows), key=lambda row: norwegian_key(row[1]))


def county_options() -> list[tuple[str, str]]:
    rows = db.session.execute(select(County.number, County.name))
    return sorted(((n, name) for n, name in rows), key=lambda row: norwegian_key(row[1]))
