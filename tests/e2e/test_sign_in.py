"""Signing in and out as door staff: the footer link, the landing on their events, «Logg ut overalt»
(axe on each page, screenshots at 1280 and 360 px in /work/shots/auth when that folder exists)."""
from __future__ import annotations

from pathlib import Path

from app.models import EventRole
from tests.e2e.conftest import check_a11y
from tests.factories import PASSWORD

SHOTS = Path("/work/shots/auth")


def _shoot(page, name: str) -> None:
    if not SHOTS.is_dir():
        return
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_door_staff_sign_in_from_the_footer_pick_an_event_and_sign_out_everywhere(page, app, make):
    first = make.event(title="Lederkonferansen 2027")
    second = make.event(title="Nettverkssamling Nord")
    make.user(EventRole.DOOR, email="dor@example.org", events=[first, second])
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Logg inn").click()
    page.wait_for_url("**/login")
    page.get_by_label("E-postadresse").fill("dor@example.org")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/checkin/")
    check_a11y(page, "innsjekking: velg arrangement")
    _shoot(page, "checkin-list")
    assert page.get_by_role("link", name="Nettverkssamling Nord").is_visible()

    page.get_by_role("link", name="Logg ut").click()
    page.wait_for_url("**/logout")
    check_a11y(page, "logg ut")
    _shoot(page, "logout")
    page.get_by_role("button", name="Logg ut overalt").click()
    page.wait_for_url("**/login")
    assert page.get_by_text("Du er logget ut på alle enheter.").is_visible()
    page.goto("/checkin/")
    assert "/login?next=/checkin/" in page.url
