"""Engine set-up per dialect, and the row-lock helper used by the seat and check-in rules."""
from __future__ import annotations

from sqlalchemy import Engine, event
from sqlalchemy.sql import Select


def configure_engine(engine: Engine) -> None:
    """SQLite: WAL, foreign keys, a busy timeout, and explicit BEGIN so that a unit of work
    can ask for BEGIN IMMEDIATE (the SQLite stand-in for PostgreSQL's row locks)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def for_update(stmt: Select) -> Select:
    """SELECT … FOR UPDATE on PostgreSQL; SQLite ignores it (use a write transaction there)."""
    return stmt.with_for_update()
