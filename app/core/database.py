"""Engine set-up per dialect, the row-lock helper used by the seat and check-in rules, and the
helpers for writing on a hot path without the unit of work (commit_keeping_state, adopt)."""
from __future__ import annotations

from typing import TypeVar

from flask import has_request_context, request
from sqlalchemy import Engine, Integer, cast, event, null
from sqlalchemy.orm import make_transient_to_detached

from app.extensions import db

Model = TypeVar("Model")

# A NULL integer column in a UNION of several SELECTs: typed, since PostgreSQL reads an untyped NULL
# in a UNION as text.
NULL_INTEGER = cast(null(), Integer)


READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def configure_engine(engine: Engine) -> None:
    """SQLite: WAL, foreign keys, a busy timeout, and explicit BEGIN so that a unit of work
    can ask for BEGIN IMMEDIATE (the SQLite stand-in for PostgreSQL's row locks).

    A request that may write (POST and the like) begins IMMEDIATE as well. SQLite waits (busy_timeout)
    only for a transaction that has not read yet: one that read first and then wants to write while
    another connection writes (the outbox holds its lock while the SMTP server answers) fails at once
    with "database is locked". Taking the write lock at the start makes a sign-in wait for the mail
    send instead. Reads (GET) stay deferred and never wait: WAL lets them read beside a writer."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        # SQLite's own lower() only folds ASCII; searches must find "Øystein" from "øy" as on PostgreSQL.
        # (Before any statement runs: SQLite refuses to redefine a function while one is active.)
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        if conn.get_execution_options().get("sqlite_immediate") or _request_may_write():
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _request_may_write() -> bool:
    return has_request_context() and request.method not in READ_ONLY_METHODS


def _lower(value):  # noqa: ANN001, ANN202
    return value.lower() if isinstance(value, str) else value


def begin_serialized() -> None:
    """End the session's open transaction and begin one that may take row locks.

    On PostgreSQL the caller then uses SELECT … FOR UPDATE on the rows it guards. SQLite has
    no row locks, so there the new transaction is BEGIN IMMEDIATE: it holds the database's
    write lock from its first statement, and writers queue (busy_timeout) instead of failing.
    Any pending changes of the caller are committed first.
    """
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.connection(execution_options={"sqlite_immediate": True})


def commit_keeping_state() -> None:
    """Commit without expiring what the session holds: the caller goes on to show what it has just
    written (a confirmation page, a redirect) without reading every row back in a new round trip.
    Only for units of work whose objects were all read or written under the lock they commit."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def adopt(model: type[Model], row_id: int, values: dict) -> Model:
    """The ORM object for a row just written with a Core INSERT (the lean way on a hot path), as if
    read back: its columns as written, the others loaded on first use, in the session's identity
    map — no round trip, and nothing for the unit of work to flush."""
    obj = model(id=row_id, **values)
    make_transient_to_detached(obj)
    db.session.add(obj)
    return obj
