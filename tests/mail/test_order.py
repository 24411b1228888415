"""Messages about one registration go out in the order they were queued, and one whose subject no longer
holds is not sent (superseded); bulk mail honours the one-click opt-out."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.models import OutboxMessage, OutboxStatus
from app.registration import service
from tests.factories import applicant
from tests.smtp import SmtpServer, mail_to


def _by_kind() -> dict[str, OutboxMessage]:
    db.session.expire_all()
    return {m.kind: m for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))}


def test_a_retried_confirmation_never_arrives_after_the_cancellation_and_is_superseded(app, make):
    """Before: the cancellation went out at once and the confirmation, retried later, arrived after it."""
    server = SmtpServer()
    event = make.event(capacity=10, title="Ordenskonferansen")
    with mail_to(app, server.port), app.app_context():
        with transaction():
            registration = service.register(event.id, applicant(1))
        assert outbox.deliver_due().retrying == 1  # the SMTP server is down: the confirmation waits
        server.start()
        try:
            with transaction():
                service.cancel(registration.id)
            report = outbox.deliver_due()  # the cancellation waits for the confirmation before it
            assert (report.sent, report.superseded) == (0, 0)
            assert server.messages == []
            clock.set_now(clock.now() + timedelta(minutes=2))  # past the confirmation's back-off
            report = outbox.deliver_due()
            assert (report.sent, report.superseded) == (1, 1)
        finally:
            server.stop()
        kinds = _by_kind()
        assert kinds["registration.confirmed"].status == OutboxStatus.SUPERSEDED
        assert kinds["registration.confirmed"].reason == "superseded"
        assert kinds["registration.cancelled"].status == OutboxStatus.SENT
    assert [m["Subject"] for m in server.messages] == ["Du er meldt av Ordenskonferansen"]


def test_messages_about_one_registration_keep_their_order_while_others_pass(app, make):
    """A confirmation waiting for its retry holds back the change notice behind it, not other people's mail."""
    server = SmtpServer()
    event = make.event(capacity=10)
    with mail_to(app, server.port), app.app_context():
        with transaction():
            waiting = service.register(event.id, applicant(1))
        outbox.deliver_due()
        server.start()
        try:
            outbox.queue(kind="registration.changed", to=waiting.email, subject="Endret", text="Endret",
                         registration_id=waiting.id)
            with transaction():
                service.register(event.id, applicant(2))
            db.session.commit()
            assert outbox.deliver_due().sent == 1
            assert [m["To"] for m in server.messages] == ["deltaker2@example.org"]
            clock.set_now(clock.now() + timedelta(minutes=2))
            assert outbox.deliver_due().sent == 2
        finally:
            server.stop()
    assert [m["To"] for m in server.messages][1:] == ["deltaker1@example.org"] * 2
    assert "Du er påmeldt" in SmtpServer.text_of(server.messages[1])
    assert SmtpServer.text_of(server.messages[2]).startswith("Endret")


def test_the_one_click_opt_out_stops_bulk_mail_to_that_address_only(app, client, smtp):
    with app.app_context():
        outbox.queue(kind="bulk", to="kari@example.org", subject="Nytt", text="Første")
        db.session.commit()
        assert outbox.deliver_due().sent == 1
    link = smtp.received[0].parsed()["List-Unsubscribe"].strip()
    path = re.fullmatch(r"<http://samling\.test(/mail/unsubscribe/\w+)>", link).group(1)
    page = client.get(path)
    assert page.status_code == 200 and "Meld meg av fellesutsendinger" in page.get_data(as_text=True)
    # RFC 8058: a POST with this body, no login, no CSRF token, from the mail provider.
    answer = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and "Du er meldt av" in answer.get_data(as_text=True)
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200  # again: harmless
    assert client.post("/mail/unsubscribe/NOT-A-TOKEN").status_code == 404
    with app.app_context():
        outbox.queue(kind="bulk", to="Kari@Example.org", subject="Nytt igjen", text="Andre")
        outbox.queue(kind="bulk", to="ola@example.org", subject="Nytt igjen", text="Andre")
        outbox.queue(kind="registration.link", to="kari@example.org", subject="Lenken", text="Lenken")
        db.session.commit()
        report = outbox.deliver_due()
        assert (report.sent, report.superseded) == (2, 1)
        skipped = db.session.scalar(select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SUPERSEDED))
        assert (skipped.to_address, skipped.reason) == ("Kari@Example.org", "opted_out")
    assert [r.rcpt_tos[0] for r in smtp.received[1:]] == ["ola@example.org", "kari@example.org"]
