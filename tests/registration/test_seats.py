"""The seat and waiting-list rules, one step at a time (the concurrent versions are in test_concurrency)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import (
    ChoiceStatus,
    EventStatus,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    SessionChoice,
    SessionKind,
)
from app.registration import links, service
from app.registration.errors import (
    AlreadyRegistered,
    ChangeDeadlinePassed,
    InvalidSessionChoice,
    RegistrationClosed,
)
from tests.factories import applicant


def _status(reg_id):
    reg = db.session.get(Registration, reg_id)
    db.session.refresh(reg)
    return reg.status, reg.waitlist_position


def _choice(reg_id, session_id):
    c = db.session.scalar(select(SessionChoice).where(SessionChoice.registration_id == reg_id,
                                                      SessionChoice.session_id == session_id))
    return (c.status, c.waitlist_position) if c else None


def test_full_event_puts_registrations_on_the_waiting_list_in_order(ctx, make):
    event = make.event(capacity=2)
    with transaction():
        regs = [service.register(event.id, applicant(i)).id for i in range(5)]
    assert [_status(r) for r in regs] == [
        (RegistrationStatus.CONFIRMED, None), (RegistrationStatus.CONFIRMED, None),
        (RegistrationStatus.WAITLISTED, 1), (RegistrationStatus.WAITLISTED, 2), (RegistrationStatus.WAITLISTED, 3),
    ]
    kinds = list(db.session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)))
    assert kinds == ["registration.confirmed"] * 2 + ["registration.waitlisted"] * 3


def test_cancelling_promotes_the_first_on_the_list_and_closes_the_gap(ctx, make):
    event = make.event(capacity=1)
    with transaction():
        first, second, third = (service.register(event.id, applicant(i)).id for i in range(3))
    with transaction():
        service.cancel(first)
    assert _status(first) == (RegistrationStatus.CANCELLED, None)
    assert _status(second) == (RegistrationStatus.CONFIRMED, None)
    assert _status(third) == (RegistrationStatus.WAITLISTED, 1)
    promoted = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "registration.promoted"))
    assert promoted.to_address == "deltaker1@example.org"


def test_leaving_the_waiting_list_moves_the_others_up(ctx, make):
    event = make.event(capacity=1)
    with transaction():
        regs = [service.register(event.id, applicant(i)).id for i in range(4)]
    with transaction():
        service.cancel(regs[2])  # waitlist position 2 of 3
    assert [_status(r)[1] for r in (regs[1], regs[3])] == [1, 2]


def test_full_session_keeps_the_event_seat_and_queues_for_the_session(ctx, make):
    event = make.event(capacity=10)
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=1)
    with transaction():
        a = service.register(event.id, applicant("a"), [ws.id]).id
    with transaction():
        b = service.register(event.id, applicant("b"), [ws.id]).id
    assert _status(b) == (RegistrationStatus.CONFIRMED, None)
    assert _choice(a, ws.id) == (ChoiceStatus.CONFIRMED, None)
    assert _choice(b, ws.id) == (ChoiceStatus.WAITLISTED, 1)
    with transaction():
        service.change_sessions(a, [])
    assert _choice(a, ws.id) is None
    assert _choice(b, ws.id) == (ChoiceStatus.CONFIRMED, None)
    assert db.session.scalar(select(OutboxMessage.to_address).where(
        OutboxMessage.kind == "registration.session_promoted")) == "deltakerb@example.org"


def test_waitlisted_registration_takes_its_session_seats_when_promoted(ctx, make):
    event = make.event(capacity=1)
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=5)
    with transaction():
        a = service.register(event.id, applicant("a")).id
    with transaction():
        b = service.register(event.id, applicant("b"), [ws.id]).id
    assert _choice(b, ws.id) == (ChoiceStatus.PENDING, None)
    with transaction():
        service.cancel(a)
    assert _choice(b, ws.id) == (ChoiceStatus.CONFIRMED, None)


def test_overlapping_foreign_and_non_signup_sessions_are_refused(ctx, make):
    event = make.event()
    other = make.event()
    ws1 = make.session(event, kind=SessionKind.WORKSHOP, capacity=5)
    ws2 = make.session(event, kind=SessionKind.WORKSHOP, capacity=5, starts_at=ws1.starts_at + timedelta(minutes=30))
    plenary = make.session(event, kind=SessionKind.PLENARY, starts_at=ws1.starts_at + timedelta(hours=3))
    foreign = make.session(other, kind=SessionKind.WORKSHOP)
    for ids, reason in (([ws1.id, ws2.id], "overlap"), ([foreign.id], "unknown"), ([plenary.id], "not_signup"),
                        ([999999], "unknown")):
        with pytest.raises(InvalidSessionChoice) as err:
            with transaction():
                service.register(event.id, applicant(), ids)
        assert err.value.reason == reason
    assert db.session.scalar(select(Registration.id)) is None
    assert db.session.scalar(select(OutboxMessage.id)) is None


def test_same_email_twice_is_refused_but_may_return_after_cancelling(ctx, make):
    event = make.event()
    with transaction():
        first = service.register(event.id, applicant(1)).id
    with pytest.raises(AlreadyRegistered) as err:
        with transaction():
            service.register(event.id, applicant(1, email="DELTAKER1@example.org "))
    assert err.value.registration_id == first
    with transaction():
        service.cancel(first)
    with transaction():
        again = service.register(event.id, applicant(1))
    assert again.id == first and again.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("change, reason", [
    ({"status": EventStatus.DRAFT}, "not_published"),
    ({"status": EventStatus.CANCELLED}, "cancelled"),
    ({"registration_opens_at": clock.now() + timedelta(days=1)}, "not_yet_open"),
    ({"registration_closes_at": clock.now() - timedelta(minutes=1)}, "closed"),
])
def test_closed_events_store_nothing(ctx, make, change, reason):
    event = make.event(**change)
    with pytest.raises(RegistrationClosed) as err:
        with transaction():
            service.register(event.id, applicant())
    assert err.value.reason == reason
    assert db.session.scalar(select(Registration.id)) is None


def test_organiser_may_register_after_the_window_closed(ctx, make):
    event = make.event(registration_closes_at=clock.now() - timedelta(days=1))
    with transaction():
        assert service.register(event.id, applicant(), actor=SYSTEM).status == RegistrationStatus.CONFIRMED


def test_participant_cannot_change_after_the_deadline_but_organiser_can(ctx, make):
    event = make.event(change_deadline=clock.now() + timedelta(hours=1))
    with transaction():
        reg = service.register(event.id, applicant()).id
    clock.set_now(clock.now() + timedelta(hours=2))
    with pytest.raises(ChangeDeadlinePassed):
        with transaction():
            service.cancel(reg)
    with transaction():
        assert service.cancel(reg, actor=SYSTEM).status == RegistrationStatus.CANCELLED


def test_health_data_only_with_consent_and_withdrawal_deletes_it(ctx, make):
    event = make.event()
    with transaction():
        without = service.register(event.id, applicant(1, diet=["vegetarian"], accessibility_needs="Rullestol"))
    assert (without.diet, without.accessibility_needs, without.health_consent_at) == ("", "", None)
    with transaction():
        with_consent = service.register(event.id, applicant(2, health_consent=True, diet=["vegetarian", "gluten"],
                                                             accessibility_needs="Rullestol"))
    assert with_consent.diet_codes == ["vegetarian", "gluten"] and with_consent.health_consent_at is not None
    with transaction():
        service.withdraw_health_consent(with_consent.id)
    db.session.refresh(with_consent)
    assert (with_consent.diet, with_consent.accessibility_needs, with_consent.health_consent_at) == ("", "", None)


def test_organiser_can_confirm_beyond_capacity(ctx, make):
    event = make.event(capacity=1)
    with transaction():
        service.register(event.id, applicant(1))
    with transaction():
        waiting = service.register(event.id, applicant(2)).id
    with transaction():
        service.confirm_from_waitlist(waiting, actor=SYSTEM)
    assert _status(waiting) == (RegistrationStatus.CONFIRMED, None)


def test_counts_for_api_and_pages(ctx, make, client):
    event = make.event(capacity=2)
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=1)
    for i in range(3):
        with transaction():
            service.register(event.id, applicant(i), [ws.id])
    body = client.get(f"/api/v1/events/{event.slug}").get_json()
    assert (body["registered"], body["waitlisted"], body["seats_left"]) == (2, 1, 0)
    assert (body["sessions"][0]["registered"], body["sessions"][0]["seats_left"]) == (1, 0)


def _columns(registration):
    return {c.key: getattr(registration, c.key) for c in Registration.__table__.columns}


def test_what_register_returns_is_what_is_stored_and_someone_who_returns_keeps_the_row_and_link(ctx, make):
    """register() writes with plain INSERTs and hands back the object it built, not a read-back:
    it must be exactly the stored row. Coming back after cancelling revives that row."""
    event = make.event(capacity=1)
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=5)
    event_id, ws_id = event.id, ws.id
    with transaction():
        first = service.register(event_id, applicant(1, health_consent=True, diet=["vegetarian"]), [ws_id])
    with transaction():
        waiting = service.register(event_id, applicant(2), [ws_id])
    returned = {r.id: _columns(r) for r in (first, waiting)}
    link = links.manage_token(first)
    db.session.expunge_all()
    assert {i: _columns(db.session.get(Registration, i)) for i in returned} == returned
    assert returned[first.id]["diet"] == "vegetarian" and returned[first.id]["health_consent_at"] is not None
    assert _choice(first.id, ws_id) == (ChoiceStatus.CONFIRMED, None)
    assert _choice(waiting.id, ws_id) == (ChoiceStatus.PENDING, None)

    with transaction():
        service.cancel(first.id)  # the waiting one gets the seat (and the workshop)
    with transaction():
        again = service.register(event_id, applicant(1), [ws_id])
    assert again.id == first.id and links.manage_token(again) == link
    assert (again.status, again.waitlist_position, again.cancelled_at, again.health_consent_at, again.diet) == (
        RegistrationStatus.WAITLISTED, 1, None, None, "")
    assert [(c.session_id, c.status) for c in again.choices] == [(ws_id, ChoiceStatus.PENDING)]
    db.session.expunge_all()
    assert _columns(db.session.get(Registration, first.id)) == _columns(again)
    assert _choice(waiting.id, ws_id) == (ChoiceStatus.CONFIRMED, None)
