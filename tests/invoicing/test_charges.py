"""What a registration owes (app.invoicing.charges.owed): the fee frozen at registration, the add-ons with their
own VAT, and the cancellation terms."""
from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import charges, documents
from app.models import AddOnKind, PriceCategory, Registration
from app.registration import service
from tests.conftest import _truncate
from tests.factories import applicant


@pytest.fixture(autouse=True)
def _clean_database(app):
    yield
    clock.set_now(None)
    _truncate(app)


def _lines(app, rid):
    with app.test_request_context():
        return charges.owed(db.session.get(Registration, rid))


def _register(app, event, n=1, **kw):
    with app.test_request_context(), transaction():
        return service.register(event.id, applicant(n, **kw)).id


def test_a_confirmed_registration_owes_its_frozen_fee_and_its_add_ons(app, make):
    event = make.event(title="Lederkonferansen 2027")
    fee = make.price(event, name="Medlemspris")
    dinner = make.add_on(event)
    night = make.add_on(event, name="Hotellnatt 14. april", kind=AddOnKind.HOTEL_NIGHT, unit_price_ore=145_000,
                        vat_rate_bp=1200, night=date(2027, 4, 14))
    rid = _register(app, event, price_category_id=fee.id, add_on_ids=[dinner.id, night.id])
    with app.app_context(), transaction():
        db.session.get(PriceCategory, fee.id).amount_ore = 1  # a later change is for new registrations
    assert _lines(app, rid) == (
        documents.Line("Lederkonferansen 2027: Medlemspris – Deltaker1 Nordmann", Decimal(1), 420_000, "E",
                       Decimal(0), "Unntatt etter merverdiavgiftsloven § 3-5", note="Deltaker1 Nordmann"),
        documents.Line("Konferansemiddag – Deltaker1 Nordmann", Decimal(1), 95_000, "S", Decimal(25),
                       note="Deltaker1 Nordmann"),
        documents.Line("Hotellnatt 14. april – Deltaker1 Nordmann", Decimal(1), 145_000, "S", Decimal(12),
                       unit="DAY", period_start=date(2027, 4, 14), period_end=date(2027, 4, 15),
                       note="Deltaker1 Nordmann"),
    )


def test_a_free_category_owes_nothing_and_the_flat_fee_is_exempt(app, make):
    event = make.event(title="Nettverkssamling", fee_nok=900)
    speaker = make.price(event, name="Foredragsholder", amount_ore=0, access_code="scene")
    free = _register(app, event, 1, access_code="SCENE")
    assert _lines(app, free) == ()
    flat_event = make.event(title="Regionsamling", fee_nok=900)
    flat = _register(app, flat_event, 2)
    assert _lines(app, flat) == (documents.Line("Regionsamling: Deltakeravgift – Deltaker2 Nordmann", Decimal(1),
                                                90_000, "E", Decimal(0), charges.FLAT_FEE_EXEMPTION,
                                                note="Deltaker2 Nordmann"),)
    assert speaker.amount_ore == 0


def test_the_waiting_list_owes_nothing(app, make):
    event = make.event(capacity=1)
    fee = make.price(event)
    _register(app, event, 1, price_category_id=fee.id)
    waiting = _register(app, event, 2, price_category_id=fee.id)
    assert _lines(app, waiting) == ()


@pytest.fixture
def with_terms(app, make):
    free_until = clock.oslo(clock.now()).date() + timedelta(days=5)
    event = make.event(title="Lederkonferansen 2027", free_cancellation_until=free_until,
                       cancellation_share_percent=50)
    fee = make.price(event, name="Medlemspris", amount_ore=390_050)
    return event, fee


def _cancel_at(app, rid, moment):
    clock.set_now(moment)
    with app.test_request_context(), transaction():
        service.cancel(rid, actor=None)


def test_cancelling_on_the_free_day_owes_nothing(app, make, with_terms):
    event, fee = with_terms
    rid = _register(app, event, price_category_id=fee.id, add_on_ids=[make.add_on(event).id])
    _cancel_at(app, rid, clock.local_datetime(event.free_cancellation_until, time(23, 59)))
    assert _lines(app, rid) == ()


def test_cancelling_after_the_free_day_owes_the_share_of_the_fee_only(app, make, with_terms):
    event, fee = with_terms
    rid = _register(app, event, price_category_id=fee.id, add_on_ids=[make.add_on(event).id])
    _cancel_at(app, rid, clock.local_datetime(event.free_cancellation_until + timedelta(days=1), time(0, 0)))  # Oslo midnight: the 2nd
    assert _lines(app, rid) == (documents.Line(
        "Lederkonferansen 2027: avbestilling etter fristen, 50 % av medlemspris – Deltaker1 Nordmann", Decimal(1),
        195_025, "E", Decimal(0), "Unntatt etter merverdiavgiftsloven § 3-5", note="Deltaker1 Nordmann"),)
