"""A small reach fixture shared by tests/reach and the browser test (tests/e2e/test_reach.py)."""
from __future__ import annotations

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import Checkin, EventKind
from app.registration import service as registration
from tests.factories import applicant


def register(event_id: int, n: str, kommune: str, **kw) -> int:
    with transaction():
        return registration.register(event_id, applicant(n, municipality_number=kommune, **kw)).id


def check_in(event_id: int, registration_id: int) -> None:
    with transaction():
        db.session.add(Checkin(event_id=event_id, registration_id=registration_id, scanned_at=clock.now()))


def build(app, make, frozen_now):
    """2027: a conference without check-in (Oslo, Bergen, and a cancelled one from Tromsø), a regional
    gathering with check-in (Alta checked in, Hammerfest not); 2026: Bergen and Stavanger."""
    frozen_now(clock.parse_local("2026-01-05T12:00"))
    conference = make.event(kind=EventKind.CONFERENCE, starts_at=clock.parse_local("2027-04-10T09:00"),
                            registration_closes_at=None, change_deadline=None)
    regional = make.event(kind=EventKind.REGIONAL, starts_at=clock.parse_local("2027-09-01T10:00"),
                          registration_closes_at=None, change_deadline=None)
    before = make.event(starts_at=clock.parse_local("2026-03-01T10:00"), registration_closes_at=None,
                        change_deadline=None)
    with app.app_context():
        register(conference.id, "oslo", "0301")
        register(conference.id, "bergen", "4601")
        cancelled = register(conference.id, "tromso", "5501")
        with transaction():
            registration.cancel(cancelled)
        alta = register(regional.id, "alta", "5601")
        register(regional.id, "hammerfest", "5603")
        check_in(regional.id, alta)
        register(before.id, "bergen-i-fjor", "4601")
        register(before.id, "stavanger", "1103")
    return conference, regional


