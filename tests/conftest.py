"""Fixtures for the whole suite.

The database is real: a temporary SQLite file by default, or a fresh PostgreSQL database
(created for this run and dropped afterwards) when TEST_DATABASE_URL is set. The schema
comes from the Alembic migrations, so they are tested too. Every test starts with empty
tables, except the 357 municipalities and 15 counties, which are loaded once.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from app import create_app
from app.core import clock
from app.extensions import db, limiter
from app.program.cache import fragments
from tests import factories
from tests.pgdb import throwaway_database
from tests.smtp import SmtpServer, mail_to

KEEP_TABLES = {"counties", "municipalities", "alembic_version"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL", "").strip()
    if base:
        url, drop = throwaway_database(base, make_url(base).database or "samling_test")
        yield url
        drop()
    else:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory) -> Iterator[Flask]:
    application = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": (
                {"pool_pre_ping": True, "pool_size": 20, "max_overflow": 40}
                if database_url.startswith("postgresql")
                else {"pool_pre_ping": True}
            ),
            "BASE_URL": "http://samling.test",
            "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
            "SECRET_KEY": "test-secret",
        },
    )
    limiter.enabled = False  # switched on by the `rate_limits` fixture where a test is about them
    with application.app_context():
        upgrade()
        from app.seeding.places import seed_municipalities
        from app.seeding.run import seed_dir

        seed_municipalities(seed_dir() / "kommuner.csv")
        db.session.commit()
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()


def _truncate(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP_TABLES]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            else:
                for table in tables:
                    conn.execute(table.delete())


@pytest.fixture(autouse=True)
def _clean_database(app: Flask) -> Iterator[None]:
    yield
    clock.set_now(None)
    limiter.enabled = False  # another create_app() in a test (RATELIMIT_ENABLED=1) switches the shared limiter on
    _truncate(app)
    # Ids and the program version start again after truncation, so a fragment cached by an
    # earlier test could carry the same key as this one's: start every test with an empty cache.
    fragments.clear()


@pytest.fixture
def rate_limits(app: Flask) -> Iterator[None]:
    """Rate limits on, from a clean slate, for this test only."""
    limiter.reset()
    limiter.enabled = True
    try:
        yield
    finally:
        limiter.enabled = False
        limiter.reset()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An application context for tests that call services directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def make(app: Flask) -> factories.Factory:
    return factories.Factory(app)


@pytest.fixture
def frozen_now():
    """Move the clock: `frozen_now(datetime(...))`; restored after the test."""
    def move(moment: datetime) -> datetime:
        clock.set_now(moment)
        return moment

    return move


@pytest.fixture
def smtp(app: Flask) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) the app sends to for this test."""
    server = SmtpServer().start()
    try:
        with mail_to(app, server.port):
            yield server
    finally:
        server.stop()


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """Collect the SQL statements run inside the block (for N+1 checks)."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def before(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def login(client):
    """Sign a user in through the real login form: `login(user, password)`."""
    def do(email: str, password: str = factories.PASSWORD):
        response = client.get("/login")
        assert response.status_code == 200
        token = factories.csrf_from(response.get_data(as_text=True))
        response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
        assert response.status_code == 303, response.get_data(as_text=True)
        return response

    return do


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


__all__ = ["count_queries", "utc", "timedelta", "Path", "text"]
