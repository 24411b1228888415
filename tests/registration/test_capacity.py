"""A raised capacity goes to those waiting, in order and at once (in the organiser's own transaction,
with the promotion e-mail); a newcomer never takes a seat while anyone waits (event and workshops)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from sqlalchemy import select, update

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.models import (
    AuditEntry,
    ChoiceStatus,
    Event,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
    SessionKind,
)
from app.program import editing, events
from app.registration import notify, service
from tests.factories import applicant


def _registrations(event_id):
    rows = db.session.execute(select(Registration.email, Registration.status, Registration.waitlist_position)
                              .where(Registration.event_id == event_id).order_by(Registration.id)).all()
    return [(email, status, pos) for email, status, pos in rows]


def _promoted_to(kind="registration.promoted"):
    return list(db.session.scalars(select(OutboxMessage.to_address).where(OutboxMessage.kind == kind)
                                   .order_by(OutboxMessage.id)))


def _raise_event(event_id, capacity):
    event = db.session.get(Event, event_id)
    with transaction():  # as the organiser's page does
        return events.update_event(event_id, replace(events.draft_of(event), capacity=capacity), SYSTEM)


def _raise_session(event_id, session_id, capacity):
    session = db.session.get(Session, session_id)
    with transaction():
        return editing.update_session(event_id, session_id, replace(editing.draft_of(session), capacity=capacity),
                                      SYSTEM)


def test_raising_the_event_capacity_promotes_the_first_in_order_and_the_next_newcomer_waits(ctx, make):
    """Issue 15, 1: 5 → 7 with 9 waiting."""
    event = make.event(capacity=5)
    for i in range(14):
        with transaction():
            service.register(event.id, applicant(i))
    _raise_event(event.id, 7)

    regs = _registrations(event.id)
    assert [s for _e, s, _p in regs] == [RegistrationStatus.CONFIRMED] * 7 + [RegistrationStatus.WAITLISTED] * 7
    assert [p for _e, _s, p in regs[7:]] == list(range(1, 8))
    assert _promoted_to() == ["deltaker5@example.org", "deltaker6@example.org"]
    with transaction():
        newcomer = service.register(event.id, applicant("ny"))
    assert (newcomer.status, newcomer.waitlist_position) == (RegistrationStatus.WAITLISTED, 8)


def test_an_unlimited_event_takes_everyone_waiting_and_their_workshops(ctx, make):
    event = make.event(capacity=1)
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=10)
    with transaction():
        ids = [service.register(event.id, applicant(i), [ws.id]).id for i in range(3)]
    _raise_event(event.id, None)
    assert {s for _e, s, _p in _registrations(event.id)} == {RegistrationStatus.CONFIRMED}
    choices = db.session.scalars(select(SessionChoice.status).where(SessionChoice.registration_id.in_(ids))).all()
    assert choices == [ChoiceStatus.CONFIRMED] * 3


def test_raising_a_workshop_capacity_promotes_its_queue_in_order(ctx, make):
    event = make.event(capacity=50)
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=1)
    with transaction():
        ids = [service.register(event.id, applicant(i), [ws.id]).id for i in range(5)]
    _raise_session(event.id, ws.id, 3)

    rows = dict(db.session.execute(select(SessionChoice.registration_id,
                                          SessionChoice.waitlist_position).where(SessionChoice.session_id == ws.id)).all())
    assert [rows[i] for i in ids] == [None, None, None, 1, 2]
    assert _promoted_to("registration.session_promoted") == ["deltaker1@example.org", "deltaker2@example.org"]
    with transaction():
        late = service.register(event.id, applicant("ny"), [ws.id])
    assert db.session.scalar(select(SessionChoice.waitlist_position).where(
        SessionChoice.registration_id == late.id)) == 3


def test_the_raise_and_the_promotions_are_one_transaction(ctx, make, monkeypatch):
    event = make.event(capacity=1)
    for i in range(3):
        with transaction():
            service.register(event.id, applicant(i))
    calls = []

    def failing(registration):
        calls.append(registration.email)
        raise RuntimeError("the mail queue broke")

    monkeypatch.setattr(notify, "promoted", failing)
    with pytest.raises(RuntimeError):
        _raise_event(event.id, 3)
    db.session.expire_all()
    assert calls == ["deltaker1@example.org"]
    assert db.session.get(Event, event.id).capacity == 1
    assert [s for _e, s, _p in _registrations(event.id)] == [RegistrationStatus.CONFIRMED] + \
        [RegistrationStatus.WAITLISTED] * 2
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "update")) is None
    assert _promoted_to() == []


def test_nobody_gets_a_seat_ahead_of_someone_waiting(ctx, make):
    """Even where seats are free with people waiting (a capacity changed behind the rules' back),
    a newcomer queues behind them: for the event and for a workshop."""
    event = make.event(capacity=1)
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=1)
    with transaction():
        service.register(event.id, applicant(1), [ws.id])
    with transaction():
        service.register(event.id, applicant(2), [ws.id])  # event waiting list 1
    db.session.execute(update(Event).where(Event.id == event.id).values(capacity=5))
    db.session.commit()
    with transaction():
        late = service.register(event.id, applicant(3))
    assert (late.status, late.waitlist_position) == (RegistrationStatus.WAITLISTED, 2)

    other = make.event(capacity=10)
    ws2 = make.session(other, kind=SessionKind.WORKSHOP, capacity=1)
    with transaction():
        service.register(other.id, applicant(4), [ws2.id])
    with transaction():
        service.register(other.id, applicant(5), [ws2.id])  # workshop queue 1
    db.session.execute(update(Session).where(Session.id == ws2.id).values(capacity=5))
    db.session.commit()
    with transaction():
        late = service.register(other.id, applicant(6), [ws2.id])
    assert db.session.scalar(select(SessionChoice.waitlist_position).where(
        SessionChoice.registration_id == late.id)) == 2


@pytest.mark.slow
def test_a_raise_during_a_rush_lets_nobody_jump_the_queue(app, make):
    """The raise and 20 newcomers at once, each in its own connection (the event row lock on PostgreSQL)."""
    event = make.event(capacity=5)
    with app.app_context():
        for i in range(14):
            with transaction():
                service.register(event.id, applicant(i))
        db.session.remove()

    def run(i):
        with app.app_context():
            try:
                if i == 7:
                    _raise_event(event.id, 7)
                else:
                    with transaction():
                        service.register(event.id, applicant(f"rush{i}"))
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=21) as pool:
        list(pool.map(run, range(21)))
    with app.app_context():
        regs = _registrations(event.id)
        confirmed = [e for e, s, _p in regs if s == RegistrationStatus.CONFIRMED]
        assert confirmed == [f"deltaker{i}@example.org" for i in range(7)]
        waiting = sorted((p, e) for e, s, p in regs if s == RegistrationStatus.WAITLISTED)
        assert [p for p, _e in waiting] == list(range(1, 28))
        assert [e for _p, e in waiting[:7]] == [f"deltaker{i}@example.org" for i in range(7, 14)]
