"""One reader and one writer of Oslo time (app/core/clock.py): form input read the one way, every time shown or
exported formatted the one way, across the two nights the clocks change (last Sunday of March and October)."""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale

from app.admin import charts
from app.checkin import stats as checkin_stats
from app.core import clock, spreadsheets
from app.registration import stats
from tests.conftest import utc

APP = Path(__file__).resolve().parents[2] / "app"

# strftime/strptime that are not a time shown to a person or written to an export.
ALLOWED = {
    ("registration/stats.py", 'func.strftime("%Y-%m-%d %H", column)'),  # SQLite's hour key, in SQL
    ("registration/stats.py", 'datetime.strptime(text, "%Y-%m-%d %H")'),  # reads that key back (UTC)
    ("checkin/stats.py", 'func.strftime("%s", column)'),  # SQLite's epoch seconds, in SQL
    ("templates/registration/_sessions.html", 'slot.starts_at.strftime("%Y%m%dT%H%M")'),  # a form group's name
}


def test_no_strftime_outside_the_clock():
    found = set()
    for path in [*APP.rglob("*.py"), *APP.rglob("*.html"), *APP.rglob("*.txt")]:
        name = str(path.relative_to(APP))
        if name == "core/clock.py":
            continue
        for match in re.finditer(r"[\w.]*\.str[fp]time\([^)]*\)", path.read_text(encoding="utf-8")):
            found.add((name, match.group(0)))
    assert found == ALLOWED


@pytest.mark.parametrize(("text", "expected"), [
    ("2027-03-28T01:59", utc(2027, 3, 28, 0, 59)),  # the last minute of winter time (+01:00)
    ("2027-03-28T03:00", utc(2027, 3, 28, 1, 0)),  # the first of summer time (+02:00)
    ("2027-03-28 03:00:00", utc(2027, 3, 28, 1, 0)),  # with a space and seconds
    ("2027-10-31T01:59", utc(2027, 10, 30, 23, 59)),
    ("2027-10-31T03:00", utc(2027, 10, 31, 2, 0)),
    ("2027-10-31T02:30+01:00", utc(2027, 10, 31, 1, 30)),  # its own offset says which 02:30
    (" 2027-12-31T23:30 ", utc(2027, 12, 31, 22, 30)),
])
def test_parse_local_across_the_changes(text, expected):
    assert clock.parse_local(text) == expected


def test_the_skipped_hour_and_the_repeated_hour_are_said_in_norwegian(app):
    with app.test_request_context("/"):
        with pytest.raises(clock.NonexistentLocalTime) as skipped:
            clock.parse_local("2027-03-28T02:30")
        with pytest.raises(clock.AmbiguousLocalTime) as repeated:
            clock.parse_local("2027-10-31T02:30")
        assert skipped.value.message() == (
            "Klokkeslettet 02:30 finnes ikke 28.03.2027: da begynner sommertiden, og klokka stilles fram fra 02:00 "
            "til 03:00. Velg et klokkeslett før 02:00 eller fra 03:00.")
        assert repeated.value.message() == (
            "Klokkeslettet 02:30 finnes to ganger 31.10.2027: da slutter sommertiden, og klokka stilles tilbake fra "
            "03:00 til 02:00. Velg under hvilket av dem du mener.")
    assert clock.parse_local("2027-10-31T02:30", fold=0) == utc(2027, 10, 31, 0, 30)
    assert clock.parse_local("2027-10-31T02:30", fold=1) == utc(2027, 10, 31, 1, 30)
    assert clock.utc_offset(datetime(2027, 10, 31, 2, 30), 0) == "+02:00"
    assert clock.utc_offset(datetime(2027, 10, 31, 2, 30), 1) == "+01:00"
    for bad in ("", "31.12.2027 09:00", "2027-13-01T09:00", "i morgen"):
        with pytest.raises(ValueError):
            clock.parse_local(bad)


