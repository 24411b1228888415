"""A newcomer registers for Lederkonferansen 2027 in Chromium, picks workshops, gets the e-mail,
follows its link, changes a workshop and cancels. axe-core checks the form, its error state and
the manage page; screenshots at 360 px and 1280 px."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import Registration
from app.registration import links
from app.seeding.run import seed_all
from tests.e2e.conftest import check_a11y, screenshot
from tests.smtp import SmtpServer

EVENT = "/events/lederkonferansen-2027"


@pytest.fixture
def seeded(app):
    with app.app_context():
        seed_all()
        db.session.remove()
    clock.set_now(datetime(2027, 1, 15, 10, 0, tzinfo=UTC))  # registration is open; the fixture resets it


def _deliver(app, smtp, count):
    with app.app_context():
        deliver_due()
        db.session.remove()
    return smtp.wait_for(count)


def _no_horizontal_scroll(page, width):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"horizontal scroll at {width} px: {scroll}"


def test_newcomer_registers_changes_a_workshop_and_cancels(page, seeded, app, smtp):
    page.goto(EVENT)
    page.get_by_text("Allerede påmeldt? Få lenken til påmeldingen din på nytt").click()
    check_a11y(page, "arrangementssiden med «send lenken på nytt»")
    screenshot(page, "event-resend-1280")
    page.get_by_role("link", name="Meld deg på").click()
    page.wait_for_url(f"**{EVENT}/register")
    assert page.get_by_role("heading", name="Meld deg på Lederkonferansen 2027", level=1).is_visible()
    check_a11y(page, "påmeldingsskjemaet")
    screenshot(page, "register-1280")

    # Sending the empty form: a summary on top, each message next to its field.
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_selector("#error-summary")
    summary = page.get_by_role("alert").filter(has_text="Noe må rettes før du kan gå videre")
    assert summary.is_visible()
    assert summary.get_by_role("link", name="Fornavn: Skriv fornavnet ditt.").is_visible()
    assert page.locator("#first_name").get_attribute("aria-invalid") == "true"
    check_a11y(page, "skjemaet med feil")
    screenshot(page, "register-errors-1280")
    summary.get_by_role("link", name="Kommune: Velg kommunen du jobber i.").click()
    assert page.evaluate("document.activeElement.id") == "kommune"  # the link leads to the combobox

    page.get_by_label("Fornavn").fill("Áile")
    page.get_by_label("Etternavn").fill("Nyleder")
    page.get_by_label("E-postadresse").fill("aile.nyleder@example.org")
    page.get_by_label("Mobilnummer").fill("912 34 567")
    page.get_by_label("Arbeidssted").fill("Kárášjoga kulturskole")

    # Kommune: the Sámi name and the Norwegian name find the same one.
    combo = page.get_by_role("combobox", name="Kommune")
    combo.fill("Kárášjohka")
    assert page.get_by_role("option").all_inner_texts() == ["Kárášjohka - Karasjok"]
    combo.fill("")
    combo.type("karasjok")
    assert page.get_by_role("option").all_inner_texts() == ["Kárášjohka - Karasjok"]
    assert page.get_by_role("status").filter(has_text="1 kommune passer").count() == 1
    screenshot(page, "register-kommune-1280")
    combo.press("ArrowDown")
    combo.press("Enter")
    assert combo.input_value() == "Kárášjohka - Karasjok"
    assert page.locator("select[name=kommune]").input_value() == "5610"

    page.get_by_label("Stilling", exact=True).fill("Kulturskolerektor")
    page.get_by_role("group", name="Erfaring som leder i kulturskolen").get_by_label("Mindre enn 1 år").check()
    page.get_by_label("Verksted: Å lede profesjonsfellesskap").check()
    page.get_by_label("Verksted: Startpakke for nye ledere").check()
    page.get_by_text("Kosthold, allergier og tilrettelegging").first.click()  # opens the optional section
    page.get_by_label("Jeg samtykker i at dere lagrer det jeg skriver om kosthold").check()
    page.get_by_label("Vegetar").check()
    page.get_by_label("Organisasjonsnummer for faktura").fill("974 760 673")
    page.get_by_label("Jeg har lest og godtar personvernerklæringen").check()
    page.get_by_role("button", name="Meld meg på").click()

    # The same answer whoever holds the address: check your e-mail.
    page.wait_for_url(f"**{EVENT}/registered*")  # with ?for=nye-ledere for a new leader
    assert page.get_by_role("heading", name="Sjekk e-posten din").is_visible()
    assert page.get_by_role("status").filter(
        has_text="Takk! Vi sender en e-post til aile.nyleder@example.org om påmeldingen til Lederkonferansen 2027."
    ).is_visible()
    check_a11y(page, "sjekk e-posten din")
    screenshot(page, "registered-1280")

    # The confirmation arrives with the link to the registration's page.
    arrived = _deliver(app, smtp, 2)  # and the welcome with the start package: she has led for under a year
    [mail] = [m for m in arrived if "Velkommen som kulturskoleleder" not in str(m["Subject"])]
    text = SmtpServer.text_of(mail)
    assert "Du er påmeldt Lederkonferansen 2027. Velkommen!" in text
    assert "Verksted: Startpakke for nye ledere (Lågen) – du har plass" in text
    link = re.search(r"http://127\.0\.0\.1:\d+/me/[A-Z0-9]{24}", text).group(0)
    page.goto(link)
    manage_url = page.url
    assert page.get_by_role("heading", name="Du er påmeldt").is_visible()
    choices = page.locator("ul.my-choices")
    assert choices.get_by_text("Verksted: Å lede profesjonsfellesskap").is_visible()
    assert choices.get_by_text("Verksted: Startpakke for nye ledere").is_visible()
    check_a11y(page, "min påmelding")
    screenshot(page, "manage-1280")

    # Following the link: change a detail, then swap a workshop (one choice per time slot).
    page.get_by_role("link", name="Endre opplysningene").click()
    page.wait_for_url(manage_url + "/details")
    assert page.get_by_role("combobox", name="Kommune").input_value() == "Kárášjohka - Karasjok"
    check_a11y(page, "endre opplysningene")
    page.get_by_label("Mobilnummer").fill("+47 912 34 568")
    page.get_by_role("button", name="Lagre endringene").click()
    page.wait_for_selector("p.flash-success:has-text('Opplysningene dine er lagret.')")
    assert page.get_by_role("status").filter(has_text="Opplysningene dine er lagret.").is_visible()
    assert page.locator("#details").get_by_text("+47 912 34 568").is_visible()
    page.get_by_label("Verksted: Å bygge kompetanseteam").check()
    assert not page.get_by_label("Verksted: Å lede profesjonsfellesskap").is_checked()
    page.get_by_role("button", name="Lagre valgene").click()
    page.wait_for_selector("p.flash-success:has-text('Valgene dine er lagret.')")
    assert page.get_by_role("status").filter(has_text="Valgene dine er lagret.").is_visible()
    texts = [SmtpServer.text_of(m) for m in _deliver(app, smtp, 4)[2:]]  # sent at once, as under make run
    assert sorted(text.splitlines()[2] for text in texts) == [
        "Du er meldt av disse programpostene på Lederkonferansen 2027:",  # with a CANCEL for its calendar entry
        "Endringene i påmeldingen din til Lederkonferansen 2027 er lagret.",
    ]
    choices = page.locator("ul.my-choices")
    assert choices.get_by_text("Verksted: Å bygge kompetanseteam").is_visible()
    assert choices.get_by_text("Verksted: Å lede profesjonsfellesskap").count() == 0

    # Cancel, after a confirmation step.
    page.get_by_role("link", name="Meld meg av").click()
    page.wait_for_url(manage_url + "/cancel")
    assert page.get_by_role("heading", name="Vil du melde deg av Lederkonferansen 2027?").is_visible()
    check_a11y(page, "bekreft avmelding")
    page.get_by_role("button", name="Ja, meld meg av").click()
    page.wait_for_url(manage_url)
    assert page.get_by_role("heading", name="Du er meldt av").is_visible()
    check_a11y(page, "avmeldt")

    cancelled = _deliver(app, smtp, 5)[4]
    assert SmtpServer.text_of(cancelled).splitlines()[2] == (
        "Du er meldt av Lederkonferansen 2027. Plassen din går videre til den første på ventelisten.")


def test_the_form_and_the_manage_page_on_a_360px_phone(page, seeded, app):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{EVENT}/register")
    _no_horizontal_scroll(page, 360)
    screenshot(page, "register-360")
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_selector("#error-summary")
    _no_horizontal_scroll(page, 360)
    check_a11y(page, "skjemaet med feil, 360 px")
    screenshot(page, "register-errors-360")
    page.get_by_label("Fornavn").fill("Ola")
    page.get_by_label("Etternavn").fill("Mobil")
    page.get_by_label("E-postadresse").fill("ola.mobil@example.org")
    page.get_by_label("Arbeidssted").fill("Lillehammer kulturskole")
    page.get_by_role("combobox", name="Kommune").fill("Lilleham")
    page.get_by_role("option", name="Lillehammer").click()
    page.get_by_label("Stilling", exact=True).fill("Avdelingsleder")
    page.get_by_label("7–10 år").check()
    page.get_by_label("Kulturskole i samisk språkområde").check()
    page.get_by_label("Organisasjonsnummer for faktura").fill("974760673")
    page.get_by_label("Jeg har lest og godtar personvernerklæringen").check()
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_url(f"**{EVENT}/registered")
    _no_horizontal_scroll(page, 360)
    screenshot(page, "registered-360")
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(Registration.email == "ola.mobil@example.org"))
        page.goto("/me/" + links.manage_token(registration))  # the link its e-mail carries
        db.session.remove()
    _no_horizontal_scroll(page, 360)
    check_a11y(page, "min påmelding, 360 px")
    screenshot(page, "manage-360")
    page.get_by_role("link", name="Les personvernerklæringen").click()
    page.wait_for_url("**/privacy")
    _no_horizontal_scroll(page, 360)
    check_a11y(page, "personvernerklæringen")


def test_without_javascript_the_kommune_is_a_plain_select(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server, java_script_enabled=False, locale="nb-NO")
    try:
        page = context.new_page()
        page.goto(f"{EVENT}/register")
        select = page.get_by_label("Kommune")
        assert select.evaluate("el => el.tagName") == "SELECT"
        select.select_option(label="Kárášjohka - Karasjok")
        assert select.input_value() == "5610"
    finally:
        context.close()
