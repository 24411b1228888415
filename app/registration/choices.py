"""What the registration form offers: the municipalities, the years-as-leader bands, the diet
choices and the event's sign-up sessions grouped by time slot (with their seats)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext, ngettext
from sqlalchemy import select

from app.core.collation import norwegian_key
from app.core.labels import DIET, YEARS_BAND
from app.extensions import db
from app.models import Event, Municipality, Session
from app.program import queries
from app.program.queries import Counts

YEARS_BANDS = tuple((band.value, label) for band, label in YEARS_BAND.items())
DIETS = tuple(DIET.items())
DIET_CODES = frozenset(code for code, _label in DIETS)



@dataclass(frozen=True)
class KommuneOption:
    number: str
    label: str  # the official name, with a parallel Sámi or Kven name where there is one
    name: str


def kommune_options() -> list[KommuneOption]:
    rows = db.session.execute(select(Municipality.number, Municipality.name, Municipality.official_name)).all()
    options = [KommuneOption(number, official or name, name) for number, name, official in rows]
    return sorted(options, key=lambda o: norwegian_key(o.label))


_known_numbers: frozenset[str] = frozenset()


def municipality_exists(number: str) -> bool:
    """Checked on every registration: the kommunenummer set is reference data, so it is kept per
    process and read again only when a number is not in it (e.g. after `flask seed` added one)."""
    global _known_numbers
    if number in _known_numbers:
        return True
    _known_numbers = frozenset(db.session.scalars(select(Municipality.number)))
    return number in _known_numbers


@dataclass(frozen=True)
class SignupSlot:
    """Sign-up sessions that start at the same time: the participant picks at most one."""

    starts_at: datetime
    ends_at: datetime
    sessions: list[Session]


def signup_slots(event: Event) -> list[SignupSlot]:
    """The event's sign-up sessions (workshops, parallel sessions) in time order, grouped by start."""
    slots: list[SignupSlot] = []
    for day in queries.by_day(queries.program(event)):
        for slot in day.slots:
            members = [s for s in slot.sessions if s.is_signup]
            if members:
                slots.append(SignupSlot(slot.starts_at, max(s.ends_at for s in members), members))
    return slots


def seats_text(counts: Counts | None) -> str:
    """'12 ledige plasser', 'Fullt – du kommer på venteliste', or '' when there is no limit."""
    if counts is None or counts.capacity is None:
        return ""
    if counts.seats_left <= 0:
        return gettext("Fullt – du kommer på venteliste")
    return ngettext("%(num)d ledig plass", "%(num)d ledige plasser", counts.seats_left)
