"""What the registration form offers: the municipalities, the years-as-leader bands, the diet
choices, the event's sign-up sessions grouped by time slot, and how their seats are worded."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext, ngettext
from markupsafe import Markup
from sqlalchemy import select

from app.core.collation import norwegian_key
from app.core.labels import DIET, YEARS_BAND
from app.extensions import db
from app.models import Event, Municipality, Session
from app.program import queries
from app.program.queries import Counts

YEARS_BANDS = tuple((band.value, label) for band, label in YEARS_BAND.items())
DIETS = tuple(DIET.items())


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


def seat_state(counts: Counts | None) -> str | None:
    """'full' when there is no seat or anyone waits (a newcomer then queues), 'few' when at most a
    tenth of the seats (at least the last one) are left, else 'free'; None when there is no limit."""
    if counts is None or counts.capacity is None:
        return None
    if counts.seats_left <= 0 or counts.waitlisted:
        return "full"
    return "few" if counts.seats_left <= max(1, counts.capacity // 10) else "free"


# Each state has its own text, sign and border (not told by colour alone; app.css `.seats-*`).
_SIGNS = {"free": "✓", "few": "!", "full": "✕"}


def _waiting(n: int) -> str:
    if not n:
        return gettext("Ingen står på ventelisten ennå.")
    return ngettext("%(num)d står på ventelisten.", "%(num)d står på ventelisten.", n)


def _participant_words(counts: Counts, state: str, whole_event: bool) -> str:
    left, cap = counts.seats_left, counts.capacity
    if state == "full":
        head = gettext("Fullt – du kan melde deg på ventelisten") if whole_event else gettext("Fullt – venteliste")
        return f"{head}. {_waiting(counts.waitlisted)}"
    if whole_event:
        if state == "few":
            return ngettext("Bare %(num)d plass igjen", "Bare %(num)d plasser igjen", left)
        return ngettext("%(num)d ledig plass", "%(num)d ledige plasser", left)
    if state == "few":
        return ngettext("Bare %(num)d av %(cap)d plasser igjen", "Bare %(num)d av %(cap)d plasser igjen", left,
                        cap=cap)
    return ngettext("%(num)d av %(cap)d plasser ledig", "%(num)d av %(cap)d plasser ledige", left, cap=cap)


def _organiser_words(counts: Counts) -> str:
    if counts.capacity is None:
        words = gettext("%(n)d påmeldt · ubegrenset", n=counts.registered)
    else:
        words = gettext("%(n)d av %(cap)d plasser", n=counts.registered, cap=counts.capacity)
    if counts.waitlisted:
        words += " · " + gettext("%(n)d på venteliste", n=counts.waitlisted)
    return words


def seat_words(counts: Counts | None, style: str = "session") -> str:
    """Every wording of seats, in one place: a participant's view of the event's seats ("event") or a
    sign-up session's ("session"), empty when there is no limit; the organisers' numbers ("organiser":
    taken of capacity and the waiting list); the words of the event page's link to the form ("link") and
    of the form's button ("submit"), which say «venteliste» when a newcomer would queue."""
    if style in ("link", "submit"):
        if seat_state(counts) == "full":
            return gettext("Sett meg på ventelisten")
        return gettext("Meld deg på") if style == "link" else gettext("Meld meg på")
    if style == "organiser":
        return _organiser_words(counts or Counts(None))
    state = seat_state(counts)
    return "" if state is None else _participant_words(counts, state, style == "event")


def seats_badge(counts: Counts | None, *, whole_event: bool = False) -> Markup:
    """The seats of the event (`whole_event`) or of a sign-up session as they are now, full, few left
    or free, in words (`seat_words`) with a sign; empty when there is no limit. Templates show it through
    the `seats` macro (app/templates/_macros/seats.html); the event page fills the live part of its cached
    article with it directly (app/public/fragments.py)."""
    state = seat_state(counts)
    if state is None:
        return Markup("")
    return Markup('<span class="seats seats-{0}"><span class="seats-sign" aria-hidden="true">{1}</span> {2}</span>'
                  ).format(state, _SIGNS[state], seat_words(counts, "event" if whole_event else "session"))
