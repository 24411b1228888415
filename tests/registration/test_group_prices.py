"""A group's colleagues each choose a price category (for the group's kommune) and add-ons, as on the single
form: the rows show them, the preview refuses an add-on the group would overfill (on the row, nothing written),
and after confirming each colleague owes exactly their lines and the group's payer gets ONE invoice for all."""
from __future__ import annotations

import html as htmllib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import charges, seller, stored
from app.invoicing import service as invoicing
from app.invoicing.documents import Line
from app.models import AddOnKind, Event, Invoice, InvoicingMode, Municipality, PriceAudience, Registration
from tests.conftest import _truncate
from tests.invoicing.issuing.conftest import KOMMUNE_ORG, SELLER_VALUES
from tests.registration.conftest import errors_of
from tests.registration.test_groups import GroupClient, contact, row

KAUTOKEINO = "5612"  # the group's kommune in test_groups.contact()
EXEMPT = "Unntatt etter merverdiavgiftsloven § 3-5"


@pytest.fixture(autouse=True)
def _clean(app):
    yield
    _truncate(app)
    with app.app_context(), transaction():
        db.session.execute(update(Municipality).values(member=False))


@pytest.fixture
def priced(app, make):
    event = make.event(title="Lederkonferansen 2027", capacity=10)
    with app.app_context(), transaction():
        db.session.execute(update(Municipality).where(Municipality.number == KAUTOKEINO).values(member=True))
        seller.save(dict(SELLER_VALUES), SYSTEM)
        invoicing.set_mode(db.session.get(Event, event.id), InvoicingMode.AT_REGISTRATION, SYSTEM)
    member = make.price(event, name="Medlem", amount_ore=390_000, audience=PriceAudience.MEMBER)
    other = make.price(event, name="Ikke-medlem", amount_ore=520_000, audience=PriceAudience.NON_MEMBER, position=1)
    dinner = make.add_on(event, quota=2)
    hotel = make.add_on(event, name="Hotellnatt 14. april", kind=AddOnKind.HOTEL_NIGHT, night=date(2027, 4, 14),
                        unit_price_ore=145_000, vat_category="S", vat_rate_bp=1200, quota=5, position=1)
    return event, member, other, dinner, hotel


def _group(priced, **rows) -> dict:
    return {**contact(invoice_org_number=KOMMUNE_ORG, invoice_reference="KULT-17"), **rows}


def _three(priced) -> dict:
    _event, member, _other, dinner, hotel = priced
    data = _group(priced)
    for n, extra in enumerate((dinner, dinner, hotel)):
        data.update(row(n, price_category=str(member.id), addons=str(extra.id)))
    return data


def test_each_row_offers_the_prices_and_add_ons_of_the_single_form(client, priced):
    event, member, other, dinner, hotel = priced
    groupc = GroupClient(client, event.slug)
    page = client.get(groupc.path).get_data(as_text=True)
    assert f'name="colleagues-0-price_category" value="{member.id}" id="colleagues-0-price-{member.id}"' in page
    assert " checked>" not in page  # no kommune yet: no price is the default
    page = groupc.post({**contact(kommune="3405"), **row(0)}, add_row="1").get_data(as_text=True)
    for n in (0, 1):  # a non-member kommune: its price is ticked on every row, the member price is not offered
        assert (f'<input type="radio" name="colleagues-{n}-price_category" value="{other.id}" '
                f'id="colleagues-{n}-price-{other.id}" aria-describedby="colleagues-{n}-price-{other.id}-info" checked>'
                ) in page
    assert f'value="{member.id}" id="colleagues-0-price-{member.id}"' not in page
    assert (f'<input type="checkbox" name="colleagues-0-addons" value="{hotel.id}" id="colleagues-0-addon-{hotel.id}"'
            in page)
    assert "2 plasser igjen" in page and "5 plasser igjen" in page


