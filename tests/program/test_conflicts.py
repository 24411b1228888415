"""The program's conflict rules, and that a conflicting change is saved only when exactly those conflicts are confirmed."""
from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from app.audit.log import Actor
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import Session, SessionKind, SessionStatus, SpeakerRole, UserRole
from app.program import conflicts, editing, queries
from app.program.errors import ConflictsFound
from app.registration import service
from tests.factories import applicant

H = timedelta(hours=1)


@pytest.fixture
def actor(make):
    return Actor.user(make.user(UserRole.ADMINISTRATOR))


def _draft(start, **kw):
    kw.setdefault("title", "Nytt verksted")
    kw.setdefault("kind", SessionKind.WORKSHOP)
    return editing.SessionDraft(starts_at=start, ends_at=kw.pop("ends_at", start + H), **kw)


def _codes(found):
    return [(c.code, c.other_title, c.speaker) for c in found]


def _rooms(venue):
    return {r.name: r for r in venue.rooms}


def test_two_sessions_in_one_room_at_once(ctx, make):
    venue = make.venue(rooms=[("Storsalen", 300), ("Mjøsa", 40)])
    event = make.event(venue_id=venue.id)
    rooms = _rooms(venue)
    make.session(event, title="Åpning", room_id=rooms["Storsalen"].id)
    start = event.starts_at + timedelta(minutes=30)
    found = editing.check(event.id, _draft(start, room_id=rooms["Storsalen"].id))
    assert _codes(found) == [("room", "Åpning", "")]
    assert found[0].room == "Storsalen" and found[0].other_event == ""
    # Another room, or starting when the other ends, is fine.
    assert editing.check(event.id, _draft(start, room_id=rooms["Mjøsa"].id)) == []
    assert editing.check(event.id, _draft(event.starts_at + H, room_id=rooms["Storsalen"].id)) == []


def test_a_room_is_one_room_across_events_and_a_cancelled_session_frees_it(ctx, make):
    venue = make.venue(rooms=[("Storsalen", 300)])
    one = make.event(venue_id=venue.id)
    other = make.event(venue_id=venue.id, title="Nabokonferansen", starts_at=one.starts_at)
    room = venue.rooms[0]
    taken = make.session(other, title="Nabo-plenum", room_id=room.id)
    found = editing.check(one.id, _draft(one.starts_at, room_id=room.id))
    assert [(c.code, c.other_title, c.other_event) for c in found] == [("room", "Nabo-plenum", "Nabokonferansen")]
    db.session.get(Session, taken.id).status = SessionStatus.CANCELLED
    db.session.commit()
    assert editing.check(one.id, _draft(one.starts_at, room_id=room.id)) == []


def test_a_speaker_in_two_places_needs_confirming_exactly_that_conflict(ctx, make, actor):
    event = make.event()
    ragnhild = make.speaker(name="Ragnhild Fjeldstad")
    make.session(event, title="Plenum om ledelse", speakers=[ragnhild])
    workshop = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, starts_at=event.starts_at + 2 * H)
    with transaction():
        editing.add_speaker(event.id, workshop.id, ragnhild.id, SpeakerRole.SPEAKER, actor)  # not at the same time

    with pytest.raises(ConflictsFound) as err:
        with transaction():
            editing.move_session(event.id, workshop.id, event.starts_at + H / 2, None, actor)
    assert _codes(err.value.conflicts) == [("speaker", "Plenum om ledelse", "Ragnhild Fjeldstad")]
    db.session.expire_all()
    assert db.session.get(Session, workshop.id).starts_at == event.starts_at + 2 * H  # nothing stored

    with pytest.raises(ConflictsFound):  # confirming other conflicts than the current ones is no confirmation
        with transaction():
            editing.move_session(event.id, workshop.id, event.starts_at + H / 2, None, actor, confirmed="0" * 20)
    with transaction():
        moved = editing.move_session(event.id, workshop.id, event.starts_at + H / 2, None, actor,
                                     confirmed=err.value.fingerprint)
    assert moved.starts_at == event.starts_at + H / 2 and moved.ends_at == event.starts_at + H * 3 / 2


