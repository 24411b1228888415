"""The whole interface in English in Chromium: participant pages, the speakers' sign-in, the back office,
the scanner (whose texts reach the script through data-* attributes) and a survey — at desktop width and
on a phone, with axe, without sideways scrolling where people use phones."""
from __future__ import annotations

import re

import pytest

from app.core.transaction import transaction
from app.extensions import db
from app.models import Event, User, UserRole
from app.registration import links
from app.registration import service as registrations
from app.seeding.run import seed_all
from app.surveys import builder
from app.surveys.cli import send_due
from tests.e2e.conftest import check_a11y, screenshot
from tests.factories import PASSWORD, Factory, applicant
from tests.surveys.helpers import after_event, gathering, invitation_tokens, publish, seed_survey_templates

pytestmark = pytest.mark.e2e

SLUG = "lederkonferansen-2027"
PHONE = {"width": 320, "height": 700}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def seeded(app):
    """The seeded events, an organiser, and a participant of Lederkonferansen 2027 with a workshop."""
    with app.app_context():
        seed_all()
        event = db.session.query(Event).filter_by(slug=SLUG).one()
        workshop = next(s for s in event.sessions if s.is_signup)
        with transaction():
            registration = registrations.register(event.id, applicant(1, first_name="Kari", last_name="Nordmann"),
                                                  [workshop.id])
        info = {"token": links.manage_token(registration), "code": links.badge_code(registration)}
        db.session.remove()
    organiser = Factory(app).user(UserRole.ADMINISTRATOR, email="arrangor@example.org")
    with app.app_context():
        db.session.get(User, organiser.id).name = "Olivia Organiser"
        db.session.commit()
        db.session.remove()
    return info


def _english(page) -> None:
    page.goto("/lang/en?next=/")
    assert page.locator("html").get_attribute("lang") == "en"


def _fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url}: horizontal scroll at {width} px ({scroll} px wide)"


def _look(page, name: str, width: int, *, must_fit: bool = True) -> None:
    assert page.locator("html").get_attribute("lang") == "en"
    if must_fit:
        _fits(page, width)
    check_a11y(page, f"{name} ({width} px, English)")
    screenshot(page, f"en-{name}-{width}")


def test_participant_pages_and_speaker_sign_in_in_english(page, seeded):
    _english(page)
    for size in (DESKTOP, PHONE):
        width = size["width"]
        page.set_viewport_size(size)
        page.goto("/")
        assert page.get_by_role("heading", name="Upcoming events").is_visible()
        _look(page, "index", width)

        page.goto(f"/events/{SLUG}")
        assert page.get_by_role("heading", name="Programme").is_visible()
        _look(page, "event", width)

        page.goto(f"/events/{SLUG}/register")
        page.get_by_role("button", name="Register me").click()
        summary = page.locator("#error-summary")
        summary.wait_for()
        assert "Enter your first name." in summary.inner_text()
        assert page.get_by_label("I have read and accept the privacy notice").is_visible()
        _look(page, "register-errors", width)

        page.goto(f"/me/{seeded['token']}")
        assert page.get_by_role("heading", name="You are registered").is_visible()
        _look(page, "manage", width)

        page.goto("/speaker/login")
        assert page.get_by_role("heading", name="Sign in as a speaker").is_visible()
        _look(page, "speaker-login", width)


def test_back_office_and_scanner_in_english(page, seeded, live_server):
    _english(page)
    page.goto("/login")
    page.get_by_label("Email address").fill("arrangor@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Upcoming and ongoing").is_visible()
    _look(page, "admin", 1280, must_fit=False)
    page.goto(f"/admin/events/{SLUG}/")
    assert page.get_by_role("heading", name="Key figures").is_visible()
    _look(page, "admin-event", 1280)
    page.goto(f"/admin/events/{SLUG}/registrations")
    _look(page, "admin-registrations", 1280, must_fit=False)

    # The scanner's answers come from the page's data-* texts: English here.
    for size, title in ((PHONE, "Welcome!"), (DESKTOP, "Already checked in")):
        page.set_viewport_size(size)
        page.goto(f"/checkin/{SLUG}")
        page.wait_for_selector("#scanner[data-ready='1']")
        assert page.locator("#net-status").inner_text() == "Online"
        page.locator("#code").press_sequentially(f"{live_server}/b/{seeded['code']}", delay=2)
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => document.getElementById('result-title').textContent === '{title}'")
        assert page.locator("#result-name").inner_text() == "Kari Nordmann"
        assert page.get_by_role("button", name="Next").is_visible()
        _look(page, "checkin", size["width"])
    detail = page.locator("#result-detail").inner_text()
    assert re.fullmatch(r"Checked in at \d\d:\d\d by Olivia Organiser\.", detail), detail


@pytest.fixture
def invitation(app):
    """The standard evaluation for a finished event; one participant's link."""
    make = Factory(app)
    g = gathering(app, make, people=2)
    with app.app_context():
        template = seed_survey_templates()["konferanseevaluering"]
        with transaction():
            survey = builder.create_survey(g.event_id, title="Evaluering av Testkonferansen", source_id=template.id)
        publish(survey.id)
        after_event(g)
        send_due()
        token = invitation_tokens(survey.id)[g.registration_ids[0]]
        db.session.remove()
    return token


def test_a_survey_in_english(page, invitation):
    _english(page)
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(f"/survey/{invitation}")
        page.get_by_role("button", name="Send your answers").click()
        summary = page.locator("#error-summary")
        summary.wait_for()
        assert "Question 2: Choose an answer to this question." in summary.inner_text()
        _look(page, "survey-errors", size["width"])