def test_a_group_of_three_owes_its_lines_and_its_payer_gets_one_invoice(app, client, priced):
    event, member, _other, dinner, hotel = priced
    data = _three(priced)
    groupc = GroupClient(client, event.slug)
    response, _page, split = groupc.preview(data)
    assert response.status_code == 200 and split == "3:0"
    response = groupc.confirm(data, split)
    assert response.status_code == 303, errors_of(response.get_data(as_text=True))
    with app.app_context():
        regs = list(db.session.scalars(select(Registration).order_by(Registration.id)))
        assert [charges.owed(r) for r in regs] == [
            (Line(f"Lederkonferansen 2027: Medlem – Kollega{n} Nordmann", Decimal(1), 390_000, "E", Decimal(0),
                  EXEMPT, note=f"Kollega{n} Nordmann"), extra)
            for n, extra in enumerate((
                Line("Konferansemiddag – Kollega0 Nordmann", Decimal(1), 95_000, "S", Decimal(25),
                     note="Kollega0 Nordmann"),
                Line("Konferansemiddag – Kollega1 Nordmann", Decimal(1), 95_000, "S", Decimal(25),
                     note="Kollega1 Nordmann"),
                Line("Hotellnatt 14. april – Kollega2 Nordmann", Decimal(1), 145_000, "S", Decimal(12), unit="DAY",
                     period_start=date(2027, 4, 14), period_end=date(2027, 4, 15), note="Kollega2 Nordmann")))]
        invoice = db.session.scalars(select(Invoice)).one()
        assert (invoice.payer_org_number, invoice.buyer_reference) == (KOMMUNE_ORG, "KULT-17")
        assert stored.load(invoice.document).lines == tuple(line for r in regs for line in charges.owed(r))
        # 3 × 3 900 kr, 2 × 950 kr + 25 %, 1 450 kr + 12 %
        assert (invoice.total_net, invoice.total_vat) == (1_170_000 + 190_000 + 145_000, 47_500 + 17_400)


def test_a_row_without_a_choice_registers_at_the_cheapest_price_for_the_kommune(app, client, priced):
    event, *_ = priced
    data = {**_group(priced, kommune="3405"), **row(0)}
    assert GroupClient(client, event.slug).confirm(data, "1:0").status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Registration.price_name)).one() == "Ikke-medlem"


def test_the_member_price_for_a_non_member_kommune_is_refused_on_the_row(app, client, priced):
    event, member, *_ = priced
    data = {**_group(priced, kommune="3405"), **row(0, price_category=str(member.id))}
    response, page, split = GroupClient(client, event.slug).preview(data)
    assert response.status_code == 400 and split is None
    assert 'id="colleagues-0-price_category-error"' in page
    with app.app_context():
        assert db.session.scalar(select(Registration.id)) is None


def test_the_preview_refuses_a_dinner_the_group_would_overfill_on_the_row(app, client, priced):
    event, member, _other, dinner, _hotel = priced
    data = _group(priced)
    for n in range(3):
        data.update(row(n, price_category=str(member.id), addons=str(dinner.id)))
    response, page, split = GroupClient(client, event.slug).preview(data)
    assert response.status_code == 400 and split is None
    assert errors_of(page) == ["«Konferansemiddag» er fullt. Fjern krysset, så kan du melde deg på uten."]
    assert 'id="colleagues-2-addons-error"' in page
    assert ('<a href="#colleagues-2-addons">Tillegg (kollega 3): «Konferansemiddag» er fullt. Fjern krysset, så kan '
            'du melde deg på uten.</a>') in htmllib.unescape(page)
    with app.app_context():
        assert db.session.scalar(select(Registration.id)) is None


def test_a_dinner_taken_between_preview_and_confirm_writes_nothing(app, client, make, priced):
    from app.registration import service
    from tests.factories import applicant
    event, member, _other, dinner, _hotel = priced
    data = _three(priced)
    groupc = GroupClient(client, event.slug)
    _response, _page, split = groupc.preview(data)
    with app.app_context(), transaction():
        service.register(event.id, applicant(9, municipality_number=KAUTOKEINO, invoice_org_number=KOMMUNE_ORG),
                         )
        service.register(event.id, applicant(8, add_on_ids=(dinner.id,), price_category_id=member.id,
                                             municipality_number=KAUTOKEINO, invoice_org_number=KOMMUNE_ORG))
    response = groupc.confirm(data, "3:0")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and split == "3:0"
    assert 'id="colleagues-1-addons-error"' in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Registration.id))) == 2


