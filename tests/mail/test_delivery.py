"""One message never stops the others: internationalised addresses, permanent and transient errors,
header injection through a title, and the standards every message keeps — against a real SMTP server."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.models import OutboxMessage, OutboxStatus
from app.registration import service
from tests.factories import applicant
from tests.registration.conftest import FormClient, manage_path, valid_form
from tests.smtp import SmtpServer, mail_to

POISON = "pål@bøler.example"


@contextmanager
def server(app, **options) -> Iterator[SmtpServer]:
    smtp = SmtpServer(**options).start()
    try:
        with mail_to(app, smtp.port):
            yield smtp
    finally:
        smtp.stop()


def _messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_registering_with_an_internationalised_address_is_delivered_with_smtputf8(app, make, client):
    event = make.event(capacity=10, title="Lederkonferansen 2030")
    with server(app, smtputf8=True) as smtp:
        manage_path(FormClient(client).register(event.slug, valid_form(email=POISON)))
        with app.app_context():
            assert outbox.deliver_due().sent == 1
    [received] = smtp.received
    assert received.rcpt_tos == [POISON] and "SMTPUTF8" in received.mail_options
    parsed = received.parsed()
    assert parsed["To"] == POISON and parsed["Subject"] == "Du er påmeldt Lederkonferansen 2030"


def test_without_smtputf8_the_poison_message_fails_at_once_with_a_reason_and_the_others_go_out(app, make):
    """Before: `flask outbox send` died with UnicodeEncodeError, the row stayed queued with 0 attempts and
    every message behind it waited."""
    event = make.event(capacity=10)
    with app.app_context():
        for email in ["a@example.org", POISON, "b@example.org"]:
            with transaction():
                service.register(event.id, applicant(1, email=email))
    with server(app, smtputf8=False) as smtp:
        result = app.test_cli_runner().invoke(args=["outbox", "send"])
        assert result.exit_code == 0, result.output
        assert "sent 2, retrying 0, failed 1" in result.output
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == ["a@example.org", "b@example.org"]
    with app.app_context():
        poison = [m for m in _messages() if m.to_address == POISON][0]
        assert (poison.status, poison.attempts, poison.reason) == (OutboxStatus.FAILED, 1, "smtputf8")
        assert {m.status for m in _messages() if m.to_address != POISON} == {OutboxStatus.SENT}


def test_a_5xx_answer_fails_that_message_at_once_a_4xx_is_retried_and_neither_stops_the_rest(app):
    with app.app_context():
        for to in ["nobody@example.org", "later@example.org", "fine@example.org"]:
            outbox.queue(kind="test", to=to, subject="Hei", text="Hei")
        db.session.commit()
    refuse = {"nobody@example.org": "550 5.1.1 No such user", "later@example.org": "451 4.3.0 Try again later"}
    with server(app, refuse=refuse) as smtp, app.app_context():
        report = outbox.deliver_due()
        assert (report.sent, report.retrying, report.failed) == (1, 1, 1)
        nobody, later, fine = _messages()
        assert (nobody.status, nobody.attempts, nobody.reason) == (OutboxStatus.FAILED, 1, "rejected")
        assert "550" in nobody.last_error
        assert (later.status, later.reason) == (OutboxStatus.QUEUED, "deferred")
        assert later.next_attempt_at >= clock.now() + timedelta(seconds=59)
        assert fine.status == OutboxStatus.SENT
    assert [r.rcpt_tos for r in smtp.received] == [["fine@example.org"]]


def test_a_message_that_cannot_be_rendered_fails_alone(app, smtp):
    """A renderer that raises anything (here a KeyError from a broken context) fails that message only."""
    with app.app_context():
        outbox.queue(kind="registration.confirmed", to="a@example.org", subject="Hei", text="",
                     render_with="registration", context={"broken": True})
        outbox.queue(kind="test", to="b@example.org", subject="Hei", text="Hei")
        db.session.commit()
        report = outbox.deliver_due()
        assert (report.sent, report.failed) == (1, 1)
        broken, fine = _messages()
        assert (broken.status, broken.reason) == (OutboxStatus.FAILED, "render")
        assert fine.status == OutboxStatus.SENT
    assert [r.rcpt_tos for r in smtp.wait_for(1) and smtp.received] == [["b@example.org"]]


def test_a_line_break_in_a_title_adds_no_header(app, make, smtp):
    """A title stored with a line break (as before the stored columns were normalised) reaches the subject of
    the promotion mail, sent with nobody involved; and a row queued with one in its subject. Both go out
    with a one-line subject and no Bcc: the composer applies `one_line` again."""
    event = make.event(capacity=1, title="Verksted\nBcc: victim@evil.example")
    with app.app_context():
        with transaction():
            first = service.register(event.id, applicant(1))
        with transaction():
            service.register(event.id, applicant(2))
        with transaction():
            service.cancel(first.id)  # the second moves up: "Du har fått plass på …"
        outbox.queue(kind="program.changed", to="c@example.org",
                     subject="Endring i Verksted…\r\nBcc: victim@evil.example", text="Hei")
        db.session.commit()
        outbox.deliver_due()
    subjects = {}
    for received in smtp.received:
        parsed = received.parsed()
        assert parsed["Bcc"] is None and len(received.rcpt_tos) == 1 and "victim" not in received.rcpt_tos[0]
        subjects[received.rcpt_tos[0], parsed["Subject"]] = received
    assert ("deltaker2@example.org", "Du har fått plass på Verksted Bcc: victim@evil.example") in subjects
    assert ("c@example.org", "Endring i Verksted… Bcc: victim@evil.example") in subjects
    assert all(b"\r\nBcc:" not in r.data.split(b"\r\n\r\n", 1)[0] for r in smtp.received)


def _encoded_words(data: bytes) -> list[bytes]:
    return re.findall(rb"=\?[^?\s]+\?[qQbB]\?[^?\s]*\?=", data)


def test_8bit_text_only_to_a_server_that_announces_8bitmime_and_short_encoded_words(app, make):
    title = "Samisk lederforum: Čáhppes ja ruoná – ŋ š ŧ ž đ á – kulturskolens lederkonferanse i Kautokeino"
    event = make.event(capacity=10, title=title)
    with app.app_context():
        with transaction():
            service.register(event.id, applicant(1))
        with transaction():
            service.register(event.id, applicant(2))
    with server(app, eightbit=True) as smtp, app.app_context():
        assert outbox.deliver_due(limit=1).sent == 1
    with server(app, eightbit=False) as plain, app.app_context():
        assert outbox.deliver_due(limit=1).sent == 1
    [eight], [seven] = smtp.received, plain.received
    assert "BODY=8BITMIME" in eight.mail_options and b"Content-Transfer-Encoding: 8bit" in eight.data
    assert "BODY=8BITMIME" not in seven.mail_options and seven.data.isascii()
    assert b"Content-Transfer-Encoding: quoted-printable" in seven.data
    for received in (eight, seven):
        assert "Čáhppes ja ruoná – ŋ š ŧ ž đ á" in SmtpServer.text_of(received.parsed())
    for received in (eight, seven):
        words = _encoded_words(received.data)
        assert words and max(len(w) for w in words) <= 75, words
        assert received.parsed()["Subject"] == f"Du er påmeldt {title}"
        assert all(len(line) <= 998 for line in received.data.split(b"\r\n"))


def test_automatic_mail_says_so_and_bulk_mail_does_not(app, smtp):
    with app.app_context():
        outbox.queue(kind="registration.link", to="a@example.org", subject="Lenken", text="Hei")
        outbox.queue(kind="bulk", to="b@example.org", subject="Nytt fra arrangøren", text="Hei")
        db.session.commit()
        assert outbox.deliver_due().sent == 2
    automatic, bulk = (r.parsed() for r in smtp.wait_for(2) and smtp.received)
    assert automatic["Auto-Submitted"] == "auto-generated" and automatic["List-Unsubscribe"] is None
    assert bulk["Auto-Submitted"] is None
    assert re.fullmatch(r"<http://samling\.test/mail/unsubscribe/[A-Z0-9]{24}>", bulk["List-Unsubscribe"].strip())
    assert bulk["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
