"""`flask outbox send --loop` as a worker: it never exits because its database connection went away."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, text

from app.extensions import db
from app.mail import outbox
from app.models import OutboxMessage, OutboxStatus
from tests.smtp import free_port

NAME = "samling-outbox-under-test"


class _KillsTheWorkersConnection:
    """An SMTP server that, when the first message arrives, has PostgreSQL end the worker's connection
    (pg_terminate_backend) before it answers: the worker's transaction is gone, its commit fails."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.received: list[bytes] = []
        self.killed = 0

    async def handle_DATA(self, server, session, envelope):
        if not self.killed:
            with self.engine.connect() as conn:
                self.killed = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                                "WHERE application_name = :name"), {"name": NAME}).scalar()
                conn.commit()
        self.received.append(envelope.content)
        return "250 OK"


def test_the_worker_reconnects_after_pg_terminate_backend_and_goes_on(app, tmp_path):
    """Before: the worker died with OperationalError and the messages waited for a restart."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("pg_terminate_backend needs PostgreSQL (TEST_DATABASE_URL)")
    with app.app_context():
        for to in ("a@example.org", "b@example.org"):
            outbox.queue(kind="test", to=to, subject="Hei", text="Hei")
        db.session.commit()
        handler = _KillsTheWorkersConnection(db.engine)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = {**os.environ, "APP_ENV": "development", "MAIL_SEND_INLINE": "0", "SECRET_KEY": "x",
           "DATABASE_URL": url + ("&" if "?" in url else "?") + f"application_name={NAME}",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(controller.port), "UPLOAD_DIR": str(tmp_path)}
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen([str(Path(sys.executable).parent / "flask"), "--app", "wsgi.py", "outbox", "send",
                                   "--loop", "--interval", "0.2"], cwd=Path(__file__).resolve().parents[2], env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline, statuses = time.monotonic() + 30, []
        while time.monotonic() < deadline:
            with app.app_context():
                statuses = list(db.session.scalars(select(OutboxMessage.status)))
                db.session.remove()
            if statuses == [OutboxStatus.SENT] * 2 or worker.poll() is not None:
                break
            time.sleep(0.2)
        assert handler.killed == 1, "the worker's connection was never ended"
        assert worker.poll() is None, "the worker exited:\n" + log.read_text()
        assert statuses == [OutboxStatus.SENT] * 2, log.read_text()
        # The first message was accepted before its commit failed, so it went out again (the documented window).
        assert len(handler.received) == 3
        assert "the round failed; trying again" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(10)
        controller.stop()
