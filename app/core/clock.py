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


def local_datetime(day: date, at: time) -> datetime:
    """Oslo wall-clock time on `day` as an aware UTC datetime (handles daylight saving)."""
    return datetime.combine(day, at, tzinfo=OSLO).astimezone(UTC)


def shift_days(moment: datetime | None, days: int) -> datetime | None:
    """The same Oslo wall-clock time `days` days later (earlier if negative), as an aware UTC datetime: a
    09:00 session stays at 09:00 across a change to or from summer time."""
    if moment is None:
        return None
    local = oslo(moment)
    return local_datetime(local.date() + timedelta(days=days), local.time())


def parse_local(text: str) -> datetime:
    """'2027-04-14T09:00' in Oslo time → aware UTC datetime."""
    naive = datetime.fromisoformat(text)
    if naive.tzinfo is not None:
        return naive.astimezone(UTC)
    return naive.replace(tzinfo=OSLO).astimezone(UTC)
