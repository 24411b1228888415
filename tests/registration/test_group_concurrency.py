"""Two groups racing for the last seats, each in its own thread, connection and transaction (real SQLite file
or PostgreSQL: `TEST_DATABASE_URL=postgresql://… pytest tests/registration/test_group_concurrency.py`)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.core.transaction import transaction
from app.extensions import db
from app.models import Registration, RegistrationGroup, RegistrationStatus
from app.registration import groups
from app.registration.errors import SplitChanged
from tests.factories import applicant

pytestmark = pytest.mark.slow


def _group(tag: str, n: int) -> tuple[groups.Contact, list[groups.Colleague]]:
    contact = groups.Contact(name=f"Kontakt {tag}", email=f"kontakt-{tag}@kommune.no", municipality_number="0301",
                             organisation=f"Kulturskole {tag}")
    return contact, [groups.Colleague(applicant(f"{tag}{i}")) for i in range(n)]


def _race(app, event_id: int, tags: list[str], n: int, expected: groups.Split):
    """Each group confirms the split it was shown, all at once; each either registers (as shown) or is told the
    new split, having written nothing."""
    barrier = threading.Barrier(len(tags))
    results: dict[str, object] = {}

    def run(tag: str) -> None:
        contact, colleagues = _group(tag, n)
        with app.app_context():
            try:
                barrier.wait()
                with transaction():
                    _g, regs, _token = groups.register_group(event_id, contact, colleagues, expected)
                    results[tag] = [(r.status, r.waitlist_position) for r in regs]
            except SplitChanged as exc:
                results[tag] = exc.split
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(tag,)) for tag in tags]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_groups_racing_for_the_last_seats_never_oversell_and_each_split_is_as_shown(app, make):
    event = make.event(capacity=10)
    with app.app_context(), transaction():
        from app.registration import service
        for i in range(7):
            service.register(event.id, applicant(f"early{i}"))
    with app.app_context():
        shown = groups.split(event.id, 3)
    assert shown == groups.Split(3, 0)  # both contacts were shown «3 får plass»

    results = _race(app, event.id, ["a", "b"], 3, shown)

    winners = [tag for tag, r in results.items() if isinstance(r, list)]
    assert len(winners) == 1, results
    [loser] = set(results) - set(winners)
    assert results[winners[0]] == [(RegistrationStatus.CONFIRMED, None)] * 3
    assert results[loser] == groups.Split(0, 3)  # told the new split, nothing written
    with app.app_context():
        regs = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
        assert sum(r.status == RegistrationStatus.CONFIRMED for r in regs) == 10
        assert len(regs) == 10
        assert [g.contact_name for g in db.session.scalars(select(RegistrationGroup))] == [f"Kontakt {winners[0]}"]


def test_many_groups_confirming_the_waiting_list_split_fill_it_in_order_without_gaps(app, make):
    event = make.event(capacity=4)
    with app.app_context():
        shown = groups.split(event.id, 2)
    assert shown == groups.Split(2, 0)
    results = _race(app, event.id, [f"g{i}" for i in range(6)], 2, shown)
    # Two groups get the 4 seats as shown; the others are told «0 får plass, 2 kommer på venteliste».
    registered = [r for r in results.values() if isinstance(r, list)]
    told = [r for r in results.values() if isinstance(r, groups.Split)]
    assert len(registered) == 2 and told == [groups.Split(0, 2)] * 4
    with app.app_context():
        confirmed = db.session.scalars(select(Registration).where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)).all()
        assert len(confirmed) == 4
    # Those told confirm the new split, racing again: all land on the waiting list, positions 1..8.
    later = _race(app, event.id, [f"h{i}" for i in range(4)], 2, groups.Split(0, 2))
    assert all(isinstance(r, list) for r in later.values()), later
    with app.app_context():
        positions = sorted(db.session.scalars(select(Registration.waitlist_position).where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITLISTED)))
        assert positions == list(range(1, 9))
