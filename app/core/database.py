"""Engine set-up per dialect, the row-lock helper used by the seat and check-in rules, and the
helper for writing on a hot path without the unit of work (adopt). Who commits: app.core.transaction."""
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
    def _on_connect(dbapi_connection, _record):
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
    def _on_begin(conn):
        immediate = bool(conn.get_execution_options().get("sqlite_immediate") or _request_may_write())
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        conn.info[_IMMEDIATE] = immediate


_IMMEDIATE = "samling_begun_immediate"


def _request_may_write() -> bool:
    return has_request_context() and request.method not in READ_ONLY_METHODS


def _lower(value):
    return value.lower() if isinstance(value, str) else value


# How many `transaction()` blocks (app.core.transaction) are open on the session: kept in its info, here,
# so that both this module and transaction() read it without importing each other.
TRANSACTION_DEPTH = "samling_transaction_depth"


def transaction_depth() -> int:
    """0: no `transaction()` is open; the caller owns nothing yet."""
    return db.session().info.get(TRANSACTION_DEPTH, 0)


def begin_serialized() -> None:
    """Make the session's transaction one that may take row locks, before the caller takes them.

    On PostgreSQL the caller then uses SELECT … FOR UPDATE on the rows it guards. SQLite has no row
    locks: there the transaction is BEGIN IMMEDIATE, holding the database's write lock from its first
    statement, so writers queue (busy_timeout) instead of failing.

    Inside `transaction()` (app.core.transaction) nothing is committed: the pending changes are
    flushed and what the session holds is expired, so that everything the caller reads from here on
    is read under the lock it is about to take (as a new transaction would). The outermost
    `transaction()` began IMMEDIATE on SQLite already. Outside one (the outbox worker's rounds, a
    test calling a service by itself) the open transaction is committed and a new one begun."""
    session = db.session()
    if transaction_depth():
        session.flush()
        session.expire_all()
        return
    session.commit()
    _begin_immediate(session)


def begin_serialized_if_idle() -> None:
    """The start of an outermost `transaction()`: on SQLite, begin IMMEDIATE unless the session's open
    transaction already is; an open deferred one with no changes waiting in the session is ended first
    (its reads are all it holds). Nothing to do on PostgreSQL."""
    session = db.session()
    if db.engine.dialect.name != "sqlite":
        return
    if session.in_transaction():
        if session.connection().info.get(_IMMEDIATE) or session.new or session.dirty or session.deleted:
            return
        session.commit()
    _begin_immediate(session)


def _begin_immediate(session) -> None:
    if db.engine.dialect.name == "sqlite":
        session.connection(execution_options={"sqlite_immediate": True})


def adopt(model: type[Model], row_id: int, values: dict) -> Model:
    """The ORM object for a row just written with a Core INSERT (the lean way on a hot path), as if
    read back: its columns as written, the others loaded on first use, in the session's identity
    map — no round trip, and nothing for the unit of work to flush."""
    obj = model(id=row_id, **values)
    make_transient_to_detached(obj)
    db.session.add(obj)
    return obj
