"""A contact person registers three colleagues for Lederkonferansen 2027 in Chromium: rows added in the page
(JavaScript), a workshop for one, the split shown before anything is final, confirmed, then the group page.
axe-core checks each page; screenshots at 1280 and 360 px in /tmp/group-*.png."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import Registration, RegistrationStatus
from app.seeding.run import seed_all
from tests.e2e.conftest import check_a11y
from tests.e2e.journey_steps import subject
from tests.smtp import SmtpServer

EVENT = "/events/lederkonferansen-2027"


@pytest.fixture
def seeded(app):
    with app.app_context():
        seed_all()
        db.session.remove()
    clock.set_now(datetime(2027, 1, 15, 10, 0, tzinfo=UTC))  # registration is open; the fixture resets it


def _shot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/group-{name}.png", full_page=True)


def _no_horizontal_scroll(page, width):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"horizontal scroll at {width} px: {scroll}"


def _fill_colleague(page, n: int, first: str, last: str, email: str, years: str) -> None:
    row = page.locator(f"#colleague-{n}")
    row.get_by_label("Fornavn").fill(first)
    row.get_by_label("Etternavn").fill(last)
    row.get_by_label("E-postadresse").fill(email)
    row.get_by_label("Stilling", exact=True).fill("Avdelingsleder")
    row.get_by_role("group", name="Erfaring som leder i kulturskolen").get_by_label(years).check()


def test_a_contact_registers_three_colleagues(page, seeded, app, smtp):
    page.goto(f"{EVENT}/register/group")
    assert page.get_by_role("heading", name="Meld på flere kolleger til Lederkonferansen 2027", level=1).is_visible()
    check_a11y(page, "gruppepåmeldingen")

    page.get_by_label("Ditt navn").fill("Siri Kontakt")
    page.get_by_label("Din e-postadresse").fill("siri@kommune.no")
    page.get_by_label("Arbeidssted").fill("Kárášjoga kulturskole")
    combo = page.get_by_role("combobox", name="Kommune")
    combo.fill("Kárášjohka")
    page.get_by_role("option", name="Kárášjohka - Karasjok").click()
    page.get_by_label("Organisasjonsnummer for faktura").fill("974 760 673")
    page.get_by_label("Fakturareferanse").fill("Bestilling 4411")

    _fill_colleague(page, 1, "Áile", "Ánde", "aile@kommune.no", "Mindre enn 1 år")
    page.locator("#colleague-1").get_by_text("Verksteder og parallellsesjoner").first.click()  # opens the section
    page.locator("#colleague-1").get_by_label("Verksted: Startpakke for nye ledere").check()
    page.get_by_role("button", name="Legg til kollega").click()
    page.get_by_role("button", name="Legg til kollega").click()
    assert page.locator(".colleague-row").count() == 3
    assert page.locator("#colleague-3 > legend").inner_text() == "Kollega 3"
    assert page.locator("#colleague-2").get_by_label("Fornavn").input_value() == ""  # a fresh row
    _fill_colleague(page, 2, "Máret", "Ŋuolja", "maret@kommune.no", "4–6 år")
    _fill_colleague(page, 3, "Per", "Šiellá", "per@kommune.no", "Mer enn 10 år")
    page.get_by_label("Jeg har lest personvernerklæringen, og kollegene vet at jeg melder dem på").check()
    _shot(page, "form-1280")
    page.get_by_role("button", name="Gå videre").click()

    # Nothing is final yet: the split, and a button to confirm it.
    page.wait_for_selector("#split")
    assert page.locator(".split-text").inner_text() == "3 får plass."
    with app.app_context():
        assert db.session.scalar(select(Registration.id).where(Registration.email == "aile@kommune.no")) is None
        db.session.remove()
    assert page.locator("#colleague-3").get_by_label("Fornavn").input_value() == "Per"
    check_a11y(page, "gruppepåmeldingen: bekreft")
    _shot(page, "confirm-1280")
    page.get_by_role("button", name="Bekreft påmeldingen").click()

    page.wait_for_url(re.compile(r".*/group/[A-Z0-9]{24}$"))
    group_url = page.url
    assert page.get_by_role("status").filter(has_text="Takk! Gruppen er påmeldt.").is_visible()
    table = page.locator("table.group-table")
    assert table.locator("tbody tr").count() == 3
    assert table.get_by_text("Máret Ŋuolja").is_visible()
    check_a11y(page, "gruppesiden")
    _shot(page, "page-1280")

    with app.app_context():
        regs = db.session.scalars(select(Registration).where(Registration.group_id.is_not(None))
                                  .order_by(Registration.id)).all()
        assert [(r.full_name, r.status, r.invoice_org_number, r.invoice_reference) for r in regs] == [
            ("Áile Ánde", RegistrationStatus.CONFIRMED, "974760673", "Bestilling 4411"),
            ("Máret Ŋuolja", RegistrationStatus.CONFIRMED, "974760673", "Bestilling 4411"),
            ("Per Šiellá", RegistrationStatus.CONFIRMED, "974760673", "Bestilling 4411")]
        assert [c.session.title for c in regs[0].choices] == ["Verksted: Startpakke for nye ledere"]
        assert regs[1].choices == []
        replaced_id = regs[1].id
        deliver_due()
        db.session.remove()
    received = smtp.wait_for(5)
    welcome = [m for m in received if subject(m) == "Velkommen som kulturskoleleder"]
    assert [m["To"] for m in welcome] == ["aile@kommune.no"]  # under a year as leader: the start package, once
    received = [m for m in received if m not in welcome]
    assert sorted(m["To"] for m in received) == ["aile@kommune.no", "maret@kommune.no", "per@kommune.no",
                                                 "siri@kommune.no"]
    contact_mail = next(SmtpServer.text_of(m) for m in received if m["To"] == "siri@kommune.no")
    assert group_url in contact_mail

    # Replace one colleague, cancel another (each behind its own fold, the terms shown).
    page.get_by_text("Bytt ut Máret Ŋuolja med en annen kollega").click()
    box = page.locator(f"#colleague-{replaced_id}")
    box.get_by_label("Fornavn").fill("Ánte")
    box.get_by_label("Etternavn").fill("Čoavdda")
    box.get_by_label("E-postadresse").fill("ante@kommune.no")
    box.get_by_label("Stilling", exact=True).fill("Rektor")
    box.get_by_label("1–3 år").check()
    box.get_by_role("button", name="Bytt ut").click()
    page.wait_for_selector("p.flash-success:has-text('Ánte Čoavdda har tatt over plassen')")
    page.get_by_text("Meld av Per Šiellá", exact=True).click()
    assert page.get_by_text("Du kan melde av en kollega fram til").first.is_visible()
    _shot(page, "cancel-1280")
    page.get_by_role("button", name="Ja, meld av Per Šiellá").click()
    page.wait_for_selector("p.flash-success:has-text('Per Šiellá er meldt av')")
    rows = page.locator("table.group-table tbody tr")
    assert [rows.nth(i).locator("td").first.inner_text().split("\n")[0] for i in range(3)] == [
        "Áile Ánde", "Ánte Čoavdda", "Per Šiellá"]
    assert rows.nth(2).get_by_text("Meldt av").is_visible()
    check_a11y(page, "gruppesiden etter bytte og avmelding")

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(group_url)
    _no_horizontal_scroll(page, 360)
    _shot(page, "page-360")
    page.goto(f"{EVENT}/register/group")
    _no_horizontal_scroll(page, 360)
    check_a11y(page, "gruppepåmeldingen, 360 px")
    _shot(page, "form-360")
