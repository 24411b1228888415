from datetime import date, time

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
