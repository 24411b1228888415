"""The organisers' price pages: categories and add-ons (a price change is for new registrations), cancellation
terms, the member kommuner (ticks and the CSV import, all or nothing), the add-on lists and their CSV."""
from __future__ import annotations

import io
import json
from datetime import date

import pytest
from sqlalchemy import select, update

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import (
    AddOn,
    AddOnKind,
    AuditEntry,
    Event,
    EventRole,
    Municipality,
    PriceAudience,
    PriceCategory,
    Registration,
    UserRole,
)
from app.registration import service
from tests.clients import signed_in
from tests.conftest import _truncate
from tests.factories import applicant


@pytest.fixture(autouse=True)
def _clean_database(app):
    yield
    clock.set_now(None)
    _truncate(app)
    with app.app_context(), transaction():
        db.session.execute(update(Municipality).values(member=False, invoice_street="", invoice_postcode="",
                                                       invoice_city=""))


@pytest.fixture
def admin(client, login, make):
    return signed_in(client, login, make.user(UserRole.ADMINISTRATOR).email)


PRICE = {"price-name": "Medlemspris", "price-amount": "3 900", "price-audience": "member", "price-vat_category": "E",
         "price-vat_rate": "0", "price-exemption_reason": "Unntatt etter merverdiavgiftsloven § 3-5",
         "price-valid_until": "2027-01-15"}


def test_a_new_price_is_stored_in_ore_and_a_change_leaves_existing_registrations_alone(app, admin, make):
    event = make.event()
    assert admin.post(f"/admin/events/{event.slug}/prices", PRICE).status_code == 303
    with app.app_context():
        cat = db.session.scalars(select(PriceCategory)).one()
        assert (cat.name, cat.amount_ore, cat.audience, cat.valid_until, cat.vat_category, cat.vat_rate_bp) == (
            "Medlemspris", 390_000, PriceAudience.MEMBER, date(2027, 1, 15), "E", 0)
        cat_id = cat.id
        with transaction():
            db.session.execute(update(Municipality).where(Municipality.number == "0301").values(member=True))
        with transaction():
            service.register(event.id, applicant(1, price_category_id=cat_id))
    html = admin.html(f"/admin/events/{event.slug}/prices?edit={cat_id}")
    assert "1 er påmeldt med denne prisen. De beholder prisen de fikk; endringen gjelder nye påmeldinger." in html
    assert admin.post(f"/admin/events/{event.slug}/prices", {**PRICE, "price-id": str(cat_id),
                                                              "price-amount": "4 100,50"}).status_code == 303
    with app.app_context():
        assert db.session.get(PriceCategory, cat_id).amount_ore == 410_050
        assert db.session.scalars(select(Registration.price_ore)).one() == 390_000
        assert db.session.scalar(select(AuditEntry.changes).where(AuditEntry.entity_type == "price_category",
                                                                  AuditEntry.action == "update")) == \
            '{"amount_ore": [390000, 410050]}'


@pytest.mark.parametrize(("changes", "message"), [
    ({"price-amount": "tre tusen"}, "Beløpet kan bare inneholde sifre, mellomrom og komma, for eksempel 1 234,50."),
    ({"price-vat_category": "S", "price-vat_rate": "0"},
     "Standard sats (S) må ha en momssats over null, for eksempel 25 eller 12."),
    ({"price-exemption_reason": ""}, "Skriv fritaksgrunnen, for eksempel «Unntatt etter merverdiavgiftsloven § 3-5»."),
])
def test_bad_prices_get_a_norwegian_message_and_nothing_is_stored(app, admin, make, changes, message):
    event = make.event()
    response = admin.post(f"/admin/events/{event.slug}/prices", {**PRICE, **changes})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(PriceCategory)).all() == []


