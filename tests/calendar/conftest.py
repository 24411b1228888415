"""Calendar tests: a program with Norwegian and Sami text, two independent iCalendar parsers."""
from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from app.calendar import versions
from app.core import clock
from app.models import SessionKind
from app.program.cache import fragments

NOW = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Test databases restart ids and program versions, so a cached feed (or a remembered program
    # version) from another test could carry the same key: start every test from nothing.
    fragments.clear()
    versions.forget()
    yield
    fragments.clear()
    versions.forget()


def oslo(y, m, d, hh, mm=0) -> datetime:
    return clock.local_datetime(datetime(y, m, d).date(), time(hh, mm))


@pytest.fixture
def program(app, make, frozen_now):
    """A published two-day conference in April 2027 with a plenary, two workshops, a lunch, Sami names."""
    frozen_now(NOW)
    venue = make.venue(name="Kulturhuset Čáhppes", address="Storgata 1", postal_code="0155", city="Oslo",
                       rooms=[("Storsalen", 300), ("Verkstedet", 1)])
    event = make.event(slug="lederkonferansen", title="Lederkonferansen 2027", venue_id=venue.id,
                       starts_at=oslo(2027, 4, 14, 9), ends_at=oslo(2027, 4, 15, 15), capacity=50)
    track = make.track(event, name="Pedagogisk ledelse")
    aile = make.speaker(name="Áile Ŋuolláš Sámi", organisation="Sámi allaskuvla – Guovdageaidnu")
    ola = make.speaker(name="Ola Nordmann", organisation="Kulturskolerådet")
    with app.app_context():
        from app.extensions import db
        from app.models import Room

        rooms = {r.name: r.id for r in db.session.query(Room).filter_by(venue_id=venue.id)}
    plenary = make.session(event, title="Åpning: Sámi giellagáldu – ŋ, ŧ, đ, ž, š, æ, ø, å", kind=SessionKind.PLENARY,
                           starts_at=oslo(2027, 4, 14, 10), ends_at=oslo(2027, 4, 14, 11), room_id=rooms["Storsalen"],
                           track_id=track.id, speakers=[aile, ola],
                           abstract="Vi åpner konferansen med joik og en samtale om språk. " * 3)
    workshop_a = make.session(event, title="Verksted A", kind=SessionKind.WORKSHOP, capacity=1,
                              starts_at=oslo(2027, 4, 14, 12), ends_at=oslo(2027, 4, 14, 13, 30),
                              room_id=rooms["Verkstedet"])
    workshop_b = make.session(event, title="Verksted B", kind=SessionKind.WORKSHOP, capacity=30,
                              starts_at=oslo(2027, 4, 14, 12), ends_at=oslo(2027, 4, 14, 13, 30))
    lunch = make.session(event, title="Lunsj", kind=SessionKind.MEAL,
                         starts_at=oslo(2027, 4, 15, 11, 30), ends_at=oslo(2027, 4, 15, 12, 30))
    return {"event": event, "venue": venue, "plenary": plenary, "workshop_a": workshop_a,
            "workshop_b": workshop_b, "lunch": lunch, "aile": aile, "ola": ola, "track": track}
