"""The .ics files in the e-mails, as received by a real SMTP server and read with icalendar: the
program as METHOD:REQUEST, sessions gone from it as METHOD:CANCEL with the same UID, ORGANIZER
and a higher SEQUENCE, and a programme change as METHOD:REQUEST with a higher SEQUENCE."""
from __future__ import annotations

from datetime import UTC, datetime

import icalendar

from app.audit.log import Actor
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.models import UserRole
from app.program import editing, notices
from app.registration import service
from tests.calendar.conftest import oslo
from tests.factories import applicant
from tests.smtp import SmtpServer

ORGANIZER = "mailto:noreply@kulturskoleradet.no"


def _uid(session) -> str:
    return f"session-{session.id}@samling.test"


def _ics(message) -> tuple[str, dict[str, icalendar.Event]]:
    """The one text/calendar part: its METHOD (checked against the MIME parameter) and VEVENTs by UID."""
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    assert str(cal["METHOD"]) == part.get_param("method")
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]
    return str(cal["METHOD"]), {str(e["UID"]): e for e in cal.walk("VEVENT")}


def _party(event: icalendar.Event) -> tuple[str, str, str]:
    attendee = event["ATTENDEE"]
    return str(event["ORGANIZER"]), str(attendee), attendee.params["PARTSTAT"]


def _send(app, smtp, total):
    with app.app_context():
        outbox.deliver_due()
    return smtp.wait_for(total)


def test_a_dropped_workshop_and_a_cancelled_registration_are_cancelled_in_my_calendar(app, program, smtp,
                                                                                       frozen_now):
    with app.app_context():
        with transaction():
            reg_id = service.register(program["event"].id, applicant(1), [program["workshop_b"].id]).id
    (confirmation,) = _send(app, smtp, 1)
    method, sent = _ics(confirmation)
    assert method == "REQUEST"
    assert set(sent) == {_uid(program[k]) for k in ("plenary", "workshop_b", "lunch")}
    for event in sent.values():
        assert _party(event) == (ORGANIZER, "mailto:deltaker1@example.org", "ACCEPTED")
        assert event["ATTENDEE"].params["RSVP"] == "FALSE"
        assert (str(event["STATUS"]), event["SEQUENCE"]) == ("CONFIRMED", 0)

    frozen_now(datetime(2027, 1, 11, 9, 0, tzinfo=UTC))
    with app.app_context():
        with transaction():
            service.change_sessions(reg_id, [])
    changed, dropped = _send(app, smtp, 3)[1:]
    assert SmtpServer.text_of(dropped).count("Verksted B") == 1
    method, kept = _ics(changed)
    assert method == "REQUEST" and set(kept) == {_uid(program["plenary"]), _uid(program["lunch"])}
    method, cancelled = _ics(dropped)
    assert method == "CANCEL"
    (gone,) = cancelled.values()
    original = sent[_uid(program["workshop_b"])]
    assert str(gone["UID"]) == str(original["UID"])
    assert _party(gone) == _party(original)
    assert str(gone["STATUS"]) == "CANCELLED"
    assert gone["SEQUENCE"] > original["SEQUENCE"]
    assert gone.decoded("DTSTART") == original.decoded("DTSTART") == oslo(2027, 4, 14, 12).astimezone(clock.OSLO)
    assert gone.decoded("DTSTAMP") == datetime(2027, 1, 11, 9, 0, tzinfo=UTC)

    with app.app_context():
        with transaction():
            service.cancel(reg_id)
    method, cancelled = _ics(_send(app, smtp, 4)[3])
    assert method == "CANCEL" and set(cancelled) == set(kept)
    for uid, event in cancelled.items():
        assert str(event["STATUS"]) == "CANCELLED" and _party(event) == _party(kept[uid])
        assert event["SEQUENCE"] > kept[uid]["SEQUENCE"]


def test_a_cancelled_session_is_cancelled_in_participants_and_speakers_calendars(app, program, smtp, make):
    with app.app_context():
        with transaction():
            service.register(program["event"].id, applicant(1), [])
    (confirmation,) = _send(app, smtp, 1)
    original = _ics(confirmation)[1][_uid(program["plenary"])]
    actor = Actor.user(make.user(UserRole.ADMINISTRATOR))
    with app.app_context():
        with transaction():
            editing.cancel_session(program["event"].id, program["plenary"].id, actor)
    mails = {m["To"]: m for m in _send(app, smtp, 4)[1:]}
    speakers = {program["aile"].email: program["aile"].name, program["ola"].email: program["ola"].name}
    assert set(mails) == {"deltaker1@example.org", *speakers}
    for to, message in mails.items():
        method, events = _ics(message)
        assert method == "CANCEL" and set(events) == {_uid(program["plenary"])}
        (event,) = events.values()
        assert str(event["STATUS"]) == "CANCELLED" and str(event["ORGANIZER"]) == ORGANIZER
        assert str(event["ATTENDEE"]) == f"mailto:{to}"
        assert event["SEQUENCE"] > original["SEQUENCE"]
        assert "fjerner den fra kalenderen din" in SmtpServer.text_of(message)
    assert _party(_ics(mails["deltaker1@example.org"])[1][_uid(program["plenary"])]) == _party(original)


def test_a_programme_change_carries_the_moved_session_with_a_higher_sequence(app, program, smtp, make):
    workshop = program["workshop_a"]  # one seat: the second participant waits in its queue
    with app.app_context():
        with transaction():
            service.register(program["event"].id, applicant(1), [workshop.id])
        with transaction():
            service.register(program["event"].id, applicant(2), [workshop.id])
    before = {m["To"]: _ics(m)[1][_uid(workshop)] for m in _send(app, smtp, 2)}
    assert str(before["deltaker2@example.org"]["STATUS"]) == "TENTATIVE"
    actor = Actor.user(make.user(UserRole.ADMINISTRATOR))
    with app.app_context():
        with transaction():
            editing.move_session(program["event"].id, workshop.id, oslo(2027, 4, 15, 9), workshop.room_id, actor)
        with transaction():
            notices.send(program["event"].id, actor)
        db.session.commit()
    mails = {m["To"]: m for m in _send(app, smtp, 4)[2:]}
    assert set(mails) == set(before)
    for to, message in mails.items():
        method, events = _ics(message)
        assert method == "REQUEST" and set(events) == {_uid(workshop)}
        (event,) = events.values()
        assert event.decoded("DTSTART") == oslo(2027, 4, 15, 9).astimezone(clock.OSLO)
        assert event["SEQUENCE"] > before[to]["SEQUENCE"]
        assert _party(event) == _party(before[to])
        assert str(event["STATUS"]) == str(before[to]["STATUS"])
        assert "Programposten ligger ved som kalenderfil (.ics)" in SmtpServer.text_of(message)
    assert _party(before["deltaker2@example.org"])[2] == "TENTATIVE"
