"""SQLite, the embedded default: WAL and a busy timeout on every connection, and a request that writes
takes the write lock at its start, so it waits for another writer instead of failing with
`database is locked` (a 500) half-way through."""
from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.mail import outbox
from app.models import OutboxMessage, OutboxStatus, UserRole
from tests.clients import anonymous_client
from tests.factories import PASSWORD
from tests.smtp import SmtpServer, _Collector, mail_to

SLOW_SEND = 1.5  # seconds the SMTP server takes to accept the message


@pytest.fixture
def sqlite_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("about SQLite's locking")


def test_every_sqlite_connection_has_wal_and_a_busy_timeout(app, sqlite_only):
    with app.app_context():
        connections = [db.engine.raw_connection() for _ in range(3)]  # new pool connections, not one reused
        try:
            for connection in connections:
                cursor = connection.cursor()
                assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
                assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
                cursor.close()
        finally:
            for connection in connections:
                connection.close()


class _SlowCollector(_Collector):
    """An SMTP server that is slow to accept: the outbox holds its lock meanwhile."""

    def __init__(self) -> None:
        super().__init__()
        self.receiving = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.receiving.set()
        await asyncio.sleep(SLOW_SEND)
        return await super().handle_DATA(server, session, envelope)


def test_a_sign_in_while_the_outbox_sends_waits_instead_of_failing(app, make, sqlite_only):
    user = make.user(UserRole.ADMINISTRATOR, email="arrangor@example.org")
    server = SmtpServer()
    server.handler = _SlowCollector()
    server.start()
    try:
        with mail_to(app, server.port):
            with app.app_context():
                outbox.queue(kind="test", to="kari@example.org", subject="Velkommen", text="Hei, Kari!")
                db.session.commit()
            sending = threading.Thread(target=_deliver, args=(app,))
            sending.start()
            assert server.handler.receiving.wait(10), "the outbox is sending"
            browser = anonymous_client(app)
            response = browser.post("/login", {"email": user.email, "password": PASSWORD})
            sending.join(30)
    finally:
        server.stop()
    assert response.status_code == 303, response.status_code
    assert response.headers["Location"] == "/admin/"
    assert [m["Subject"] for m in server.messages] == ["Velkommen"]
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.status)) == OutboxStatus.SENT


def _deliver(app) -> None:
    with app.app_context():
        outbox.deliver_due()
        db.session.remove()
