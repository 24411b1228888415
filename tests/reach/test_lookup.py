"""One kommune looked up on the reach page (?kommune=<number>): «nådd» or «ikke nådd» by the same rule as the
counts; a share above nothing never reads «0 %»."""
from __future__ import annotations

import re

import pytest

from app.models import UserRole
from app.reach.presentation import share_label
from tests.reach.world import build


@pytest.fixture
def world(app, make, frozen_now):
    return build(app, make, frozen_now)


@pytest.fixture
def admin(make, login):
    make.user(UserRole.ADMINISTRATOR, email="rekkevidde@example.org")
    login("rekkevidde@example.org")


def _said(html: str) -> str:
    found = re.search(r'<p class="notice[^"]*" role="status" id="lookup-result">\s*(.*?)</p>', html, re.S)
    return " ".join(found.group(1).split()) if found else ""


def test_looking_up_one_kommune_says_whether_it_is_reached(app, client, world, admin):
    assert _said(client.get("/admin/reach?year=2027&kommune=5601").get_data(as_text=True)) == (
        "Alta er nådd i perioden.")  # checked in where check-in was used
    assert _said(client.get("/admin/reach?year=2027&kommune=5603").get_data(as_text=True)) == (
        "Hammerfest - Hámmerfeasta er ikke nådd i perioden.")  # registered, never checked in
    assert _said(client.get("/admin/reach?year=2027&kommune=5501").get_data(as_text=True)) == (
        "Tromsø er ikke nådd i perioden.")  # cancelled
    assert _said(client.get("/admin/reach?year=2026&kommune=4601").get_data(as_text=True)) == (
        "Bergen er nådd i perioden.")
    html = client.get("/admin/reach?year=2027&kommune=9999").get_data(as_text=True)
    assert _said(html) == "" and "3 av 357 kommuner nådd" in html  # an unknown number: no answer, the page stands
    assert '<option value="5601" selected>Alta</option>' in client.get(
        "/admin/reach?year=2027&kommune=5601").get_data(as_text=True)


def test_a_small_share_is_under_one_percent_not_none(app):
    with app.test_request_context():
        assert share_label(0, 357) == "0 %"
        assert share_label(1, 357) == "under 1 %"
        assert share_label(2, 357) == "1 %"
        assert share_label(1, 18) == "6 %"
        assert share_label(0, 0) == "0 %"