def test_adding_a_speaker_who_is_busy_elsewhere_is_a_conflict(ctx, make, actor):
    event = make.event()
    elin = make.speaker(name="Elin Ørbeck")
    make.session(event, title="Panel", speakers=[elin])
    parallel = make.session(event, title="Parallell", kind=SessionKind.PARALLEL)
    with pytest.raises(ConflictsFound) as err:
        with transaction():
            editing.add_speaker(event.id, parallel.id, elin.id, SpeakerRole.MODERATOR, actor)
    assert _codes(err.value.conflicts) == [("speaker", "Panel", "Elin Ørbeck")]
    assert db.session.get(Session, parallel.id).speaker_links == []
    with transaction():
        editing.add_speaker(event.id, parallel.id, elin.id, SpeakerRole.MODERATOR, actor, confirmed=err.value.fingerprint)
    assert [(lk.speaker.name, lk.role) for lk in db.session.get(Session, parallel.id).speaker_links] == [
        ("Elin Ørbeck", SpeakerRole.MODERATOR)]


def test_a_session_outside_the_event_days(ctx, make):
    start = clock.local_datetime(clock.oslo(clock.now() + timedelta(days=40)).date(), time(9, 0))
    event = make.event(starts_at=start, ends_at=start + timedelta(days=1, hours=6))  # two days, 09:00 → 15:00
    day_before_evening = start - timedelta(hours=12)
    assert [c.code for c in editing.check(event.id, _draft(day_before_evening))] == ["outside_days"]
    assert [c.code for c in editing.check(event.id, _draft(start + timedelta(days=2)))] == ["outside_days"]
    # The evening of the last day is still the event's day.
    assert editing.check(event.id, _draft(start + timedelta(days=1, hours=10))) == []


def test_a_capacity_above_the_rooms_and_below_the_seats_taken(ctx, make):
    venue = make.venue(rooms=[("Lågen", 40)])
    event = make.event(venue_id=venue.id)
    room = venue.rooms[0]
    found = editing.check(event.id, _draft(event.starts_at, room_id=room.id, capacity=50))
    assert [(c.code, c.room, c.numbers) for c in found] == [("room_capacity", "Lågen", (50, 40))]
    assert editing.check(event.id, _draft(event.starts_at, room_id=room.id, capacity=40)) == []

    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=10)
    for i in range(3):
        with transaction():
            service.register(event.id, applicant(i), [ws.id])
    found = editing.check(event.id, _draft(event.starts_at, capacity=2), ws.id)
    assert [(c.code, c.numbers) for c in found] == [("below_taken", (2, 3))]


def test_a_refused_new_session_stores_nothing(ctx, make, actor):
    venue = make.venue(rooms=[("Storsalen", 300)])
    event = make.event(venue_id=venue.id)
    make.session(event, title="Åpning", room_id=venue.rooms[0].id)
    before = db.session.scalar(select(func.count(Session.id)))
    with pytest.raises(ConflictsFound) as err:
        with transaction():
            editing.create_session(event.id, _draft(event.starts_at, room_id=venue.rooms[0].id), actor)
    assert db.session.scalar(select(func.count(Session.id))) == before
    with transaction():
        made = editing.create_session(event.id, _draft(event.starts_at, room_id=venue.rooms[0].id), actor,
                                      confirmed=err.value.fingerprint)
    assert made.title == "Nytt verksted" and db.session.scalar(select(func.count(Session.id))) == before + 1


def test_the_program_overview_marks_each_clash_on_both_sessions(ctx, make):
    venue = make.venue(rooms=[("Storsalen", 300), ("Gudbrand", 30)])
    event = make.event(venue_id=venue.id)
    rooms = _rooms(venue)
    sp = make.speaker(name="Áile Gaup")
    a = make.session(event, title="A", room_id=rooms["Storsalen"].id, speakers=[sp])
    b = make.session(event, title="B", room_id=rooms["Storsalen"].id, starts_at=event.starts_at + H / 2)
    c = make.session(event, title="C", room_id=rooms["Gudbrand"].id, speakers=[sp], kind=SessionKind.WORKSHOP,
                     capacity=35, starts_at=event.starts_at + H / 2)
    d = make.session(event, title="D", room_id=rooms["Gudbrand"].id, starts_at=event.starts_at + 3 * H)
    found = conflicts.in_program(event, queries.program(event))
    assert sorted(x.key for x in found[a.id]) == [f"room:{b.id}", f"speaker:{sp.id}:{c.id}"]
    assert [x.key for x in found[b.id]] == [f"room:{a.id}"]
    assert sorted(x.key for x in found[c.id]) == ["room_capacity:35>30", f"speaker:{sp.id}:{a.id}"]
    assert found[d.id] == []
