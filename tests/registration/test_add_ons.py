"""Add-ons with their own quota (the dinner, hotel nights): never oversold, also under concurrency (run it on
PostgreSQL with TEST_DATABASE_URL), nothing half-made when one is full, and the manage page's change too."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.core.transaction import transaction
from app.extensions import db
from app.models import AddOnKind, Registration, RegistrationAddOn, RegistrationStatus
from app.registration import service
from app.registration.errors import AddOnFull, InvalidAddOn
from tests.conftest import count_queries
from tests.factories import applicant
from tests.registration.test_concurrency import _in_threads


def _count(model, **where):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def test_the_last_dinner_seat_goes_once_and_the_next_registration_is_not_half_made(app, make, ctx):
    event = make.event()
    dinner = make.add_on(event, quota=1)
    with transaction():
        first = service.register(event.id, applicant(1, add_on_ids=[dinner.id]))
    with pytest.raises(AddOnFull) as full, transaction():
        service.register(event.id, applicant(2, add_on_ids=[dinner.id]))
    assert full.value.name == "Konferansemiddag"
    assert _count(Registration) == 1 and _count(RegistrationAddOn) == 1
    held = db.session.scalars(select(RegistrationAddOn)).one()
    assert (held.registration_id, held.name, held.unit_price_ore, held.vat_category, held.vat_rate_bp) == (
        first.id, "Konferansemiddag", 95_000, "S", 2500)


def test_cancelling_gives_the_seat_back(app, make, ctx):
    event = make.event()
    dinner = make.add_on(event, quota=1)
    with transaction():
        rid = service.register(event.id, applicant(1, add_on_ids=[dinner.id])).id
    with transaction():
        service.cancel(rid)
    with transaction():
        service.register(event.id, applicant(2, add_on_ids=[dinner.id]))
    assert _count(RegistrationAddOn, add_on_id=dinner.id) == 1


def test_another_events_or_an_inactive_add_on_is_refused(app, make, ctx):
    event, other = make.event(), make.event()
    foreign, gone = make.add_on(other), make.add_on(event, active=False)
    for ids in ([foreign.id], [gone.id], [2**40]):
        with pytest.raises(InvalidAddOn), transaction():
            service.register(event.id, applicant(1, add_on_ids=ids))
    assert _count(Registration) == 0


def test_changing_add_ons_keeps_the_price_taken_and_respects_the_quota(app, make, ctx):
    event = make.event()
    dinner = make.add_on(event, quota=1)
    night = make.add_on(event, name="Hotellnatt 14. april", kind=AddOnKind.HOTEL_NIGHT, unit_price_ore=145_000,
                        vat_rate_bp=1200, night=date(2027, 4, 14))
    with transaction():
        a = service.register(event.id, applicant(1, add_on_ids=[dinner.id])).id
        b = service.register(event.id, applicant(2)).id
    with pytest.raises(AddOnFull), transaction():
        service.change_add_ons(b, [dinner.id, night.id])
    assert _count(RegistrationAddOn, registration_id=b) == 0  # neither: nothing half-changed
    with transaction():
        service.change_add_ons(a, [night.id])
    with transaction():
        service.change_add_ons(b, [dinner.id, night.id])
    assert sorted(db.session.scalars(select(RegistrationAddOn.name).where(
        RegistrationAddOn.registration_id == b))) == ["Hotellnatt 14. april", "Konferansemiddag"]


def test_a_registration_without_add_ons_asks_nothing_about_them(app, make):
    event = make.event()
    make.add_on(event, quota=5)
    with count_queries(app) as statements:
        with app.app_context(), transaction():
            service.register(event.id, applicant(1))
    assert not [s for s in statements if "add_ons" in s]


@pytest.mark.slow
def test_40_concurrent_registrations_for_the_last_10_dinner_seats(app, make):
    event = make.event(capacity=None)
    dinner = make.add_on(event, quota=12)
    with app.app_context(), transaction():
        service.register(event.id, applicant("early1", add_on_ids=[dinner.id]))
        service.register(event.id, applicant("early2", add_on_ids=[dinner.id]))

    def attempt(i):
        try:
            return service.register(event.id, applicant(i, add_on_ids=[dinner.id])).id
        except AddOnFull:
            return "full"

    results = _in_threads(app, attempt, range(40), workers=20)
    assert results.count("full") == 30
    with app.app_context():
        assert _count(RegistrationAddOn, add_on_id=dinner.id) == 12
        assert _count(Registration, status=RegistrationStatus.CONFIRMED) == 12  # the 30 were not made at all
