"""Rekkevidde in the browser: the map and tables at 1280 and 360 px (no sideways scrolling, axe clean);
screenshots in /tmp/reach-1280.png and /tmp/reach-360.png."""
from __future__ import annotations

from pathlib import Path

from app.models import UserRole
from tests.e2e.journey_steps import look, sign_in
from tests.reach.world import build


def test_reach_page_at_both_widths(app, make, frozen_now, page):
    build(app, make, frozen_now)
    make.user(UserRole.ADMINISTRATOR, email="rekkevidde@example.org")
    sign_in(page, "rekkevidde@example.org", "/admin/reach?year=2027")
    assert page.get_by_text("3 av 357 kommuner nådd").is_visible()
    look(page, "reach", folder=Path("/tmp"))
