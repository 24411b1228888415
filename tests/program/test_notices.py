"""Programendring notices reach exactly the people concerned (real SMTP), once; a cancelled session's message at once."""
import json
import re
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from app.audit.log import Actor
from app.core.transaction import transaction
from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import (
    AuditEntry,
    NoticeStatus,
    ProgramNotice,
    Registration,
    RegistrationStatus,
    SessionChoice,
    SessionKind,
    UserRole,
)
from app.program import editing, notices, queries
from app.registration import service
from tests.factories import applicant
from tests.smtp import SmtpServer

H = timedelta(hours=1)


@pytest.fixture
def program(ctx, make):
    """A, B, E chose the workshop (seat, session queue, session queue), F too but waits for an event seat;
    C chose nothing; D chose it and cancelled."""
    venue = make.venue(rooms=[("Storsalen", 300), ("Mjøsa", 60)])
    event = make.event(capacity=4, venue_id=venue.id, title="Lederkonferansen 2027")
    rooms = {r.name: r for r in venue.rooms}
    s1 = make.speaker(name="Ragnhild Fjeldstad", email="ragnhild@example.org")
    s2 = make.speaker(name="Áile Gaup", email="aile@example.org")
    workshop = make.session(event, title="Verksted: Å lede profesjonsfellesskap", kind=SessionKind.WORKSHOP,
                            capacity=1, room_id=rooms["Mjøsa"].id, starts_at=event.starts_at + 2 * H, speakers=[s1])
    plenary = make.session(event, title="Åpning", room_id=rooms["Storsalen"].id, speakers=[s2])
    regs = {}
    for name, chosen in [("a", [workshop.id]), ("b", [workshop.id]), ("c", []), ("d", [workshop.id])]:
        with transaction():
            regs[name] = service.register(event.id, applicant(name), chosen).id
    with transaction():
        service.cancel(regs["d"])
    with transaction():
        regs["e"] = service.register(event.id, applicant("e"), [workshop.id]).id
    with transaction():
        regs["f"] = service.register(event.id, applicant("f"), [workshop.id]).id
    assert db.session.get(Registration, regs["f"]).status == RegistrationStatus.WAITLISTED
    db.session.commit()
    actor = Actor.user(make.user(UserRole.ADMINISTRATOR))
    return event, workshop, plenary, rooms, actor, regs


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"]))).replace("\r\n", "")


def _deliver(smtp, expected):
    db.session.commit()
    deliver_due()
    return smtp.wait_for(expected)


def test_a_moved_workshop_tells_its_speaker_and_those_who_chose_it_once(program, smtp):
    event, workshop, _plenary, rooms, actor, _regs = program
    deliver_due()  # the registration e-mails
    before = len(smtp.wait_for(6))
    # the registration e-mails: 5 registrations, 1 cancellation, 1 waiting list — less the confirmation of the
    # registration cancelled before it was sent (superseded, tests/mail/test_order.py)
    assert before == 6
    with transaction():
        editing.move_session(event.id, workshop.id, event.starts_at + 3 * H, rooms["Storsalen"].id, actor)

    with transaction():
        report = notices.send(event.id, actor)
    assert (report.notices, report.messages) == (1, 5)
    messages = _deliver(smtp, before + 5)[before:]
    assert sorted(m["To"] for m in messages) == ["deltakera@example.org", "deltakerb@example.org",
                                                 "deltakere@example.org", "deltakerf@example.org",
                                                 "ragnhild@example.org"]
    assert {subject(m) for m in messages} == {
        "Programendring: Verksted: Å lede profesjonsfellesskap – Lederkonferansen 2027"}
    text = SmtpServer.text_of(next(m for m in messages if m["To"] == "deltakera@example.org"))
    # The same day is written once: "Tid: mandag 28. desember 2026 12:00–13:00 (før: 11:00–12:00)".
    assert re.search(r"^Tid: \w+ \d+\. \w+ \d{4} 12:00–13:00 \(før: 11:00–12:00\)\r?$", text, re.M)
    assert "Rom: Storsalen (før: Mjøsa)" in text and "/me/" in text
    speaker_text = SmtpServer.text_of(next(m for m in messages if m["To"] == "ragnhild@example.org"))
    assert "du skal bidra i" in speaker_text and "/speaker/" in speaker_text and "/me/" not in speaker_text

    with transaction():
        assert notices.send(event.id, actor).messages == 0  # sending again sends nothing
    notice = db.session.scalar(select(ProgramNotice))
    assert (notice.status, notice.recipients) == (NoticeStatus.SENT, 5)


