"""The caller owns the transaction: one helper for a route, a CLI command or the worker.

    with transaction():
        registration = service.register(event.id, applicant, actor=actor)

commits when the block ends normally, rolls back on any exception (a domain error too) and lets it
go on up. Services never commit or roll back; they do their work in the session's transaction and
record their audit entry in it. A `transaction()` inside an open one is part of it: it neither
commits nor rolls back early (the outermost block decides), and a released SAVEPOINT is no commit —
the outbox hands its messages to the sender only with the outer commit (app/mail/outbox.py).

Work outside the database that must follow the transaction's fate (a file to remove, mail to hand
to the sender) is registered with `on_commit(fn)` / `on_rollback(fn)`: `fn()` runs once, right after
the outermost commit (or rollback) of the session's transaction, and is dropped when the other
happens. One mechanism for all of it (the outbox's inline delivery uses it too); `install()` hooks it
to the session's events (create_app calls it).

`keep_state=True` commits without expiring what the session holds, for a page that shows what it has
just written without reading it back (only for work whose objects were all read or written under the
lock it commits: the registration rush).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session as OrmSession

from app.core.database import TRANSACTION_DEPTH, begin_serialized_if_idle
from app.core.listeners import listen
from app.extensions import db

AFTER_COMMIT = "samling_after_commit"
AFTER_ROLLBACK = "samling_after_rollback"


@contextmanager
def transaction(*, keep_state: bool = False) -> Iterator[None]:
    session = db.session()
    outer = session.info.get(TRANSACTION_DEPTH, 0)
    if outer == 0:
        _begin_for_writing()
    session.info[TRANSACTION_DEPTH] = outer + 1
    try:
        yield
    except BaseException:
        session.info[TRANSACTION_DEPTH] = outer
        if outer == 0:
            session.rollback()
        raise
    session.info[TRANSACTION_DEPTH] = outer
    if outer == 0:
        try:
            _commit(session, keep_state)
        except BaseException:
            session.rollback()
            _after_rollback(session)  # a COMMIT the database refused rolls back what it held
            raise


def transactional(view: Callable[..., Any]) -> Callable[..., Any]:
    """A route (or command) whose whole body is one transaction."""
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with transaction():
            return view(*args, **kwargs)

    return wrapper


def on_commit(fn: Callable[[], Any]) -> None:
    """Call `fn()` once the session's current transaction has committed (a released SAVEPOINT is not
    that); forget it if the transaction rolls back."""
    db.session().info.setdefault(AFTER_COMMIT, []).append(fn)


def on_rollback(fn: Callable[[], Any]) -> None:
    """Call `fn()` once the session's current transaction has rolled back (or its commit failed);
    forget it if the transaction commits."""
    db.session().info.setdefault(AFTER_ROLLBACK, []).append(fn)


def install() -> None:
    """Run the hooks at the session's commit and rollback (create_app calls this; once is enough)."""
    listen(OrmSession, "after_commit", _after_commit)
    listen(OrmSession, "after_rollback", _after_rollback)


def _after_commit(session: OrmSession) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released: its work is not committed yet, it goes with the outer commit
    session.info.pop(AFTER_ROLLBACK, None)
    _run(session.info.pop(AFTER_COMMIT, ()))


def _after_rollback(session: OrmSession) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's rollback leaves the outer transaction's hooks
    session.info.pop(AFTER_COMMIT, None)
    _run(session.info.pop(AFTER_ROLLBACK, ()))


def _run(hooks: list[Callable[[], Any]]) -> None:
    """Each hook, even when one before it failed: what the database did stands, the failure is logged."""
    for fn in hooks:
        try:
            fn()
        except Exception:
            current_app.logger.exception("transaction: an after-commit/after-rollback hook failed")


def _commit(session: Any, keep_state: bool) -> None:
    if not keep_state:
        session.commit()
        return
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def _begin_for_writing() -> None:
    """SQLite: a transaction that writes begins IMMEDIATE (app.core.database.configure_engine), so that it
    waits for another writer instead of failing once it has read. A transaction the session had open
    with nothing in it to keep (reads only) is ended first; PostgreSQL needs nothing."""
    begin_serialized_if_idle()
