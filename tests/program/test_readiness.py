"""app.program.readiness: the «Før publisering» checklist and «Dette må gjøres», as plain values."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.models import (
    Event,
    EventStatus,
    OutboxMessage,
    OutboxStatus,
    Room,
    SessionKind,
    SessionStatus,
    Survey,
    SurveyStatus,
)
from app.program import readiness


def _fresh(event):
    return db.session.get(Event, event.id)


def _checks(event) -> dict[str, str | None]:
    return {c.code: c.problem for c in readiness.checklist(_fresh(event))}


def test_a_complete_event_passes_every_check(app, make):
    event = make.event(contact_name="Kari Nordmann", contact_email="kari@example.org")
    make.session(event)
    with app.app_context():
        checks = readiness.checklist(_fresh(event))
        assert [(c.code, c.ok) for c in checks] == [
            ("dates", True), ("venue", True), ("program", True), ("registration_window", True),
            ("email_texts", True), ("privacy_text", True)]
        assert checks[2].target == readiness.Target("program_organiser.program", {"slug": event.slug})


def test_each_missing_part_is_named(app, make):
    start = clock.now() - timedelta(hours=1)
    event = make.event(status=EventStatus.DRAFT, starts_at=start, ends_at=start + timedelta(hours=5),
                       is_online=False, venue_id=None, registration_closes_at=None, contact_name="Kari")
    with app.app_context():
        ev = _fresh(event)
        ev.venue_id = None
        db.session.commit()
        assert _checks(event) == {"dates": "in_the_past", "venue": "missing", "program": "empty",
                                  "registration_window": "no_deadline", "email_texts": "no_contact_email",
                                  "privacy_text": "no_contact_email"}


@pytest.mark.parametrize(("opens", "closes", "problem"), [
    (-5, -10, "opens_after_closes"),
    (-10, 40, "closes_after_end"),
    (None, 5, None),
])
def test_the_registration_window_must_close_after_it_opens_and_before_the_event_ends(app, make, opens, closes,
                                                                                      problem):
    now = clock.now()
    event = make.event(registration_opens_at=None if opens is None else now + timedelta(days=opens),
                       registration_closes_at=now + timedelta(days=closes), contact_email="a@example.org")
    with app.app_context():
        assert _checks(event)["registration_window"] == problem


def test_a_cancelled_session_is_no_program_and_an_online_event_needs_no_venue(app, make):
    event = make.event(is_online=True, venue_id=None, contact_email="a@example.org", contact_name="A")
    make.session(event, status=SessionStatus.CANCELLED)
    with app.app_context():
        assert _checks(event)["program"] == "empty" and _checks(event)["venue"] is None


def test_nothing_is_due_for_a_coming_event_whose_sessions_have_rooms(app, make):
    event = make.event()
    with app.app_context():
        room_id = db.session.scalar(select(Room.id).where(Room.venue_id == event.venue_id))
    make.session(event, title="Åpning", room_id=room_id, speakers=[make.speaker(bio="Leder.", photo_path="a.jpg")])
    with app.app_context():
        assert readiness.due(_fresh(event)) == []


def test_what_is_due_names_each_thing_and_where_it_is_fixed(app, make):
    start = clock.now() - timedelta(days=3)
    event = make.event(starts_at=start, ends_at=start + timedelta(hours=8))
    no_bio = make.speaker(name="Bjørn Berg", bio="", photo_path="b.jpg")
    no_photo = make.speaker(name="Anne Aas", bio="Rektor i Vang.", photo_path=None)
    neither = make.speaker(name="Cecilie Dahl", bio="  ", photo_path=None)
    complete = make.speaker(name="Dag Eng", bio="Leder.", photo_path="d.jpg")
    roomless = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, speakers=[no_bio, no_photo, complete])
    make.session(event, title="Kaffe", kind=SessionKind.BREAK)
    make.session(event, title="Avlyst", status=SessionStatus.CANCELLED, speakers=[neither])
    with app.app_context():
        db.session.add_all([
            Survey(event_id=event.id, title="Evaluering", status=SurveyStatus.DRAFT),
            Survey(event_id=event.id, title="Oppfølging", status=SurveyStatus.PUBLISHED),
            *[OutboxMessage(kind="registration.confirmed", to_address=f"{n}@example.org", subject="Velkommen",
                            body_text="Hei", event_id=event.id, status=OutboxStatus.FAILED) for n in range(2)],
            OutboxMessage(kind="registration.confirmed", to_address="ok@example.org", subject="Velkommen",
                          body_text="Hei", event_id=event.id, status=OutboxStatus.SENT),
        ])
        db.session.commit()
        survey_ids = list(db.session.scalars(select(Survey.id).where(Survey.event_id == event.id).order_by(Survey.id)))
        due = readiness.due(_fresh(event))
    assert [(d.code, d.name, d.count, d.missing) for d in due] == [
        ("survey_draft", "Evaluering", 0, ()),
        ("survey_unsent", "Oppfølging", 0, ()),
        ("failed_mail", "", 2, ()),
        ("speaker_details", "Anne Aas", 0, ("photo",)),
        ("speaker_details", "Bjørn Berg", 0, ("bio",)),
        ("session_room", "Verksted", 0, ()),
    ]
    assert [d.target for d in due] == [
        readiness.Target("surveys_organiser.edit", {"survey_id": survey_ids[0]}),
        readiness.Target("surveys_organiser.edit", {"survey_id": survey_ids[1]}),
        readiness.Target("admin.outbox", {"event": event.slug, "status": "failed"}),
        readiness.Target("speakers_organiser.speaker", {"speaker_id": no_photo.id}),
        readiness.Target("speakers_organiser.speaker", {"speaker_id": no_bio.id}),
        readiness.Target("program_organiser.edit_session", {"slug": event.slug, "session_id": roomless.id}),
    ]


def test_a_finished_event_without_a_survey_is_asked_for_one_and_a_coming_one_is_not(app, make):
    start = clock.now() - timedelta(days=3)
    past = make.event(starts_at=start, ends_at=start + timedelta(hours=8), is_online=True, venue_id=None)
    coming = make.event(is_online=True, venue_id=None)
    with app.app_context():
        assert [(d.code, d.target) for d in readiness.due(_fresh(past))] == [
            ("no_survey", readiness.Target("surveys_organiser.for_event", {"slug": past.slug}))]
        assert readiness.due(_fresh(coming)) == []
