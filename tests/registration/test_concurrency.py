"""Seats hold under load: many registrations and cancellations at once, each in its own thread,
connection and transaction (real SQLite file or PostgreSQL)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from app.core.transaction import transaction
from app.extensions import db
from app.models import ChoiceStatus, Registration, RegistrationStatus, SessionChoice, SessionKind
from app.registration import service
from tests.factories import applicant

pytestmark = pytest.mark.slow


def _in_threads(app, fn, items, workers=32):
    def run(item):
        with app.app_context():
            try:
                with transaction():  # as a request does
                    return fn(item)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, items))


def test_200_concurrent_registrations_for_50_seats(app, make):
    event = make.event(capacity=50)
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=10)

    ids = _in_threads(app, lambda i: service.register(event.id, applicant(i), [ws.id]).id, range(200))

    assert len(set(ids)) == 200
    with app.app_context():
        regs = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
        assert len(regs) == 200
        confirmed = [r for r in regs if r.status == RegistrationStatus.CONFIRMED]
        waiting = sorted(r.waitlist_position for r in regs if r.status == RegistrationStatus.WAITLISTED)
        assert len(confirmed) == 50
        assert waiting == list(range(1, 151))
        choices = db.session.scalars(select(SessionChoice).where(SessionChoice.session_id == ws.id)).all()
        by_status = {s: sorted(c.waitlist_position or 0 for c in choices if c.status == s) for s in ChoiceStatus}
        assert len(by_status[ChoiceStatus.CONFIRMED]) == 10
        assert by_status[ChoiceStatus.WAITLISTED] == list(range(1, 41))
        assert len(by_status[ChoiceStatus.PENDING]) == 150


def test_200_concurrent_registrations_for_a_10_seat_session(app, make):
    event = make.event(capacity=None)
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=10)
    _in_threads(app, lambda i: service.register(event.id, applicant(i), [ws.id]).id, range(200))
    with app.app_context():
        rows = db.session.execute(
            select(SessionChoice.status, func.count()).where(SessionChoice.session_id == ws.id)
            .group_by(SessionChoice.status)
        ).all()
        assert dict(rows) == {ChoiceStatus.CONFIRMED: 10, ChoiceStatus.WAITLISTED: 190}
        positions = db.session.scalars(select(SessionChoice.waitlist_position).where(
            SessionChoice.status == ChoiceStatus.WAITLISTED)).all()
        assert sorted(positions) == list(range(1, 191))


def test_50_concurrent_cancellations_promote_exactly_50_in_order(app, make):
    event = make.event(capacity=50)
    with app.app_context():
        with transaction():
            ids = [service.register(event.id, applicant(i)).id for i in range(120)]
    confirmed, waiting = ids[:50], ids[50:]

    _in_threads(app, lambda rid: service.cancel(rid).id, confirmed)

    with app.app_context():
        regs = {r.id: r for r in db.session.scalars(select(Registration))}
        assert all(regs[i].status == RegistrationStatus.CANCELLED for i in confirmed)
        # The first 50 on the list got the seats, in their order; the rest moved up to 1..20.
        assert [regs[i].status for i in waiting[:50]] == [RegistrationStatus.CONFIRMED] * 50
        assert [regs[i].waitlist_position for i in waiting[50:]] == list(range(1, 21))


def test_the_same_email_at_once_from_20_threads_makes_one_registration(app, make):
    from app.registration.errors import AlreadyRegistered

    event = make.event(capacity=5)

    def attempt(_i):
        try:
            with transaction():
                return service.register(event.id, applicant("same")).id
        except AlreadyRegistered as exc:
            return ("already", exc.registration_id)

    results = _in_threads(app, attempt, range(20), workers=20)
    ids = [r for r in results if isinstance(r, int)]
    assert len(ids) == 1
    assert results.count(("already", ids[0])) == 19
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
