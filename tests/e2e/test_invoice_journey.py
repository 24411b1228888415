"""Kommunene betaler, in Chromium from start to end (issue 17's «Done means»).

An event with member and non-member prices, a conference dinner, a hotel night, free cancellation until 1 March
and half the fee after, invoiced in a batch. A contact at Karasjok (a member kommune) registers three colleagues
through the group form, each with the dinner and the hotel night; a leader from Tromsø registers alone. On the
group page the contact replaces one colleague with another (free before the deadline), then, after the
free-cancellation day, cancels one (half the fee owed). The organiser signs in, issues the batch on Fakturaer; the
Tromsø leader cancels after that (a credit note and a new invoice for the share, made by the cancellation itself);
the organiser imports the bank's file for the group's invoice. After the due day the list shows one paid, one
credited with its credit note, one overdue, and the Forfalte page the overdue one; the sums hold
(Σ invoices − Σ credit notes == what the registrations owe).

Every page is checked with axe-core and saved at 1280 and 360 px in tests/e2e/artifacts/journeys/invoice-*.png.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import charges, money, seller, service
from app.models import (
    AddOnKind,
    EventRole,
    Invoice,
    InvoiceKind,
    InvoicingMode,
    Municipality,
    PriceAudience,
    Registration,
    RegistrationStatus,
)
from app.registration import links
from tests.e2e.journey_steps import look, sign_in
from tests.invoicing.issuing.conftest import SELLER_VALUES

SLUG = "lederkonferansen-faktura"
EVENT = f"/events/{SLUG}"
KARASJOK_ORG, TROMSO_ORG = "964830533", "940101808"
NB = "\u00a0"


def at(text: str):
    """Move the clock (the live server reads the same clock) to an Oslo wall-clock time."""
    moment = clock.parse_local(text)
    clock.set_now(moment)
    return moment


@pytest.fixture
def billed_event(app, make):
    at("2027-02-10T10:00")
    event = make.event(slug=SLUG, title="Lederkonferansen 2027", starts_at=clock.parse_local("2027-04-14T09:00"),
                       ends_at=clock.parse_local("2027-04-15T14:45"),
                       registration_opens_at=clock.parse_local("2026-09-01T09:00"),
                       registration_closes_at=clock.parse_local("2027-03-15T23:59"),
                       change_deadline=clock.parse_local("2027-04-07T23:59"),
                       free_cancellation_until=date(2027, 3, 1), cancellation_share_percent=50,
                       contact_email="post@example.org")
    make.price(event, name="Medlemspris", amount_ore=420_000, audience=PriceAudience.MEMBER, position=0)
    make.price(event, name="Ikke-medlem", amount_ore=540_000, audience=PriceAudience.NON_MEMBER, position=1)
    make.add_on(event, name="Konferansemiddag 14. april", quota=250, position=0)
    make.add_on(event, name="Hotellnatt 13.–14. april", kind=AddOnKind.HOTEL_NIGHT, unit_price_ore=145_000,
                vat_rate_bp=1200, quota=120, night=date(2027, 4, 13), position=1)
    organiser = make.user(EventRole.ORGANISER, events=[event], email="arrangor@kulturskoleradet.no")
    with app.app_context():
        with transaction():
            seller.save(dict(SELLER_VALUES), SYSTEM)
            db.session.get(Municipality, "5610").member = True  # Karasjok is a member, Tromsø is not
            service.set_mode(event, InvoicingMode.BATCH, SYSTEM)
        db.session.remove()
    yield organiser
    with app.app_context():
        with transaction():
            db.session.get(Municipality, "5610").member = False  # municipalities outlive the test's truncation
        db.session.remove()


def _colleague(page, n: int, first: str, last: str, email: str, years: str) -> None:
    row = page.locator(f"#colleague-{n}")
    row.get_by_label("Fornavn").fill(first)
    row.get_by_label("Etternavn").fill(last)
    row.get_by_label("E-postadresse").fill(email)
    row.get_by_label("Stilling", exact=True).fill("Avdelingsleder")
    row.get_by_role("group", name="Erfaring som leder i kulturskolen").get_by_label(years).check()
    row.get_by_label(re.compile(r"^Konferansemiddag 14\. april")).check()
    row.get_by_label(re.compile(r"^Hotellnatt 13\.–14\. april")).check()


def _kommune(page, typed: str, option: str) -> None:
    combo = page.get_by_role("combobox", name="Kommune")
    combo.fill(typed)
    page.get_by_role("option", name=option).click()


def _rows(page) -> list[tuple[str, str, str]]:
    """The Fakturaer list as the organiser reads it: (number, amount, status with its cross-reference) per row."""
    rows = page.locator("table tbody tr")
    out = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("th, td")
        out.append((cells.nth(0).inner_text().split(" ")[0].strip(), cells.nth(3).inner_text().replace(NB, " "),
                    " ".join(cells.nth(5).inner_text().split())))
    return out


def _ore(shown: str) -> int:
    negative = shown.startswith("−")
    value = money.parse_kroner(shown.lstrip("−").removeprefix("kr").strip())
    return -value if negative else value


def test_a_group_is_invoiced_replaced_cancelled_paid_and_credited(page, browser, live_server, app, billed_event):
    # The event page: the lowest price anyone may choose, and the add-ons.
    page.goto(EVENT)
    facts = page.locator("dl.meta")
    assert facts.locator("dd").filter(has_text="fra kr").inner_text().replace(NB, " ") == "fra kr 4 200,00"
    assert facts.get_by_text("Hotellnatt 13.–14. april: kr 1 450,00 (pluss 12 % mva.)").is_visible()
    look(page, "invoice-01-event")

    # The contact registers three colleagues from Karasjok, each with the dinner and the hotel night.
    page.goto(f"{EVENT}/register/group")
    page.get_by_label("Ditt navn").fill("Siri Kontakt")
    page.get_by_label("Din e-postadresse").fill("siri@karasjok.kommune.no")
    page.get_by_label("Arbeidssted").fill("Kárášjoga kulturskole")
    _kommune(page, "Kárášjohka", "Kárášjohka - Karasjok")
    page.get_by_label("Organisasjonsnummer for faktura").fill("964 830 533")
    page.get_by_label("Fakturareferanse").fill("Bestilling 4411")
    assert page.get_by_text("Deltakeravgiften er").count() == 0  # the price is per category, not a flat fee
    _colleague(page, 1, "Áile", "Ánde", "aile@karasjok.kommune.no", "Mindre enn 1 år")
    page.get_by_role("button", name="Legg til kollega").click()
    page.get_by_role("button", name="Legg til kollega").click()
    _colleague(page, 2, "Máret", "Ŋuolja", "maret@karasjok.kommune.no", "4–6 år")
    _colleague(page, 3, "Per", "Šiellá", "per@karasjok.kommune.no", "Mer enn 10 år")
    page.get_by_label("Jeg har lest personvernerklæringen, og kollegene vet at jeg melder dem på").check()
    look(page, "invoice-02-group-form")
    page.get_by_role("button", name="Gå videre").click()
    page.wait_for_selector("#split")
    assert page.locator(".split-text").inner_text() == "3 får plass."
    for n in (1, 2, 3):  # the kommune is known now: the member price is the one that applies
        assert page.locator(f"#colleague-{n}").get_by_label(re.compile(r"^Medlemspris")).is_checked()
    look(page, "invoice-03-group-confirm")
    page.get_by_role("button", name="Bekreft påmeldingen").click()
    page.wait_for_url(re.compile(r".*/group/[A-Z0-9]{24}$"))
    group_url = page.url
    assert page.get_by_text("Faktura til organisasjonsnummer 964 830 533, referanse Bestilling 4411.").is_visible()
    look(page, "invoice-04-group-page")

    # A leader from Tromsø (not a member) registers alone, with the dinner.
    page.goto(f"{EVENT}/register")
    page.get_by_label("Fornavn").fill("Ola")
    page.get_by_label("Etternavn").fill("Romsa")
    page.get_by_label("E-postadresse").fill("ola.romsa@tromso.kommune.no")
    page.get_by_label("Arbeidssted").fill("Tromsø kulturskole")
    _kommune(page, "Tromsø", "Tromsø")
    page.get_by_label("Stilling", exact=True).fill("Rektor")
    page.get_by_role("group", name="Erfaring som leder i kulturskolen").get_by_label("7–10 år").check()
    page.get_by_label(re.compile(r"^Ikke-medlem")).check()
    page.get_by_label(re.compile(r"^Konferansemiddag 14\. april")).check()
    page.get_by_label("Organisasjonsnummer for faktura").fill("940 101 808")
    page.get_by_label("Fakturareferanse").fill("Kultur 77")
    page.get_by_label("Jeg har lest og godtar personvernerklæringen").check()
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_url(f"**{EVENT}/registered")

    # Before the deadline: Máret's place goes to Ánte, free (same kommune, the same choices).
    page.goto(group_url)
    with app.app_context():
        maret = db.session.scalar(select(Registration.id).where(Registration.email == "maret@karasjok.kommune.no"))
        per = db.session.scalar(select(Registration.id).where(Registration.email == "per@karasjok.kommune.no"))
        db.session.remove()
    page.get_by_text("Bytt ut Máret Ŋuolja med en annen kollega").click()
    box = page.locator(f"#colleague-{maret}")
    box.get_by_label("Fornavn").fill("Ánte")
    box.get_by_label("Etternavn").fill("Čoavdda")
    box.get_by_label("E-postadresse").fill("ante@karasjok.kommune.no")
    box.get_by_label("Stilling", exact=True).fill("Rektor")
    box.get_by_label("1–3 år").check()
    box.get_by_role("button", name="Bytt ut").click()
    page.wait_for_selector("p.flash-success:has-text('Ánte Čoavdda har tatt over plassen')")

    # After the free-cancellation day the contact cancels Per: the page says what it costs before it is done.
    at("2027-03-05T14:00")
    page.goto(group_url)
    assert page.locator("#terms").get_by_text("Gratis avbestilling til og med 1. mars 2027, deretter 50 % av "
                                              "avgiften.").is_visible()
    page.get_by_text("Meld av Per Šiellá", exact=True).click()
    cost = page.locator(f"#colleague-{per}").get_by_text("Fristen for gratis avbestilling")
    assert cost.inner_text().replace(NB, " ") == ("Fristen for gratis avbestilling var 1. mars 2027, så avmeldingen "
                                                  "koster 50 % av avgiften: kr 2 100,00.")
    # The add form's prices keep their words whole: the reason goes under the price, not beside it.
    label = page.locator("#add").get_by_text(re.compile(r"^Medlemspris: kr"))
    assert label.bounding_box()["height"] < 2.5 * float(label.evaluate("el => getComputedStyle(el).lineHeight")
                                                          .removesuffix("px"))
    look(page, "invoice-05-group-cancel")
    page.get_by_role("button", name="Ja, meld av Per Šiellá").click()
    page.wait_for_selector("p.flash-success:has-text('Per Šiellá er meldt av')")
    look(page, "invoice-06-group-after")

    # After the registration deadline the organiser signs in and issues the batch.
    at("2027-03-16T09:30")
    sign_in(page, billed_event.email, f"/admin/events/{SLUG}/invoices")
    assert page.get_by_label("Samlet etter påmeldingsfristen: en arrangør lager fakturaene").is_checked()
    assert page.get_by_text("Ingen fakturaer ennå.").is_visible()
    page.get_by_role("button", name="Lag fakturaer nå").click()
    page.wait_for_selector("p.flash-success:has-text('2 dokumenter er laget.')")
    # Payers in order of organisation number: Tromsø (940 101 808), then the group from Karasjok (964 830 533).
    assert _rows(page) == [("2027-00001", "kr 6 587,50", "Ubetalt"), ("2027-00002", "kr 16 123,00", "Ubetalt")]
    look(page, "invoice-07-batch")

    # The Tromsø leader cancels after the batch (and after the free day): the invoice is credited, half the fee
    # invoiced anew — by the cancellation itself, nobody presses anything.
    at("2027-03-20T08:00")
    with app.app_context():
        ola = db.session.scalar(select(Registration).where(Registration.email == "ola.romsa@tromso.kommune.no"))
        manage = "/me/" + links.manage_token(ola)
        db.session.remove()
    participant = browser.new_context(base_url=live_server, locale="nb-NO",
                                     timezone_id="Europe/Oslo", viewport={"width": 1280, "height": 900})
    try:
        own = participant.new_page()
        own.goto(manage)
        assert own.get_by_text("Gratis avbestilling til og med 1. mars 2027").is_visible()
        own.get_by_role("link", name="Meld meg av").click()
        own.get_by_role("button", name="Ja, meld meg av").click()
        own.wait_for_url(f"**{manage}")
        assert own.get_by_role("heading", name="Du er meldt av").is_visible()
    finally:
        participant.close()

    # The bank's file for the group's invoice (its KID and amount), imported on «Importer betalinger».
    at("2027-03-25T10:00")
    with app.app_context():
        kid = service.by_number("2027-00002").kid
        db.session.remove()
    page.goto(f"/admin/events/{SLUG}/invoices")
    page.get_by_role("link", name="Importer betalinger").click()
    page.wait_for_url(f"**/admin/events/{SLUG}/invoices/payments")
    page.get_by_label("Betalingsfil (CSV)").set_input_files(files=[{
        "name": "bank-mars.csv", "mimeType": "text/csv",
        "buffer": f"\ufeffKID;Beløp;Dato\n{kid};16 123,00;24.03.2027\n".encode()}])
    page.get_by_role("button", name="Importer").click()
    page.wait_for_selector("#result-title")
    assert page.get_by_role("status").filter(has_text="1 betaling stemte med fakturaen.").is_visible()
    assert page.locator("#result-title ~ ul li").inner_text().replace(NB, " ") == (
        "Rad 2: kr 16 123,00 til faktura 2027-00002 fra Kárášjohka kommune – betalt.")
    look(page, "invoice-08-payments")

    # After the due day: one paid, one credited with its credit note, one overdue.
    at("2027-04-20T09:00")
    page.get_by_role("link", name="Fakturaer", exact=True).last.click()
    page.wait_for_url(f"**/admin/events/{SLUG}/invoices")
    rows = _rows(page)
    assert rows == [("2027-00001", "kr 6 587,50", "Kreditert med 2027-00003"),
                    ("2027-00002", "kr 16 123,00", "Betalt"),
                    ("2027-00003", "−kr 6 587,50", "Kreditnota for 2027-00001"),
                    ("2027-00004", "kr 2 700,00", "Forfalt")]
    look(page, "invoice-09-list")
    page.get_by_role("link", name="Forfalte").click()
    page.wait_for_url(f"**/admin/events/{SLUG}/invoices/overdue")
    assert page.get_by_text("1 forfalt faktura").is_visible()
    overdue = page.locator("table tbody tr")
    assert overdue.count() == 1
    assert overdue.locator("th").inner_text() == "2027-00004"
    assert "Tromsø kommune" in overdue.inner_text()
    look(page, "invoice-10-overdue")

    # Money never disappears: Σ invoices − Σ credit notes, as shown, is what the registrations owe.
    shown = sum(_ore(amount) for _number, amount, _status in rows)
    with app.app_context():
        registrations = db.session.scalars(select(Registration).where(Registration.event.has(slug=SLUG))).all()
        owed = sum(money.totals(line.priced for line in charges.owed(r)).payable for r in registrations)
        assert sorted((r.full_name, r.status) for r in registrations) == [
            ("Ola Romsa", RegistrationStatus.CANCELLED), ("Per Šiellá", RegistrationStatus.CANCELLED),
            ("Áile Ánde", RegistrationStatus.CONFIRMED), ("Ánte Čoavdda", RegistrationStatus.CONFIRMED)]
        kinds = [i.kind for i in db.session.scalars(select(Invoice).order_by(Invoice.sequence))]
        assert kinds == [InvoiceKind.INVOICE, InvoiceKind.INVOICE, InvoiceKind.CREDIT_NOTE, InvoiceKind.INVOICE]
        assert service.by_number("2027-00003").credited.number == "2027-00001"
        db.session.remove()
    assert shown == owed == 1_612_300 + 270_000
