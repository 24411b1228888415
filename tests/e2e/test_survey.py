"""A participant answers the conference evaluation on a phone; an organiser reads the seeded results."""
from __future__ import annotations

import pytest

from app.core.transaction import transaction
from app.extensions import db
from app.models import Survey, UserRole
from app.seeding.run import seed_all
from app.surveys import builder
from app.surveys.cli import send_due
from tests.e2e.conftest import check_a11y, screenshot
from tests.factories import PASSWORD, Factory
from tests.surveys.helpers import after_event, gathering, invitation_tokens, publish, seed_survey_templates

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def invitation(app):
    """The standard evaluation for a finished event; the link of a participant who chose the workshop."""
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


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"horizontal scroll on a phone: {width}px"


def test_a_participant_answers_on_a_phone(page, invitation):
    page.set_viewport_size(PHONE)
    page.goto(f"/survey/{invitation}")
    assert page.get_by_role("heading", name="Evaluering av Testkonferansen", level=1).is_visible()
    _no_sideways_scroll(page)
    check_a11y(page, "undersøkelsen på mobil")
    screenshot(page, "survey-360")

    # Sending without the required answers: messages next to the questions and summarised at the top.
    page.get_by_role("button", name="Send svarene").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.get_by_role("link").all_inner_texts() == [
        "Spørsmål 2: Velg et svar på dette spørsmålet.", "Spørsmål 3: Velg et svar på dette spørsmålet."]
    _no_sideways_scroll(page)
    check_a11y(page, "undersøkelsen med feil")
    screenshot(page, "survey-360-errors")

    # The summary's link leads to the question; the keyboard chooses the answer (arrow keys in a radio group).
    summary.get_by_role("link").first.click()
    overall = page.get_by_role("group", name="2. Hvor fornøyd er du med konferansen alt i alt?")
    overall.get_by_role("radio", name="1 – Svært misfornøyd").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert overall.get_by_role("radio", name="4").is_checked()
    recommend = page.get_by_role("group", name="3. Hvor sannsynlig er det at du vil anbefale konferansen til en kollega?")
    recommend.get_by_role("radio", name="9").check()
    sessions = page.get_by_role("group", name="4. Hvordan vurderer du øktene du var på? (valgfritt)")
    workshop = sessions.get_by_role("group", name="Verksted: Å lede profesjonsfellesskap")
    workshop.get_by_role("radio", name="5 – Svært bra").check()
    sessions.get_by_role("group", name="Åpning").get_by_role("radio", name="Deltok ikke").check()
    page.get_by_role("group", name="8. Hvilke tema ønsker du deg neste år? (valgfritt)").get_by_role(
        "checkbox", name="Endringsledelse").check()
    page.get_by_label("9. Hva fungerte best? (valgfritt)").fill("Verkstedene og samtalene i pausene.")
    page.get_by_role("button", name="Send svarene").click()

    page.wait_for_url("**/takk")
    assert page.get_by_role("heading", name="Takk for svarene!").is_visible()
    _no_sideways_scroll(page)
    check_a11y(page, "takkesiden")
    screenshot(page, "survey-360-thanks")

    # The link works once.
    page.goto(f"/survey/{invitation}")
    assert page.get_by_role("heading", name="Du har allerede svart").is_visible()
    check_a11y(page, "lenken brukt før")


def test_an_organiser_reads_the_seeded_results(page, app):
    with app.app_context():
        seed_all()
        survey_id = db.session.scalar(db.select(Survey.id).where(Survey.title == "Lederundersøkelsen 2025"))
        db.session.remove()
    user = Factory(app).user(UserRole.ADMINISTRATOR)
    page.goto(f"/admin/surveys/{survey_id}/results")
    page.get_by_label("E-postadresse").fill(user.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"**/admin/surveys/{survey_id}/results")
    assert page.locator("#answer-count").inner_text() == "135"
    check_a11y(page, "resultatsiden")
    screenshot(page, "survey-results-1280")
    page.set_viewport_size(PHONE)
    check_a11y(page, "resultatsiden på mobil")
    screenshot(page, "survey-results-360")

    page.goto(f"/admin/surveys/{survey_id}")
    check_a11y(page, "byggeren")
    screenshot(page, "survey-builder-360")
    page.goto(f"/admin/surveys/{survey_id}/preview")
    check_a11y(page, "forhåndsvisningen")
    page.goto("/admin/surveys/")
    assert page.get_by_role("heading", name="Undersøkelser", level=1).is_visible()
    check_a11y(page, "oversikten over undersøkelser")