def test_add_ons_terms_and_deactivation(app, admin, make):
    event = make.event()
    assert admin.post(f"/admin/events/{event.slug}/add-ons", {
        "addon-name": "Hotellnatt", "addon-kind": "hotel_night", "addon-unit_price": "1 450", "addon-quota": "40",
        "addon-vat_category": "S", "addon-vat_rate": "12", "addon-night": ""}).status_code == 400  # a night needs its date
    assert admin.post(f"/admin/events/{event.slug}/add-ons", {
        "addon-name": "Hotellnatt", "addon-kind": "hotel_night", "addon-unit_price": "1 450", "addon-quota": "40",
        "addon-vat_category": "S", "addon-vat_rate": "12", "addon-night": "2027-04-14"}).status_code == 303
    assert admin.post(f"/admin/events/{event.slug}/cancellation-terms", {
        "free_cancellation_until": "2027-03-01", "cancellation_share_percent": "50"}).status_code == 303
    with app.app_context():
        night = db.session.scalars(select(AddOn)).one()
        assert (night.kind, night.unit_price_ore, night.vat_rate_bp, night.quota, night.night) == (
            AddOnKind.HOTEL_NIGHT, 145_000, 1200, 40, date(2027, 4, 14))
        stored = db.session.get(Event, event.id)
        assert (stored.free_cancellation_until, stored.cancellation_share_percent) == (date(2027, 3, 1), 50)
        night_id = night.id
    html = admin.html(f"/admin/events/{event.slug}/prices")
    assert "Gratis avbestilling til og med 1. mars 2027, deretter 50 % av avgiften." in html
    assert admin.post(f"/admin/events/{event.slug}/add-ons/active", {"id": str(night_id)}).status_code == 303
    with app.app_context():
        assert db.session.get(AddOn, night_id).active is False


def test_the_add_on_lists_and_their_csv_name_who_has_what(app, admin, make):
    event = make.event()
    dinner = make.add_on(event)
    night = make.add_on(event, name="Hotellnatt", kind=AddOnKind.HOTEL_NIGHT, night=date(2027, 4, 14))
    with app.app_context(), transaction():
        service.register(event.id, applicant(1, first_name="Áile", last_name="Gaup", add_on_ids=[dinner.id, night.id]))
        service.register(event.id, applicant(2, first_name="Per", last_name="Aas", add_on_ids=[dinner.id]))
    html = admin.html(f"/admin/events/{event.slug}/add-on-lists")
    assert "Konferansemiddag (2)" in html and "Hotellnatt, natt til 14.04.2027 (1)" in html
    body = admin.get(f"/admin/events/{event.slug}/add-on-lists.csv").data.decode("utf-8")
    assert body.startswith("\ufeff") and body.splitlines()[1:] == [
        "Konferansemiddag;Middag;;Per Aas;Eksempel kulturskole;Oslo;",
        "Konferansemiddag;Middag;;Áile Gaup;Eksempel kulturskole;Oslo;",
        "Hotellnatt;Hotellnatt;14.04.2027;Áile Gaup;Eksempel kulturskole;Oslo;"]
    catering = admin.html(f"/admin/events/{event.slug}/catering")
    assert "Konferansemiddag" in catering


def _members(app):
    with app.app_context():
        return sorted(db.session.scalars(select(Municipality.number).where(Municipality.member.is_(True))))


def test_members_by_ticks(app, admin):
    assert admin.post("/admin/members", {"member": ["5501", "0301"]}).status_code == 303
    assert _members(app) == ["0301", "5501"]
    html = admin.html("/admin/members")
    assert 'value="5501" id="member-5501" checked' in html


def test_the_member_import_reads_excel_csv_with_a_bom_and_semicolons(app, admin):
    data = "\ufeffKommunenummer;Navn\r\n5501;Tromsø\r\n301;Oslo\r\n\r\n".encode()
    response = admin.post("/admin/members/import", {"file": (io.BytesIO(data), "medlemmer.csv")},
                          content_type="multipart/form-data")
    assert response.status_code == 303
    assert _members(app) == ["0301", "5501"]


