"""Copying last year's event: every time moves by whole days and keeps its Oslo wall-clock time across DST."""
from datetime import date, time

from app.audit.log import Actor
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import AuditEntry, EventStatus, SessionKind, SessionStatus, SpeakerRole, UserRole
from app.program import copying


def test_copy_keeps_oslo_wall_clock_across_daylight_saving(ctx, make):
    # Winter time (UTC+1) in 2026 → summer time (UTC+2) in 2027.
    start = clock.local_datetime(date(2026, 3, 25), time(9, 0))
    assert start.hour == 8
    venue = make.venue(rooms=[("Storsalen", 300)])
    source = make.event(title="Lederkonferansen 2026", slug="lk-2026", starts_at=start,
                        ends_at=clock.local_datetime(date(2026, 3, 26), time(15, 30)), venue_id=venue.id,
                        registration_opens_at=clock.local_datetime(date(2025, 10, 1), time(9, 0)),
                        registration_closes_at=clock.local_datetime(date(2026, 3, 11), time(23, 59)),
                        change_deadline=clock.local_datetime(date(2026, 3, 18), time(23, 59)), fee_nok=4200)
    track = make.track(source, name="Pedagogisk ledelse")
    speaker = make.speaker(name="Áile Gaup")
    make.session(source, title="Åpning", starts_at=start, ends_at=clock.local_datetime(date(2026, 3, 25), time(9, 45)),
                 room_id=venue.rooms[0].id, track_id=track.id, speakers=[speaker])
    make.session(source, title="Verksted", kind=SessionKind.WORKSHOP, capacity=30,
                 starts_at=clock.local_datetime(date(2026, 3, 26), time(13, 0)),
                 ends_at=clock.local_datetime(date(2026, 3, 26), time(14, 30)))
    make.session(source, title="Avlyst post", status=SessionStatus.CANCELLED)
    organiser = make.user(UserRole.ADMINISTRATOR)

    with transaction():
        copy = copying.copy_event(source.id, slug="lk-2027", title="Lederkonferansen 2027", starts_on=date(2027, 4, 14),
                                  actor=Actor.user(organiser))

    local = lambda moment: clock.oslo(moment).strftime("%Y-%m-%d %H:%M")  # noqa: E731
    assert (copy.status, copy.title, copy.venue_id, copy.fee_nok) == (EventStatus.DRAFT, "Lederkonferansen 2027",
                                                                      venue.id, 4200)
    assert local(copy.starts_at) == "2027-04-14 09:00" and copy.starts_at.hour == 7  # UTC+2 now
    assert local(copy.ends_at) == "2027-04-15 15:30"
    assert local(copy.registration_opens_at) == "2026-10-21 09:00"
    assert local(copy.registration_closes_at) == "2027-03-31 23:59"
    assert local(copy.change_deadline) == "2027-04-07 23:59"
    sessions = sorted(copy.sessions, key=lambda s: s.starts_at)
    assert [(s.title, local(s.starts_at), local(s.ends_at), s.revision) for s in sessions] == [
        ("Åpning", "2027-04-14 09:00", "2027-04-14 09:45", 0),
        ("Verksted", "2027-04-15 13:00", "2027-04-15 14:30", 0),
    ]
    opening = sessions[0]
    assert opening.track.name == "Pedagogisk ledelse" and opening.track.event_id == copy.id
    assert opening.track_id != track.id
    assert [(lk.speaker.name, lk.role) for lk in opening.speaker_links] == [("Áile Gaup", SpeakerRole.SPEAKER)]
    assert sessions[1].capacity == 30
    entry = db.session.query(AuditEntry).filter_by(entity_type="event", entity_id=copy.id).one()
    assert entry.action == "copy" and '"copied_from": [null, "lk-2026"]' in entry.changes


def test_shift_in_the_other_direction_and_across_the_autumn_change(ctx):
    # 09:00 on the Friday before the October change (UTC+2) → 09:00 a week later (UTC+1).
    before = clock.local_datetime(date(2026, 10, 23), time(9, 0))
    after = clock.shift_days(before, 7)
    assert (before.hour, after.hour) == (7, 8)
    assert clock.oslo(after).strftime("%d.%m %H:%M") == "30.10 09:00"
    assert clock.shift_days(None, 7) is None


def test_suggested_start_is_the_same_weekday_next_year(ctx, make):
    event = make.event(starts_at=clock.local_datetime(date(2026, 4, 15), time(9, 0)))
    assert copying.suggested_start(event) == date(2027, 4, 14)
    assert date(2027, 4, 14).weekday() == date(2026, 4, 15).weekday()
