"""A participant finds the calendar buttons on the event page and on their own page, and makes a new link."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.calendar import versions
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import SessionKind
from app.program.cache import fragments
from app.registration import links, service
from tests.e2e.conftest import check_a11y, screenshot
from tests.factories import Factory, applicant


@pytest.fixture
def conference(app, live_server):
    fragments.clear()  # ids and program versions restart in every test's database
    versions.forget()
    make = Factory(app)
    start = clock.local_datetime((clock.now() + timedelta(days=40)).date(), datetime.min.time().replace(hour=9))
    event = make.event(slug="kalenderkonferansen", title="Kalenderkonferansen", starts_at=start,
                       ends_at=start + timedelta(hours=7), description="Om ledelse i kulturskolen.")
    speaker = make.speaker(name="Máret Ánne Sara", organisation="Sámi allaskuvla")
    plenary = make.session(event, title="Åpning: Čoahkkin", kind=SessionKind.PLENARY, speakers=[speaker])
    make.session(event, title="Verksted: Ŋ og ŧ", kind=SessionKind.WORKSHOP, capacity=20,
                 starts_at=start + timedelta(hours=2), ends_at=start + timedelta(hours=3))
    with app.app_context():
        with transaction():
            reg = service.register(event.id, applicant("kal"), [])
        manage, token = links.manage_token(reg), links.feed_token(reg)
        db.session.remove()
    yield {"event": event, "plenary": plenary, "manage": manage, "token": token, "base": live_server}
    fragments.clear()


def test_calendar_buttons_on_the_event_page_and_my_page(page, conference):
    base = conference["base"]
    page.goto("/events/kalenderkonferansen")
    box = page.locator("section.calendar-subscribe")
    assert box.get_by_role("heading", name="Legg arrangementet i kalenderen").is_visible()
    feed = f"{base}/events/kalenderkonferansen/calendar.ics"
    subscribe = box.get_by_role("link", name="Abonner i kalenderen")
    assert subscribe.get_attribute("href") == feed.replace("http://", "webcal://")
    google = box.get_by_role("link", name="Legg til i Google Kalender")
    assert google.get_attribute("href").startswith("https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F")
    assert box.get_by_role("link", name="Last ned .ics").get_attribute("href") == feed
    assert box.get_by_label("Kalenderlenke").input_value() == feed
    add_one = page.get_by_role("link", name="Legg til denne i kalenderen: Åpning: Čoahkkin", exact=True)
    assert add_one.get_attribute("href") == f"/events/kalenderkonferansen/sessions/{conference['plenary'].id}.ics"
    # The download link really serves the calendar.
    response = page.request.get(feed)
    assert response.status == 200 and response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Åpning: Čoahkkin" in response.text()
    # Keyboard: the buttons are reachable and show their focus.
    subscribe.focus()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Abonner i kalenderen"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Legg til i Google Kalender"
    check_a11y(page, "programsiden med kalenderknapper")
    screenshot(page, "calendar-event-page")

    page.goto(f"/me/{conference['manage']}")
    mine = page.locator("section.calendar-subscribe")
    assert mine.get_by_role("heading", name="Sesjonene dine i kalenderen").is_visible()
    old_feed = f"{base}/calendar/{conference['token']}.ics"
    assert mine.get_by_label("Kalenderlenke").input_value() == old_feed
    check_a11y(page, "min påmelding med kalender")
    mine.get_by_role("button", name="Lag ny kalenderlenke").click()
    page.wait_for_load_state()
    assert page.get_by_text("Du har fått en ny kalenderlenke, og den gamle virker ikke lenger.").is_visible()
    new_feed = page.locator("section.calendar-subscribe").get_by_label("Kalenderlenke").input_value()
    assert new_feed != old_feed and new_feed.startswith(f"{base}/calendar/")
    assert page.request.get(old_feed).status == 404
    assert page.request.get(new_feed).status == 200
    check_a11y(page, "min påmelding etter ny lenke")
    screenshot(page, "calendar-manage-page")
