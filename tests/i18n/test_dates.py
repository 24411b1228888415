"""Dates in both languages, in Oslo time: Norwegian as Norwegians write them, English the European way."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from app.core.clock import date_label, date_range_label, datetime_label, day_label

# 22:30 UTC on 13 April is already 14 April in Oslo (summer time, UTC+2).
START = datetime(2027, 4, 13, 22, 30, tzinfo=UTC)
END = datetime(2027, 4, 15, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(("locale", "expected"), [
    ("nb", ("onsdag 14. april 2027", "14. april 2027", "14.–15. april 2027", "14. april 2027 kl. 00:30")),
    ("en", ("Wednesday 14 April 2027", "14 April 2027", "14–15 April 2027", "14 April 2027, 00:30")),
])
def test_labels(app, locale, expected):
    with app.test_request_context(), force_locale(locale):
        assert (day_label(START), date_label(START), date_range_label(START, END), datetime_label(START)) == expected


def test_ranges_across_months(app):
    end = datetime(2027, 5, 2, 12, 0, tzinfo=UTC)
    with app.test_request_context():
        with force_locale("nb"):
            assert date_range_label(START, end) == "14. april – 2. mai 2027"
        with force_locale("en"):
            assert date_range_label(START, end) == "14 April 2027 – 2 May 2027"
