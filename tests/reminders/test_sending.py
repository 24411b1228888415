"""`flask reminders send-due`: who gets which reminder on which Oslo day, once, and what it says."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta
from email.header import decode_header, make_header

from sqlalchemy import delete, select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.models import OutboxMessage, OutboxStatus, Registration, SessionKind, Venue
from app.registration import links, service
from app.reminders.cli import send_due
from tests.factories import applicant
from tests.smtp import SmtpServer

START_DAY = date(2027, 3, 10)  # the event's first day (Oslo); 7 days before: 3 March


def _oslo(day: date, hour: int, minute: int = 0) -> datetime:
    return clock.local_datetime(day, time(hour, minute))


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _register(event_id: int, n: str, session_ids=()) -> int:
    with transaction():
        return service.register(event_id, applicant(n), list(session_ids)).id


def _clear_outbox() -> None:
    """The registration e-mails out of the way; reminders queued stay."""
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.kind != "registration.reminder"))
    db.session.commit()


def _queued() -> list[tuple[str, str, str]]:
    rows = db.session.execute(select(OutboxMessage.to_address, OutboxMessage.dedupe_key, OutboxMessage.subject)
                              .where(OutboxMessage.kind == "registration.reminder").order_by(OutboxMessage.id)).all()
    return [tuple(r) for r in rows]


def _event(make, **kw):
    kw.setdefault("capacity", 2)
    return make.event(starts_at=_oslo(START_DAY, 9), ends_at=_oslo(START_DAY + timedelta(days=1), 15),
                      title="Lederkonferansen", **kw)


def test_the_early_and_the_day_before_reminder_go_once_to_the_confirmed_only(app, make, frozen_now, smtp):
    frozen_now(_oslo(date(2027, 2, 20), 10))
    event = _event(make)
    workshop = make.session(event, title="Verksted: Å lede", kind=SessionKind.WORKSHOP, capacity=30,
                            starts_at=event.starts_at + timedelta(hours=2))
    with app.app_context():
        venue = db.session.get(Venue, event.venue_id).name
        a = _register(event.id, "a", [workshop.id])
        b = _register(event.id, "b")
        c = _register(event.id, "c")  # the third: on the waiting list
        _clear_outbox()

        frozen_now(_oslo(date(2027, 3, 2), 23, 59))  # 8 days before
        assert send_due() == 0
        frozen_now(_oslo(date(2027, 3, 3), 0, 5))  # 7 days before
        assert send_due() == 2
        assert send_due() == 0
        assert _queued() == [
            ("deltakera@example.org", f"reminder:early:{a}", "Påminnelse: Lederkonferansen om 7 dager"),
            ("deltakerb@example.org", f"reminder:early:{b}", "Påminnelse: Lederkonferansen om 7 dager"),
        ]
        assert outbox.deliver_due().sent == 2
        registration_a = db.session.get(Registration, a)
        manage_a, badge_a = links.manage_url(registration_a), links.manage_token(registration_a)
        db.session.remove()
        received = smtp.wait_for(2)
        first = next(m for m in received if m["To"] == "deltakera@example.org")
        body = SmtpServer.text_of(first).replace("\r\n", "\n")
        assert _subject(first) == "Påminnelse: Lederkonferansen om 7 dager"
        assert "Snart er det Lederkonferansen. Her er det praktiske." in body
        assert (f"Hvor: {venue}, Storgata 1, 0155 Oslo\n"
                "Kart: https://www.openstreetmap.org/search?query=Storgata+1%2C+0155+Oslo\n\n"
                "Dine valg:\n- onsdag 10. mars 2027 kl. 11:00: Verksted: Å lede – du har plass\n") in body
        assert f"http://samling.test/me/{badge_a}/badge.pdf" in body
        assert manage_a in body
        calendars = [p for p in first.walk() if p.get_content_type() == "text/calendar"]
        assert [p.get_filename() for p in calendars] == [f"{event.slug}.ics"]
        assert "Verksted: Å lede" in calendars[0].get_payload(decode=True).decode()

        frozen_now(_oslo(date(2027, 3, 5), 12))  # b cancels; c gets b's seat, after the early reminder's day
        with transaction():
            service.cancel(b)
        _clear_outbox()
        assert send_due() == 0

        frozen_now(_oslo(date(2027, 3, 9), 7))  # the day before
        assert send_due() == 2
        assert send_due() == 0
        assert _queued()[2:] == [
            ("deltakera@example.org", f"reminder:day_before:{a}", "Påminnelse: Lederkonferansen er i morgen"),
            ("deltakerc@example.org", f"reminder:day_before:{c}", "Påminnelse: Lederkonferansen er i morgen"),
        ]
        frozen_now(_oslo(START_DAY, 8))  # the day itself
        assert send_due() == 0
        db.session.remove()


def test_a_reminder_of_someone_who_cancels_before_it_is_sent_is_not_sent(app, make, frozen_now, smtp):
    frozen_now(_oslo(date(2027, 2, 20), 10))
    event = _event(make)
    with app.app_context():
        a = _register(event.id, "a")
        _clear_outbox()
        frozen_now(_oslo(date(2027, 3, 9), 7))
        assert send_due() == 1
        with transaction():
            service.cancel(a)
        report = outbox.deliver_due()
        statuses = dict(db.session.execute(select(OutboxMessage.kind, OutboxMessage.status)).all())
        db.session.remove()
    assert (report.sent, report.superseded) == (1, 1)  # the cancellation goes, the reminder does not
    assert statuses == {"registration.reminder": OutboxStatus.SUPERSEDED,
                        "registration.cancelled": OutboxStatus.SENT}


def test_with_reminder_days_0_only_the_day_before(app, make, frozen_now):
    frozen_now(_oslo(date(2027, 2, 20), 10))
    event = _event(make, reminder_days=0)
    with app.app_context():
        _register(event.id, "a")
        _clear_outbox()
        for day in range(3, 9):
            frozen_now(_oslo(date(2027, 3, day), 12))
            assert send_due() == 0
        frozen_now(_oslo(date(2027, 3, 9), 12))
        assert send_due() == 1
        db.session.remove()


def test_an_online_event_sends_its_meeting_link_and_no_badge(app, make, frozen_now, smtp):
    frozen_now(_oslo(date(2027, 2, 20), 10))
    event = _event(make, is_online=True, meeting_url="https://meet.example.org/samling-123")
    with app.app_context():
        _register(event.id, "a")
        _clear_outbox()
        frozen_now(_oslo(date(2027, 3, 9), 7))
        assert send_due() == 1
        assert outbox.deliver_due().sent == 1
        db.session.remove()
    body = SmtpServer.text_of(smtp.wait_for(1)[0]).replace("\r\n", "\n")
    assert "Hvor: digitalt\nLenke til møtet: https://meet.example.org/samling-123\n" in body
    assert "badge.pdf" not in body
    assert "openstreetmap" not in body


def test_two_runs_at_the_same_moment_queue_each_reminder_once(app, make, frozen_now, smtp):
    frozen_now(_oslo(date(2027, 2, 20), 10))
    event = _event(make, capacity=None)
    with app.app_context():
        for i in range(12):
            _register(event.id, f"p{i}")
        _clear_outbox()
        db.session.remove()
    frozen_now(_oslo(date(2027, 3, 9), 7))
    start = threading.Barrier(2)

    def run(_):
        with app.app_context():
            try:
                start.wait()
                return send_due()
            finally:
                db.session.remove()

    with ThreadPoolExecutor(2) as pool:
        assert sum(pool.map(run, range(2))) == 12
    with app.app_context():
        assert len(_queued()) == 12 and len({key for _to, key, _s in _queued()}) == 12
        assert outbox.deliver_due().sent == 12
        db.session.remove()
    assert sorted(m["To"] for m in smtp.wait_for(12)) == sorted(f"deltakerp{i}@example.org" for i in range(12))


def test_the_command_says_how_many_it_queued(app, make, frozen_now):
    frozen_now(_oslo(date(2027, 2, 20), 10))
    event = _event(make)
    with app.app_context():
        _register(event.id, "a")
        _clear_outbox()
        db.session.remove()
    frozen_now(_oslo(date(2027, 3, 3), 9))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["reminders", "send-due"]).output == "queued 1 reminder(s)\n"
    assert runner.invoke(args=["reminders", "send-due"]).output == "queued 0 reminder(s)\n"
