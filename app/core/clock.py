"""The one place that says what time it is, how Oslo times are read from forms, and how times are shown.

Times are stored in UTC (aware) and shown in Europe/Oslo. Tests move the clock with
`frozen(...)` instead of patching datetime.

- Reading: `read_local` is the one reader of what a form's datetime-local input sends; `from_oslo` turns an
  Oslo wall-clock time into UTC and refuses the hour skipped in March and, unless told which, the hour
  repeated in October (`LocalTimeProblem.message()` says so in words); `parse_local` is both in one step.
- Showing: every time a person reads (pages, e-mails, charts, labels) or an export writes goes through the
  functions at the end of this module, in Oslo time: numbers (`time_label` 09:00, `day_month` 14.04,
  `short_date` 14.04.2027, `short_datetime` 14.04.2027 09:00) without Babel, for long lists; words
  (`day_label`, `date_label`, `datetime_label`, `date_range_label`) through Babel in the page's language
  (always bokmål in e-mails: app/mail/texts.py). No other module calls `strftime` (tests/core/test_oslo.py).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _

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


class LocalTimeProblem(ValueError):
    """An Oslo wall-clock time that cannot be read as one moment; `naive` is the time as typed."""

    def __init__(self, naive: datetime) -> None:
        super().__init__(naive.isoformat())
        self.naive = naive

    def message(self) -> str:
        raise NotImplementedError


class NonexistentLocalTime(LocalTimeProblem):
    """An Oslo wall-clock time that never happens: the hour skipped when summer time starts (02:00–03:00 on
    the last Sunday of March)."""

    def message(self) -> str:
        return _("Klokkeslettet %(time)s finnes ikke %(day)s: da begynner sommertiden, og klokka stilles fram fra "
                 "02:00 til 03:00. Velg et klokkeslett før 02:00 eller fra 03:00.",
                 time=time_label(self.naive), day=short_date(self.naive))


class AmbiguousLocalTime(LocalTimeProblem):
    """An Oslo wall-clock time that happens twice: the hour repeated when summer time ends (02:00–03:00 on the
    last Sunday of October). `fold` says which: 0 the first (summer time), 1 the second (standard time)."""

    def message(self) -> str:
        return _("Klokkeslettet %(time)s finnes to ganger %(day)s: da slutter sommertiden, og klokka stilles "
                 "tilbake fra 03:00 til 02:00. Velg under hvilket av dem du mener.",
                 time=time_label(self.naive), day=short_date(self.naive))


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
        raise NonexistentLocalTime(naive)
    if fold is None and is_ambiguous(naive):
        raise AmbiguousLocalTime(naive)
    return local.astimezone(UTC)


def utc_offset(naive: datetime, fold: int = 0) -> str:
    """The offset of Oslo time at wall-clock time `naive`: '+02:00' (summer time) or '+01:00'."""
    minutes = int(naive.replace(tzinfo=OSLO, fold=fold).utcoffset().total_seconds() // 60)
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


_LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def read_local(text: str) -> datetime:
    """What a datetime-local input sends ('2027-04-14T09:00', with seconds or a space) → the naive Oslo
    wall-clock time. ValueError when it is not one."""
    text = text.strip()
    for form in _LOCAL_FORMATS:
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    raise ValueError(f"not a local date and time: {text!r}")
def shift_days(moment: datetime | None, days: int) -> datetime | None:
    """The same Oslo wall-clock time `days` days later (earlier if negative), as an aware UTC datetime: a
    09:00 session stays at 09:00 across a change to or from summer time."""
    if moment is None:
        return None
    local = oslo(moment)
    return local_datetime(local.date() + timedelta(days=days), local.time())


def parse_local(text: str, fold: int | None = None) -> datetime:
    """'2027-04-14T09:00' in Oslo time (or ISO 8601 with its own offset) → aware UTC datetime. Raises
    NonexistentLocalTime / AmbiguousLocalTime as `from_oslo` does, ValueError on anything else."""
    try:
        naive = read_local(text)
    except ValueError:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            return moment.astimezone(UTC)
        naive = moment
    return from_oslo(naive, fold)


# --- showing ----------------------------------------------------------------------------------------

def _wall(moment: datetime | date) -> datetime | date:
    """Oslo wall-clock time: an aware moment converted; a naive one (an export's cell) or a date is one already."""
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        return moment.astimezone(OSLO)
    return moment


def time_label(moment: datetime) -> str:
    """'09:00' in Oslo time (the same in both languages; no Babel call on this hot path)."""
    return _wall(moment).strftime("%H:%M")


def day_month(moment: datetime | date) -> str:
    """'14.04' in Oslo time."""
    return _wall(moment).strftime("%d.%m")


def short_date(moment: datetime | date) -> str:
    """dd.mm.yyyy in Oslo time — the Norwegian everyday form (both languages; no Babel, for long lists)."""
    return _wall(moment).strftime("%d.%m.%Y")


def short_datetime(moment: datetime) -> str:
    """'14.04.2027 09:00' in Oslo time."""
    return _wall(moment).strftime("%d.%m.%Y %H:%M")


def oslo_date(moment: datetime | None) -> date | None:
    """The Oslo calendar day of `moment` (an export's date cell)."""
    return oslo(moment).date() if moment else None


def oslo_minute(moment: datetime | None) -> datetime | None:
    """`moment` as naive Oslo wall-clock time to the minute (an export's date-and-time cell)."""
    return oslo(moment).replace(tzinfo=None, second=0, microsecond=0) if moment else None


def local_input(moment: datetime) -> str:
    """`moment` as a datetime-local input shows it: '2027-04-14T09:00', Oslo wall-clock time."""
    return oslo(moment).strftime("%Y-%m-%dT%H:%M")


# English as it is written in Europe (day before month), not Babel's American "en" default.
_ENGLISH = {"full": "EEEE d MMMM yyyy", "long": "d MMMM yyyy"}


def _bokmal() -> bool:
    return str(get_locale()) == "nb"


def _date(moment: datetime, width: str) -> str:
    return format_date(moment, width if _bokmal() else _ENGLISH[width])


def day_label(moment: datetime) -> str:
    """'torsdag 15. april 2027' / 'Thursday 15 April 2027'."""
    return _date(moment, "full")


def date_label(moment: datetime) -> str:
    """'15. april 2027' / '15 April 2027'."""
    return _date(moment, "long")


def datetime_label(moment: datetime) -> str:
    """'15. april 2027 kl. 09:00' / '15 April 2027, 09:00'."""
    return format_datetime(moment, "d. MMMM yyyy 'kl.' HH:mm" if _bokmal() else "d MMMM yyyy, HH:mm")


def date_range_label(start: datetime, end: datetime) -> str:
    """'14.–15. april 2027' style, or one date when the event is one day (in Oslo time)."""
    if oslo(start).date() == oslo(end).date():
        return date_label(start)
    same_month = oslo(start).strftime("%Y%m") == oslo(end).strftime("%Y%m")
    if _bokmal():
        if same_month:
            return f"{format_datetime(start, 'd.')}–{format_date(end, 'long')}"
        return f"{format_datetime(start, 'd. MMMM')} – {format_date(end, 'long')}"
    if same_month:
        return f"{format_datetime(start, 'd')}–{date_label(end)}"
    return f"{date_label(start)} – {date_label(end)}"
