"""The outbox with a real SMTP server: nothing lost while it is down, nothing sent twice."""
import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.models import OutboxMessage, OutboxStatus
from app.registration import service
from tests.factories import applicant
from tests.smtp import SmtpServer, free_port, mail_to


def _statuses(app):
    with app.app_context():
        return [m.status for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def test_registrations_succeed_while_smtp_is_down_and_go_out_once_when_it_is_back(app, make):
    server = SmtpServer()  # not started: the port refuses connections
    event = make.event(capacity=100)
    with mail_to(app, server.port), app.app_context():
        for i in range(30):
            with transaction():
                service.register(event.id, applicant(i))
        report = outbox.deliver_due()
        assert (report.sent, report.retrying) == (0, 30)
    assert set(_statuses(app)) == {OutboxStatus.QUEUED}

    server.start()
    try:
        with mail_to(app, server.port):
            runner = app.test_cli_runner()
            clock.set_now(clock.now() + timedelta(minutes=2))  # past the first back-off
            result = runner.invoke(args=["outbox", "send"])
            assert "sent 30" in result.output, result.output
            again = runner.invoke(args=["outbox", "send"])
            assert "Done: sent 0" in again.output
            received = server.wait_for(30)
            assert sorted(m["To"] for m in received) == sorted(f"deltaker{i}@example.org" for i in range(30))
            assert len({m["Message-ID"] for m in received}) == 30
            body = SmtpServer.text_of(received[0])
            assert "Du er påmeldt" in body and app.config["BASE_URL"] + "/me/" in body
    finally:
        server.stop()
    assert set(_statuses(app)) == {OutboxStatus.SENT}


def test_two_senders_at_once_never_send_a_message_twice(app, make, smtp):
    event = make.event(capacity=100)
    with app.app_context():
        for i in range(40):
            with transaction():
                service.register(event.id, applicant(i))

    def send(_):
        with app.app_context():
            try:
                return outbox.deliver_due(limit=7).sent
            finally:
                db.session.remove()

    with ThreadPoolExecutor(4) as pool:
        rounds = [sum(pool.map(send, range(4))) for _ in range(4)]
    assert sum(rounds) == 40
    assert len(smtp.wait_for(40)) == 40
    assert sorted(m["To"] for m in smtp.messages) == sorted(f"deltaker{i}@example.org" for i in range(40))


def test_a_message_gives_up_after_the_last_retry_and_can_be_resent(app, make):
    server = SmtpServer()
    with mail_to(app, server.port), app.app_context():
        outbox.queue(kind="test", to="a@example.org", subject="Hei", text="Hei")
        db.session.commit()
        for _ in range(outbox.MAX_ATTEMPTS):
            outbox.deliver_due()
            clock.set_now(clock.now() + timedelta(days=1))
        message = db.session.scalar(select(OutboxMessage))
        assert message.status == OutboxStatus.FAILED and message.attempts == outbox.MAX_ATTEMPTS
        assert "SMTP unavailable" in message.last_error
        outbox.resend(message.id)
        db.session.commit()
        server.start()
        try:
            assert outbox.deliver_due().sent == 1
        finally:
            server.stop()


def test_nothing_is_queued_when_the_change_rolls_back(ctx):
    outbox.queue(kind="test", to="a@example.org", subject="Hei", text="Hei")
    db.session.rollback()
    assert db.session.scalar(select(OutboxMessage.id)) is None


def test_a_registration_email_is_rendered_when_sent_and_stored_as_sent(app, make, smtp):
    event = make.event(capacity=100, title="Renderkonferansen")
    with app.app_context():
        with transaction():
            registration = service.register(event.id, applicant(1))
        queued = db.session.scalar(select(OutboxMessage))
        assert (queued.subject, queued.body_text, queued.render_with) == (
            "Du er påmeldt Renderkonferansen", "", "registration")
        assert outbox.deliver_due().sent == 1
        db.session.expire_all()
        sent = db.session.scalar(select(OutboxMessage))
        assert "Du er påmeldt Renderkonferansen" in sent.body_text and sent.body_html.startswith("<!doctype html>")
        assert json.loads(sent.attachments)[0]["filename"] == f"{event.slug}.ics"
        assert registration.id == sent.registration_id
    message = smtp.wait_for(1)[0]
    assert SmtpServer.text_of(message) == sent.body_text.rstrip("\n").replace("\n", "\r\n") + "\r\n"


def test_a_message_whose_registration_is_gone_fails_at_once(app, make, smtp):
    event = make.event(capacity=100)
    with app.app_context():
        with transaction():
            registration = service.register(event.id, applicant(1))
        db.session.delete(db.session.get(type(registration), registration.id))
        db.session.commit()
        report = outbox.deliver_due()
        message = db.session.scalar(select(OutboxMessage))
        assert (report.failed, message.status, message.attempts) == (1, OutboxStatus.FAILED, 1)
        assert "cannot be rendered" in message.last_error
    assert smtp.messages == []

class _Stalling:
    """An SMTP server that takes the message's data and then never answers (until the test is over)."""

    def __init__(self) -> None:
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        await asyncio.sleep(20)
        return "250 OK"


def test_a_worker_killed_in_the_middle_of_a_send_leaves_the_message_due_again_at_once(app, smtp, tmp_path):
    """`flask outbox send` is SIGKILLed while the SMTP server has the message's data but has not accepted it:
    nothing was delivered, and the next sender sends it at once (no claim to wait out), counting one attempt."""
    with app.app_context():
        outbox.queue(kind="test", to="a@example.org", subject="Hei", text="Hei")
        db.session.commit()
    stalling = _Stalling()
    controller = Controller(stalling, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(controller.port), "MAIL_SEND_INLINE": "0",
           "SECRET_KEY": "x", "UPLOAD_DIR": str(tmp_path)}
    worker = subprocess.Popen([str(Path(sys.executable).parent / "flask"), "--app", "wsgi.py", "outbox", "send"],
                              cwd=Path(__file__).resolve().parents[2], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        assert stalling.arrived.wait(30), "the worker never reached the SMTP server"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
        controller.stop()
    with app.app_context():
        assert outbox.deliver_due().sent == 1
        message = db.session.scalar(select(OutboxMessage))
        assert (message.status, message.attempts) == (OutboxStatus.SENT, 1)
    assert [m["To"] for m in smtp.wait_for(1)] == ["a@example.org"]