def test_a_bad_import_row_changes_nothing_and_says_which_line(app, admin):
    admin.post("/admin/members", {"member": ["1108"]})
    data = b"5501,Troms\xc3\xb8\n9999,Ingensteds\nabc\n"
    response = admin.post("/admin/members/import", {"file": (io.BytesIO(data), "medlemmer.csv")},
                          content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Ingenting er endret." in html
    assert "Linje 2: 9999 er ikke et kommunenummer vi kjenner." in html
    assert "Linje 3: «abc» er ikke et kommunenummer (fire sifre, for eksempel 0301)." in html
    assert _members(app) == ["1108"]


def _address(app, number: str) -> tuple[str, str, str]:
    with app.app_context():
        kommune = db.session.get(Municipality, number)
        return kommune.invoice_street, kommune.invoice_postcode, kommune.invoice_city


def test_a_kommunes_invoice_address_by_its_form_checks_the_postcode(app, admin):
    form = admin.html("/admin/members/address?kommune=5610")
    assert "Fakturaadresse for Kárášjohka - Karasjok" in form and 'name="postcode"' in form
    bad = admin.post("/admin/members/address", {"kommune": "5610", "street": "Postboks 84", "postcode": "973",
                                                "city": "Kárášjohka"})
    assert bad.status_code == 400
    assert "Postnummeret må ha fire sifre (for eksempel 9730)." in bad.get_data(as_text=True)
    assert _address(app, "5610") == ("", "", "")
    assert admin.post("/admin/members/address", {"kommune": "5610", "street": " Postboks  84 ", "postcode": "9735",
                                                 "city": "Kárášjohka"}).status_code == 303
    assert _address(app, "5610") == ("Postboks 84", "9735", "Kárášjohka")
    html = admin.html("/admin/members")
    assert "Postboks 84, 9735 Kárášjohka" in html
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "municipality",
                                                            AuditEntry.entity_id == 5610)).one()
        assert json.loads(entry.changes)["invoice_postcode"] == ["", "9735"]
    assert admin.post("/admin/members/address", {"kommune": "5610", "city": "Kárášjohka"}).status_code == 400
    assert admin.get("/admin/members/address?kommune=9999").status_code == 404


def test_lesetilgang_sees_a_kommunes_invoice_address_with_nothing_to_change(app, client, login, make):
    viewer = signed_in(client, login, make.user(EventRole.VIEWER, events=[make.event()]).email)
    page = viewer.html("/admin/members/address?kommune=5610")
    assert "Fakturaadresse for Kárášjohka - Karasjok" in page
    assert 'method="post" action="/admin/members/address"' not in page and "Lagre adressen" not in page
    assert '<fieldset class="read-only-fields" disabled>' in page
    assert viewer.post("/admin/members/address", {"kommune": "5610", "postcode": "9735",
                                                  "city": "Kárášjohka"}).status_code == 403


def test_the_member_import_takes_the_address_columns_by_their_header(app, admin):
    data = ("\ufeffKommunenummer;Navn;Adresse;Postnummer;Poststed\r\n5610;Karasjok;Postboks 84;9735;Kárášjohka\r\n"
            "301;Oslo;;;\r\n").encode()
    response = admin.post("/admin/members/import", {"file": (io.BytesIO(data), "medlemmer.csv")},
                          content_type="multipart/form-data", follow_redirects=True)
    assert "1 fakturaadresser er endret." in response.get_data(as_text=True)
    assert _members(app) == ["0301", "5610"]
    assert _address(app, "5610") == ("Postboks 84", "9735", "Kárášjohka")
    assert _address(app, "0301") == ("", "", "")
    headerless = "5610;Postboks 84;9735;Kárášjohka\n5501;Rådhusgata 1;90x7;Tromsø\n".encode()
    refused = admin.post("/admin/members/import", {"file": (io.BytesIO(headerless), "medlemmer.csv")},
                         content_type="multipart/form-data")
    assert refused.status_code == 400
    assert "Linje 2: Postnummeret må ha fire sifre (for eksempel 9730)." in refused.get_data(as_text=True)
    assert _members(app) == ["0301", "5610"]  # nothing changed
