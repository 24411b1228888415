"""A leader registers with «Husk meg», signs in to Min side with the link the real SMTP server received, sees
her registration, and registers for the next event from there on a form already filled in. axe-core on every
page; screenshots of Min side at 1280 and 360 px (/tmp/minside-1280.png, /tmp/minside-360.png)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from app.core import clock
from tests.e2e.conftest import check_a11y, screenshot
from tests.e2e.journey_steps import deliver, link_in, subject

SHOTS = Path("/tmp")


def _fill_the_form(page) -> None:
    page.get_by_label("Fornavn").fill("Máret")
    page.get_by_label("Etternavn").fill("Ŋuvttoš")
    page.get_by_label("E-postadresse").fill("Maret.Nuvttos@Example.org")
    page.get_by_label("Arbeidssted").fill("Kárášjoga kulturskole")
    page.get_by_role("combobox", name="Kommune").fill("Kárášjohka")
    page.get_by_role("option", name="Kárášjohka - Karasjok").click()
    page.get_by_label("Stilling", exact=True).fill("Kulturskolerektor")
    page.get_by_label("Mindre enn 1 år").check()
    page.get_by_role("group", name="Antall elever i kulturskolen").get_by_label("100–299 elever").check()


def _min_side_shots(page) -> None:
    for width, height in ((1280, 900), (360, 740)):
        page.set_viewport_size({"width": width, "height": height})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"Min side: horizontal scroll at {width} px ({scroll})"
        check_a11y(page, f"Min side, {width} px")
        page.screenshot(path=str(SHOTS / f"minside-{width}.png"), full_page=True)
        screenshot(page, f"minside-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_register_with_consent_sign_in_by_link_and_register_again_prefilled(page, app, make, smtp):
    first = make.event(title="Lederkonferansen 2027", slug="lederkonferansen-2027",
                       starts_at=clock.now() + timedelta(days=20))
    make.session(first, title="Åpning")
    second = make.event(title="Møteplass for nye kulturskoleledere", slug="nye-ledere",
                        starts_at=clock.now() + timedelta(days=40))
    make.session(second, title="Startpakke for nye ledere")

    page.goto(f"/events/{first.slug}/register")
    assert page.get_by_text("Vi bruker det bare til å vise deg alle påmeldingene dine på Min side").is_visible()
    _fill_the_form(page)
    page.get_by_label("Husk meg til neste gang").check()
    page.get_by_label("Jeg har lest og godtar personvernerklæringen").check()
    check_a11y(page, "skjemaet med «Husk meg»")
    page.locator("fieldset.remember-fields").screenshot(path=str(SHOTS / "minside-form-consents.png"))
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_url(f"**/events/{first.slug}/registered*")  # with ?for=nye-ledere for a new leader

    page.goto("/me/")
    page.wait_for_url("**/me/signin?next=/me/")
    check_a11y(page, "innlogging til Min side")
    page.get_by_label("E-postadresse").fill("maret.nuvttos@example.org")
    page.get_by_role("button", name="Send meg en innloggingslenke").click()
    assert page.get_by_role("heading", name="Sjekk e-posten din").is_visible()
    messages = deliver(app, smtp, 3)  # the confirmation, the new leader's welcome, the sign-in link
    [mail] = [m for m in messages if subject(m) == "Lenke til Min side"]
    assert mail["To"] == "maret.nuvttos@example.org"
    page.goto(link_in(mail, r"http://\S+/me/signin/\S+"))
    check_a11y(page, "lenken til Min side")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/me/")
    assert page.get_by_text("Du er logget inn på Min side.").is_visible()
    assert page.get_by_role("heading", name="Máret Ŋuvttoš", level=1).is_visible()
    upcoming = page.get_by_role("region", name="Kommende arrangementer")
    assert upcoming.get_by_role("link", name="Lederkonferansen 2027", exact=True).is_visible()
    assert upcoming.get_by_role("link", name="Navneskilt (PDF) – Lederkonferansen 2027").is_visible()
    assert page.get_by_text("100–299 elever").is_visible()
    _min_side_shots(page)

    page.get_by_role("link", name="Meld deg på Møteplass for nye kulturskoleledere").click()
    page.wait_for_url(f"**/events/{second.slug}/register")
    assert page.get_by_label("Fornavn").input_value() == "Máret"
    assert page.get_by_label("E-postadresse").input_value() == "maret.nuvttos@example.org"
    assert page.get_by_role("combobox", name="Kommune").input_value() == "Kárášjohka - Karasjok"
    assert page.get_by_label("100–299 elever").is_checked()
    assert page.get_by_label("Husk meg til neste gang").is_checked()
    page.get_by_label("Jeg har lest og godtar personvernerklæringen").check()
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_url(f"**/events/{second.slug}/registered*")

    page.goto("/me/")
    upcoming = page.get_by_role("region", name="Kommende arrangementer")
    assert upcoming.get_by_role("link", name="Møteplass for nye kulturskoleledere", exact=True).is_visible()
    assert upcoming.get_by_role("link", name="Lederkonferansen 2027", exact=True).is_visible()
    _min_side_shots(page)
