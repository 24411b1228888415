from datetime import date, datetime, time

import pytest

from app.core import clock
from tests.conftest import utc


def test_local_times_handle_daylight_saving():
    assert clock.local_datetime(date(2027, 3, 27), time(9, 0)) == utc(2027, 3, 27, 8, 0)  # CET, +01:00
    assert clock.local_datetime(date(2027, 3, 29), time(9, 0)) == utc(2027, 3, 29, 7, 0)  # CEST, +02:00
    assert clock.parse_local("2027-10-31T09:00") == utc(2027, 10, 31, 8, 0)


def test_frozen_clock():
    with clock.frozen(utc(2027, 1, 1, 12)):
        assert clock.now() == utc(2027, 1, 1, 12)
    assert clock.now() != utc(2027, 1, 1, 12)


def test_a_time_in_the_hour_skipped_in_march_is_refused():
    for text in ("2027-03-28T02:00", "2027-03-28T02:30", "2027-03-28T02:59"):
        with pytest.raises(clock.NonexistentLocalTime):
            clock.from_oslo(datetime.fromisoformat(text))
        with pytest.raises(clock.NonexistentLocalTime):
            clock.parse_local(text)
    assert clock.from_oslo(datetime(2027, 3, 28, 1, 59)) == utc(2027, 3, 28, 0, 59)
    assert clock.from_oslo(datetime(2027, 3, 28, 3, 0)) == utc(2027, 3, 28, 1, 0)


def test_a_time_in_the_hour_repeated_in_october_needs_its_fold():
    naive = datetime(2027, 10, 31, 2, 30)
    assert clock.is_ambiguous(naive)
    with pytest.raises(clock.AmbiguousLocalTime):
        clock.from_oslo(naive)
    assert clock.from_oslo(naive, 0) == utc(2027, 10, 31, 0, 30)  # the first: summer time, +02:00
    assert clock.from_oslo(naive, 1) == utc(2027, 10, 31, 1, 30)  # the second: standard time, +01:00
    assert not clock.is_ambiguous(datetime(2027, 10, 31, 3, 0))
    assert not clock.is_ambiguous(datetime(2027, 3, 28, 2, 30))  # the gap is not a repeat
    assert clock.from_oslo(datetime(2027, 10, 31, 3, 0)) == utc(2027, 10, 31, 2, 0)
