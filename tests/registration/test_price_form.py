"""The registration form's prices over HTTP: the radios with price, VAT and reason, the add-ons with seats left,
the code, and what bad or stale choices say (nothing stored)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from app.core.transaction import transaction
from app.extensions import db
from app.models import Municipality, PriceAudience, Registration, RegistrationAddOn
from app.registration import links, service
from tests.conftest import _truncate
from tests.factories import applicant
from tests.registration.conftest import errors_of, manage_path, valid_form

LILLEHAMMER = "3405"


@pytest.fixture(autouse=True)
def _members_back(app):
    yield
    _truncate(app)
    with app.app_context(), transaction():
        db.session.execute(update(Municipality).values(member=False))


@pytest.fixture
def priced(app, make):
    event = make.event(title="Lederkonferansen 2027")
    with app.app_context(), transaction():
        db.session.execute(update(Municipality).where(Municipality.number == LILLEHAMMER).values(member=True))
    member = make.price(event, name="Medlem", amount_ore=390_000, audience=PriceAudience.MEMBER)
    other = make.price(event, name="Ikke-medlem", amount_ore=520_000, audience=PriceAudience.NON_MEMBER, position=1)
    guest = make.price(event, name="Gjest", amount_ore=0, access_code="gjest27", position=2)
    dinner = make.add_on(event, quota=1)
    return event, member, other, guest, dinner


def _stored(app):
    with app.app_context():
        reg = db.session.scalars(select(Registration)).one()
        return (reg.price_name, reg.price_ore, sorted(a.name for a in reg.add_ons))


def test_the_form_shows_each_price_with_vat_and_why_and_the_add_ons_with_seats(client, priced):
    event, member, other, guest, dinner = priced
    html = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    # Both prices depend on the kommune, not known yet: neither is ticked (a member price ticked for a
    # non-member would be refused when the form is sent).
    assert f'name="price_category" value="{member.id}" id="price-{member.id}" aria-describedby="price-{member.id}-info">' in html
    assert f'value="{other.id}" id="price-{other.id}" aria-describedby="price-{other.id}-info">' in html
    assert "Medlem: kr\u00a03\u00a0900,00" in html and "fritatt for mva. Gjelder kommuner som er medlem" in html
    assert "Ikke-medlem: kr\u00a05\u00a0200,00" in html
    assert "Gjest" not in html  # behind its code
    assert 'name="access_code"' in html and 'name="invoice_org_number"' in html
    assert f'name="addons" value="{dinner.id}"' in html and "Konferansemiddag: kr\u00a0950,00" in html
    assert "pluss 25 % mva. 1 plass igjen" in html


def test_a_member_registers_at_the_member_price_with_the_dinner(app, forms, priced):
    event, member, _other, _guest, dinner = priced
    response = forms.register(event.slug, valid_form(price_category=str(member.id), addons=str(dinner.id),
                                                     invoice_org_number="974760673", invoice_reference="K-17"))
    manage_path(response)
    assert _stored(app) == ("Medlem", 390_000, ["Konferansemiddag"])


@pytest.mark.parametrize(("kommune", "price"), [(LILLEHAMMER, ("Medlem", 390_000)), ("0301", ("Ikke-medlem", 520_000))])
def test_no_price_ticked_takes_the_cheapest_for_the_kommune_given(app, forms, priced, kommune, price):
    event = priced[0]
    response = forms.register(event.slug, valid_form(kommune=kommune, invoice_org_number="974760673",
                                                     invoice_reference="K-17"))
    manage_path(response)
    assert _stored(app) == (*price, [])


def test_the_member_price_for_a_non_member_kommune_is_refused_with_the_reason(app, forms, priced):
    event, member, _other, _guest, _dinner = priced
    response = forms.register(event.slug, valid_form(kommune="0301", price_category=str(member.id),
                                                     invoice_org_number="974760673"))
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True)) == [
        "Medlemsprisen gjelder bare kommuner som er medlem, og Oslo - Oslove er ikke medlem. Velg en annen pris."]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_a_guest_code_gives_the_free_price_without_invoice_details(app, forms, priced):
    event, member, _other, _guest, _dinner = priced
    response = forms.register(event.slug, valid_form(price_category=str(member.id), access_code=" GJEST27 "))
    manage_path(response)
    assert _stored(app) == ("Gjest", 0, [])


def test_a_wrong_code_is_refused(app, forms, priced):
    event, member, _other, _guest, _dinner = priced
    response = forms.register(event.slug, valid_form(price_category=str(member.id), access_code="feil",
                                                     invoice_org_number="974760673"))
    assert errors_of(response.get_data(as_text=True)) == [
        "Koden er ikke gyldig for dette arrangementet. Sjekk koden, eller la feltet stå tomt."]


def test_a_full_dinner_says_so_and_nothing_is_stored(app, forms, priced):
    event, member, _other, _guest, dinner = priced
    with app.app_context(), transaction():
        service.register(event.id, applicant(9, add_on_ids=[dinner.id], price_category_id=member.id,
                                             municipality_number=LILLEHAMMER))
    response = forms.register(event.slug, valid_form(price_category=str(member.id), addons=str(dinner.id),
                                                     invoice_org_number="974760673"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert errors_of(html) == ["«Konferansemiddag» er fullt. Fjern krysset, så kan du melde deg på uten."]
    assert "<strong>Fullt</strong>" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
        assert db.session.scalar(select(func.count()).select_from(RegistrationAddOn)) == 1


def test_a_priced_event_needs_the_invoice_details(app, forms, priced):
    event, member, *_ = priced
    response = forms.register(event.slug, valid_form(price_category=str(member.id)))
    assert errors_of(response.get_data(as_text=True)) == ["Skriv organisasjonsnummeret fakturaen skal til."]


def test_an_event_without_prices_shows_no_price_section(client, make):
    event = make.event()
    html = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert 'name="price_category"' not in html and 'name="addons"' not in html and 'name="access_code"' not in html


def test_the_manage_page_shows_price_add_ons_terms_and_changes_add_ons_within_the_quota(app, forms, client, make):
    from datetime import timedelta

    from app.core import clock

    free_until = clock.oslo(clock.now()).date() + timedelta(days=3)
    event = make.event(free_cancellation_until=free_until, cancellation_share_percent=50)
    fee = make.price(event, name="Ordinær", amount_ore=420_000)
    dinner = make.add_on(event, quota=1)
    response = forms.register(event.slug, valid_form(price_category=str(fee.id), invoice_org_number="974760673"))
    path = manage_path(response)
    html = client.get(path).get_data(as_text=True)
    assert "Ordinær: kr\u00a04\u00a0200,00 (fritatt for mva.)" in html
    with app.test_request_context():
        day = clock.date_label(free_until)
    assert f"Gratis avbestilling til og med {day}, deretter 50 % av avgiften." in html
    assert "kr\u00a04\u00a0200,00 inkl. mva." in html
    token = forms.token(path)
    assert client.post(path + "/addons", data={"addons": str(dinner.id), "csrf_token": token}).status_code == 303
    html = client.get(path).get_data(as_text=True)
    assert "Konferansemiddag: kr\u00a0950,00 (pluss 25 % mva.)" in html
    assert "kr\u00a05\u00a0387,50 inkl. mva." in html  # 4 200 + 950 × 1,25
    with app.app_context(), transaction():
        other = service.register(event.id, applicant(7, price_category_id=fee.id))
        other_path = "/me/" + links.manage_token(other)
    client.post(other_path + "/addons", data={"addons": str(dinner.id), "csrf_token": token})
    html = client.get(other_path).get_data(as_text=True)
    assert "«Konferansemiddag» er fullt. Fjern krysset, så kan du melde deg på uten." in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RegistrationAddOn)) == 1