def test_a_moved_plenary_tells_every_confirmed_participant_and_its_speaker(program, smtp):
    event, _workshop, plenary, rooms, actor, _regs = program
    draft = editing.draft_of(plenary)
    with transaction():
        editing.update_session(event.id, plenary.id, draft.__class__(**{**draft.__dict__, "title": "Velkommen"}), actor)
    with transaction():
        notices.send(event.id, actor)
    db.session.commit()
    deliver_due()
    messages = [m for m in smtp.wait_for(12) if subject(m).startswith("Programendring")]
    assert sorted(m["To"] for m in messages) == ["aile@example.org", "deltakera@example.org",
                                                 "deltakerb@example.org", "deltakerc@example.org",
                                                 "deltakere@example.org"]
    assert "Nytt navn. Før: Åpning" in SmtpServer.text_of(messages[0])


def test_a_discarded_notice_is_not_sent(program):
    event, workshop, _plenary, _rooms, actor, _regs = program
    with transaction():
        editing.move_session(event.id, workshop.id, event.starts_at + 3 * H, None, actor)
    [notice] = notices.pending(event.id)
    with transaction():
        notices.discard(notice.id, actor)
    with transaction():
        assert notices.send(event.id, actor).messages == 0
    assert notices.pending(event.id) == []


def test_cancelling_a_workshop_tells_them_at_once_and_frees_the_seats(program, smtp):
    event, workshop, _plenary, _rooms, actor, regs = program
    with transaction():
        editing.move_session(event.id, workshop.id, event.starts_at + 3 * H, None, actor)  # a pending notice …
    db.session.commit()
    deliver_due()
    before = len(smtp.wait_for(6))
    # the registration e-mails: 5 registrations, 1 cancellation, 1 waiting list — less the confirmation of the
    # registration cancelled before it was sent (superseded, tests/mail/test_order.py)
    assert before == 6

    with transaction():
        report = editing.cancel_session(event.id, workshop.id, actor)

    assert (report.notified, report.released) == (5, 4)
    assert db.session.scalars(select(SessionChoice).where(SessionChoice.session_id == workshop.id)).all() == []
    assert workshop.id not in queries.session_counts(event.id)
    assert report.session.revision == 2
    assert [n.status for n in db.session.scalars(select(ProgramNotice))] == [NoticeStatus.DISCARDED]  # … is dropped
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "cancel"))
    assert json.loads(entry.changes)["status"] == ["scheduled", "cancelled"]
    assert json.loads(entry.changes)["notified"] == [None, "5"]

    deliver_due()
    messages = smtp.wait_for(before + 5)[before:]
    assert sorted(m["To"] for m in messages) == ["deltakera@example.org", "deltakerb@example.org",
                                                 "deltakere@example.org", "deltakerf@example.org",
                                                 "ragnhild@example.org"]
    assert subject(messages[0]) == "Avlyst: Verksted: Å lede profesjonsfellesskap – Lederkonferansen 2027"
    assert "Plassen din er frigitt" in SmtpServer.text_of(
        next(m for m in messages if m["To"] == "deltakera@example.org"))
    # Their registrations can be changed again (the cancelled session is gone from their choices).
    with transaction():
        service.change_sessions(regs["a"], [])
    with transaction():
        assert editing.cancel_session(event.id, workshop.id, actor).notified == 0  # cancelling twice tells nobody
