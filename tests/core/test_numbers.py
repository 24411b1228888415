"""`number_in`: the one parser for whole numbers read from query strings and cookies."""
from __future__ import annotations

import pytest

from app.core.urls import MAX_ID, number_in
from tests.clients import user_client


@pytest.mark.parametrize(("text", "expected"), [
    ("7", 7), ("007", 7), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None), ("", None), (None, None),
    ("-3", None), (" 7", None), ("7.0", None), ("²", None), ("٣", None), ("0" * 5000, None), ("1" * 20, None),
])
def test_ids(text, expected):
    assert number_in(text) == expected


def test_bounds_are_the_callers():
    assert number_in("0", low=0) == 0
    assert number_in("100000", high=99999) is None


@pytest.mark.parametrize("page", ["²", "0" * 5000, "abc", "0"])
def test_a_page_number_no_int_can_read_is_page_one(app, make, page):
    client = user_client(app, make.user().email)
    assert client.get("/admin/audit", query_string={"page": page}).status_code == 200
