"""Which price applies to whom and why (app.invoicing.prices), and the price frozen at registration."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import update

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import prices
from app.models import Municipality, PriceAudience, PriceCategory, Registration
from app.registration import service
from tests.conftest import _truncate
from tests.factories import applicant

TROMSO, TRONDHEIM = "5501", "5001"


@pytest.fixture(autouse=True)
def _clean_database(app):
    """These tests use the database (tests/invoicing/conftest.py's no-op is for the value-only tests)."""
    yield
    clock.set_now(None)
    _truncate(app)
    with app.app_context(), transaction():
        db.session.execute(update(Municipality).values(member=False))


@pytest.fixture
def priced(app, make):
    """Lederkonferansen's prices: member, early-bird member (to 15 January 2027), non-member, one day, speaker."""
    event = make.event()
    with app.app_context():
        with transaction():
            db.session.execute(update(Municipality).where(Municipality.number == TROMSO).values(member=True))
    cats = {
        "member": make.price(event, name="Medlem", amount_ore=390_000, audience=PriceAudience.MEMBER, position=2),
        "early": make.price(event, name="Medlem tidlig", amount_ore=350_000, audience=PriceAudience.MEMBER,
                            valid_until=date(2027, 1, 15), position=1),
        "other": make.price(event, name="Ikke-medlem", amount_ore=520_000, audience=PriceAudience.NON_MEMBER,
                            position=3),
        "day": make.price(event, name="Én dag", amount_ore=250_000, day=date(2027, 4, 15), position=4),
        "speaker": make.price(event, name="Foredragsholder", amount_ore=0, access_code="Scene2027", position=5),
    }
    return event, cats


def _ids(found):
    return [o.category.name for o in found]


def _oslo(day: date, at: time) -> datetime:
    return clock.local_datetime(day, at)


def test_a_member_kommune_gets_the_member_prices_and_is_told_why(app, priced):
    event, cats = priced
    with app.test_request_context():
        tromso = db.session.get(Municipality, TROMSO)
        found = prices.offers(prices.categories(event.id), kommune=tromso, on=date(2027, 1, 10))
        assert _ids(found) == ["Medlem tidlig", "Medlem", "Én dag"]
        assert found[0].reason == "Medlemspris fordi Tromsø er medlem, tidligpris til og med " \
                                  "15. januar 2027"
        assert found[1].reason == "Medlemspris fordi Tromsø er medlem"
        assert found[2].reason == "Gjelder bare torsdag 15. april 2027"
        assert prices.default(found).category.name == "Medlem tidlig"


def test_a_non_member_kommune_gets_the_non_member_price(app, priced):
    event, _cats = priced
    with app.test_request_context():
        trondheim = db.session.get(Municipality, TRONDHEIM)
        found = prices.offers(prices.categories(event.id), kommune=trondheim, on=date(2027, 1, 10))
        assert _ids(found) == ["Ikke-medlem", "Én dag"]
        assert found[0].reason == "Pris for ikke-medlemmer fordi Trondheim - Tråante ikke er medlem"


def test_before_the_kommune_is_known_both_are_offered_with_their_condition(app, priced):
    event, _cats = priced
    with app.test_request_context():
        found = prices.offers(prices.categories(event.id), kommune=None, on=date(2027, 1, 10))
        assert [(o.category.name, o.reason, o.conditional) for o in found[:3]] == [
            ("Medlem tidlig", "Gjelder kommuner som er medlem, tidligpris til og med 15. januar 2027", True),
            ("Medlem", "Gjelder kommuner som er medlem", True),
            ("Ikke-medlem", "Gjelder kommuner som ikke er medlem", True)]


@pytest.mark.parametrize(("moment", "early"), [
    ((date(2027, 1, 15), time(23, 59)), True),   # the last minute of the day in Oslo
    ((date(2027, 1, 16), time(0, 0)), False),    # Oslo midnight: it is the 16th (still the 15th in UTC)
])
def test_the_early_bird_ends_at_oslo_midnight(app, priced, frozen_now, moment, early):
    event, _cats = priced
    frozen_now(_oslo(*moment))
    assert clock.now().astimezone(clock.UTC).day == 15  # 23:00 UTC on the 15th for the second case
    with app.test_request_context():
        found = prices.offers(prices.categories(event.id), kommune=db.session.get(Municipality, TROMSO),
                              on=prices.today())
        assert ("Medlem tidlig" in _ids(found)) is early


def test_a_code_opens_its_category_and_a_wrong_code_is_refused(app, priced):
    event, cats = priced
    with app.test_request_context():
        assert "Foredragsholder" not in _ids(prices.offers(prices.categories(event.id), kommune=None,
                                                           on=date(2027, 1, 10)))
        chosen = prices.choose(event.id, None, kommune_number=TRONDHEIM, code=" scene2027 ", on=date(2027, 1, 10))
        assert chosen.name == "Foredragsholder"
        with pytest.raises(prices.PriceNotApplicable) as error:
            prices.choose(event.id, cats["member"].id, kommune_number=TROMSO, code="feil", on=date(2027, 1, 10))
        assert (error.value.field, error.value.message) == (
            "access_code", "Koden er ikke gyldig for dette arrangementet. Sjekk koden, eller la feltet stå tomt.")


def test_a_category_that_does_not_apply_is_refused_with_the_reason(app, priced):
    event, cats = priced
    with app.test_request_context():
        with pytest.raises(prices.PriceNotApplicable) as error:
            prices.choose(event.id, cats["member"].id, kommune_number=TRONDHEIM, on=date(2027, 1, 10))
        assert error.value.message == ("Medlemsprisen gjelder bare kommuner som er medlem, og Trondheim - Tråante "
                                       "er ikke medlem. Velg en annen pris.")
        with pytest.raises(prices.PriceNotApplicable) as error:
            prices.choose(event.id, cats["early"].id, kommune_number=TROMSO, on=date(2027, 1, 16))
        assert error.value.message == "Tidligprisen gjaldt til og med 15. januar 2027. Velg en annen pris."
        assert prices.choose(event.id, None, kommune_number=TROMSO, on=date(2027, 1, 16)).name == "Medlem"


def test_the_price_is_frozen_at_registration(app, priced):
    event, cats = priced
    with app.test_request_context():
        with transaction():
            rid = service.register(event.id, applicant(1, municipality_number=TRONDHEIM,
                                                       price_category_id=cats["other"].id)).id
        with transaction():
            db.session.get(PriceCategory, cats["other"].id).amount_ore = 600_000
        reg = db.session.get(Registration, rid)
        assert (reg.price_category_id, reg.price_name, reg.price_ore, reg.price_vat_category,
                reg.price_exemption_reason) == (cats["other"].id, "Ikke-medlem", 520_000, "E",
                                                "Unntatt etter merverdiavgiftsloven § 3-5")


def test_the_service_refuses_a_category_that_does_not_apply(app, priced):
    event, cats = priced
    with app.test_request_context():
        with pytest.raises(prices.PriceNotApplicable), transaction():
            service.register(event.id, applicant(1, municipality_number=TRONDHEIM, price_category_id=cats["member"].id))
        assert db.session.query(Registration).count() == 0


def test_vat_and_price_labels(app):
    with app.test_request_context():
        assert prices.vat_label("S", 2500) == "pluss 25 % mva."
        assert prices.vat_label("S", 1200) == "pluss 12 % mva."
        assert prices.vat_label("E", 0) == "fritatt for mva."
        assert prices.price_label(0) == "Gratis"
        assert prices.price_label(390_000) == "kr\u00a03\u00a0900,00"
