"""A newcomer finds Lederkonferansen 2027, reads the program and switches to English."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.seeding.run import seed_all
from tests.e2e.conftest import check_a11y, screenshot


@pytest.fixture
def seeded(app):
    with app.app_context():
        seed_all()
        db.session.remove()


def test_newcomer_reads_the_program_and_switches_to_english(page, seeded):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", name="Kommende arrangementer").is_visible()
    check_a11y(page, "forsiden")
    screenshot(page, "index-1280")

    page.get_by_role("link", name="Lederkonferansen 2027").click()
    page.wait_for_url("**/events/lederkonferansen-2027")
    assert page.get_by_role("heading", name="Lederkonferansen 2027", level=1).is_visible()
    program = page.locator("section.program")
    assert program.get_by_role("heading", name="Dag 1: onsdag 14. april 2027").is_visible()
    assert program.get_by_role("heading", name="Dag 2: torsdag 15. april 2027").is_visible()
    assert program.get_by_text("Verksted: Å lede profesjonsfellesskap").is_visible()
    assert program.get_by_text("40 av 40 plasser ledige").first.is_visible()
    check_a11y(page, "programsiden")
    screenshot(page, "event-1280")

    # The speaker's bio is reachable from the program.
    program.get_by_role("link", name="Ragnhild Fjeldstad").first.click()
    assert page.url.endswith("#speaker-" + page.locator("li.speaker:target").get_attribute("id").split("-")[1])
    assert page.locator("li.speaker:target").get_by_text("Forsker på skoleledelse").is_visible()

    # Keyboard: the skip link is the first stop on the page and leads to the main content (from the top: after
    # following the bio link, the next Tab would start from the bio).
    page.goto(page.url.split("#")[0])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Hopp til hovedinnholdet"

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Programme").is_visible()
    assert page.get_by_role("heading", name="Day 1: Wednesday 14 April 2027").is_visible()
    check_a11y(page, "programsiden på engelsk")


def test_program_page_works_on_a_320px_phone(page, seeded):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/events/lederkonferansen-2027")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"horizontal scroll at 320 px: {width}"
    check_a11y(page, "programsiden 320 px")
    screenshot(page, "event-320")