def test_the_group_page_adds_a_colleague_with_the_price_and_the_hotel_night(app, client, priced):
    from tests.registration.test_groups import _group_token, _page_token
    event, member, other, dinner, hotel = priced
    data = _group(priced, **row(0, price_category=str(member.id), addons=str(dinner.id)))
    groupc = GroupClient(client, event.slug)
    token = _group_token(groupc.confirm(data, "1:0"))
    page = client.get(f"/group/{token}").get_data(as_text=True)
    assert (f'<input type="radio" name="add-price_category" value="{member.id}" id="add-price-{member.id}" '
            f'aria-describedby="add-price-{member.id}-info" checked>') in page  # the group's kommune is a member
    assert "1 plass igjen" in page
    person = {"add-csrf_token": _page_token(client, token), "add-first_name": "Ánde", "add-last_name": "Sámi",
              "add-email": "ande@kommune.no", "add-job_title": "Rektor", "add-years_as_leader": "lt1"}
    response = client.post(f"/group/{token}/add", data={**person, "add-price_category": str(other.id)})
    assert response.status_code == 400  # the non-member price does not apply to a member kommune
    assert 'id="add-price_category-error"' in response.get_data(as_text=True)
    response = client.post(f"/group/{token}/add", data={**person, "add-price_category": str(member.id),
                                                        "add-addons": str(hotel.id)})
    assert response.status_code == 303
    with app.app_context():
        added = db.session.scalar(select(Registration).where(Registration.email == "ande@kommune.no"))
        assert [(line.description, line.unit_price) for line in charges.owed(added)] == [
            ("Lederkonferansen 2027: Medlem – Ánde Sámi", 390_000), ("Hotellnatt 14. april – Ánde Sámi", 145_000)]


def test_the_group_form_states_a_flat_fee_only_when_the_event_has_no_price_categories(client, make, priced):
    event, *_ = priced
    with_categories = make.event(fee_nok=4200)  # a flat fee left from before the categories came
    make.price(with_categories, name="Medlem", amount_ore=390_000, audience=PriceAudience.MEMBER)
    flat = make.event(fee_nok=4200)
    for priced_event in (event, with_categories):
        page = client.get(f"/events/{priced_event.slug}/register/group").get_data(as_text=True)
        assert "Deltakeravgiften er" not in page
        assert "hver med prisen og tilleggene som er valgt for kollegaen" in page
    page = client.get(f"/events/{flat.slug}/register/group").get_data(as_text=True)
    assert "Deltakeravgiften er 4\u00a0200 kr per person." in page


def test_the_group_page_says_what_cancelling_costs_after_the_free_day(app, client, priced, frozen_now):
    from app.core import clock
    from tests.registration.test_groups import _group_token

    event, member, _other, dinner, _hotel = priced
    today = clock.oslo(clock.now()).date()
    with app.app_context(), transaction():
        stored_event = db.session.get(Event, event.id)
        stored_event.free_cancellation_until, stored_event.cancellation_share_percent = today, 50
    data = _group(priced, **row(0, price_category=str(member.id), addons=str(dinner.id)))
    token = _group_token(GroupClient(client, event.slug).confirm(data, "1:0"))
    with app.test_request_context():
        day = clock.date_label(today)  # «3. desember 2026»
    terms = f"Gratis avbestilling til og med {day}, deretter 50 % av avgiften."
    cost = (f"Fristen for gratis avbestilling var {day}, så avmeldingen koster 50 % av avgiften: "
            "kr\u00a01\u00a0950,00.")  # half of 3 900 kr, exempt; the dinner is given back
    page = htmllib.unescape(client.get(f"/group/{token}").get_data(as_text=True))
    assert terms in page and "Fristen for gratis avbestilling" not in page
    assert "Faktura til organisasjonsnummer 964 830 533, referanse KULT-17." in page
    frozen_now(clock.now() + timedelta(days=1))
    page = htmllib.unescape(client.get(f"/group/{token}").get_data(as_text=True))
    assert terms in page and cost in page


def test_the_group_e_mail_shows_the_organisation_number_grouped(app, client, priced, smtp):
    from app.mail import outbox
    from tests.registration.test_groups import _group_token

    event, member, _other, _dinner, _hotel = priced
    data = _group(priced, **row(0, price_category=str(member.id)))
    _group_token(GroupClient(client, event.slug).confirm(data, "1:0"))
    with app.app_context():
        outbox.deliver_due()
    texts = [smtp.text_of(m) for m in smtp.wait_for(2)]
    assert any("Faktura sendes til organisasjonsnummer 964 830 533." in t for t in texts), texts
    assert not any("964830533" in t for t in texts)