@pytest.mark.parametrize(("moment", "hhmm", "ddmm", "day", "both", "field"), [
    (utc(2027, 3, 28, 0, 59), "01:59", "28.03", "28.03.2027", "28.03.2027 01:59", "2027-03-28T01:59"),
    (utc(2027, 3, 28, 1, 0), "03:00", "28.03", "28.03.2027", "28.03.2027 03:00", "2027-03-28T03:00"),
    (utc(2027, 10, 31, 0, 30), "02:30", "31.10", "31.10.2027", "31.10.2027 02:30", "2027-10-31T02:30"),
    (utc(2027, 10, 31, 1, 30), "02:30", "31.10", "31.10.2027", "31.10.2027 02:30", "2027-10-31T02:30"),
    (utc(2027, 12, 31, 23, 30), "00:30", "01.01", "01.01.2028", "01.01.2028 00:30", "2028-01-01T00:30"),
])
def test_formats_in_oslo_time_across_the_changes(moment, hhmm, ddmm, day, both, field):
    assert clock.time_label(moment) == hhmm
    assert clock.day_month(moment) == ddmm
    assert clock.short_date(moment) == day
    assert clock.short_datetime(moment) == both
    assert clock.local_input(moment) == field


def test_words_in_bokmal_and_english(app):
    with app.test_request_context("/"):
        with force_locale("nb"):
            assert clock.day_label(utc(2027, 3, 28, 1, 0)) == "søndag 28. mars 2027"
            assert clock.datetime_label(utc(2027, 10, 31, 1, 30)) == "31. oktober 2027 kl. 02:30"
            assert clock.date_range_label(utc(2027, 10, 30, 8, 0), utc(2027, 10, 31, 15, 0)) == "30.–31. oktober 2027"
            # 23:30 UTC on 31 December is already New Year's Day in Oslo: one day, not a range.
            assert clock.date_range_label(utc(2027, 12, 31, 23, 30), utc(2028, 1, 1, 1, 0)) == "1. januar 2028"
        with force_locale("en"):
            assert clock.day_label(utc(2027, 3, 28, 1, 0)) == "Sunday 28 March 2027"
            assert clock.datetime_label(utc(2027, 10, 31, 1, 30)) == "31 October 2027, 02:30"


def test_exports_write_oslo_days_and_minutes():
    assert clock.oslo_date(utc(2027, 12, 31, 23, 30)) == date(2028, 1, 1)
    assert clock.oslo_minute(utc(2027, 10, 31, 1, 30, 59)) == datetime(2027, 10, 31, 2, 30)
    assert clock.oslo_date(None) is None and clock.oslo_minute(None) is None
    # Export cells are Oslo wall-clock time already (naive) or days: written as they are.
    assert spreadsheets.csv_value(clock.oslo_minute(utc(2027, 3, 28, 1, 0))) == "28.03.2027 03:00"
    assert spreadsheets.csv_value(date(2028, 1, 1)) == "01.01.2028"


def test_the_door_charts_label_their_columns_in_oslo_time(app, monkeypatch):
    assert checkin_stats.bucket_label(utc(2027, 3, 28, 1, 0), 900, several_days=False) == "03:00"
    assert checkin_stats.bucket_label(utc(2027, 10, 31, 1, 30), 900, several_days=True) == "31.10 02:30"
    assert checkin_stats.bucket_label(utc(2027, 12, 31, 23, 0), 86400, several_days=True) == "01.01.2028"
    data = stats.Arrivals(2, 10, [(clock.oslo(utc(2027, 10, 31, 0, 0)), 1), (clock.oslo(utc(2027, 10, 31, 1, 0)), 1)])
    monkeypatch.setattr(charts.stats, "checkins", lambda _event: data)
    with app.test_request_context("/"), force_locale("nb"):
        _data, chart = charts.arrivals(None)
    assert [row.label for row in chart.rows] == ["31.10 02:00", "31.10 02:00"]  # the repeated hour, twice

