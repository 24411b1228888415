"""The one place that says what time it is, and how times are shown.

Times are stored in UTC (aware) and shown in Europe/Oslo. Tests move the clock with
`frozen(...)` instead of patching datetime.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

_frozen: datetime | None = None


def now() -> datetime:
    """Current time, aware, in UTC."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def set_now(moment: datetime | None) -> None:
    """Freeze the clock at `moment` (aware), or unfreeze with None."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("set_now needs an aware datetime")
    _frozen = moment.astimezone(UTC) if moment is not None else None


@contextmanager
def frozen(moment: datetime) -> Iterator[None]:
    previous = _frozen
    set_now(moment)
    try:
        yield
    finally:
        set_now(previous)


def oslo(moment: datetime) -> datetime:
    """An aware datetime shown in Oslo time."""
    return moment.astimezone(OSLO)


def machine_time(moment: datetime) -> str:
    """A moment for machines (`<time datetime>`): ISO 8601 in UTC, to the second, or to the millisecond when it
    has a fraction (HTML's date-time string allows at most three fraction digits)."""
    utc = moment.astimezone(UTC)
    return utc.isoformat(timespec="milliseconds" if utc.microsecond else "seconds")


def local_datetime(day: date, at: time) -> datetime:
    """Oslo wall-clock time on `day` as an aware UTC datetime (handles daylight saving)."""
    return datetime.combine(day, at, tzinfo=OSLO).astimezone(UTC)


class NonexistentLocalTime(ValueError):
    """An Oslo wall-clock time that never happens: the hour skipped when summer time starts (02:00–03:00 on
    the last Sunday of March)."""


class AmbiguousLocalTime(ValueError):
    """An Oslo wall-clock time that happens twice: the hour repeated when summer time ends (02:00–03:00 on the
    last Sunday of October). `fold` says which: 0 the first (summer time), 1 the second (standard time)."""


def is_ambiguous(naive: datetime) -> bool:
    """True when the Oslo wall-clock time `naive` happens twice (the repeated hour in October)."""
    first, second = naive.replace(tzinfo=OSLO, fold=0), naive.replace(tzinfo=OSLO, fold=1)
    return first.utcoffset() != second.utcoffset() and _exists(first)


def _exists(local: datetime) -> bool:
    return local.astimezone(UTC).astimezone(OSLO).replace(tzinfo=None) == local.replace(tzinfo=None)


def from_oslo(naive: datetime, fold: int | None = None) -> datetime:
    """The one reading of an Oslo wall-clock time (a form's datetime-local, the seed) → aware UTC.

    Refuses a time in the spring gap (NonexistentLocalTime) and, unless `fold` says which, one in the repeated
    autumn hour (AmbiguousLocalTime): we never guess an hour for the user."""
    naive = naive.replace(tzinfo=None)
    local = naive.replace(tzinfo=OSLO, fold=fold or 0)
    if not _exists(local):
        raise NonexistentLocalTime(naive.isoformat())
    if fold is None and is_ambiguous(naive):
        raise AmbiguousLocalTime(naive.isoformat())
    return local.astimezone(UTC)
def shift_days(moment: datetime | None, days: int) -> datetime | None:
    """The same Oslo wall-clock time `days` days later (earlier if negative), as an aware UTC datetime: a
    09:00 session stays at 09:00 across a change to or from summer time."""
    if moment is None:
        return None
    local = oslo(moment)
    return local_datetime(local.date() + timedelta(days=days), local.time())


def parse_local(text: str) -> datetime:
    """'2027-04-14T09:00' in Oslo time (or with its own offset) → aware UTC datetime."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    return from_oslo(moment)
