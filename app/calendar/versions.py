"""The program version as the feeds read it: from the database at most once per `ttl` per process.

A 304 is the answer to almost every calendar poll, and reading the version is then its only
database work. So a process keeps the version it last read for up to CALENDAR_VERSION_TTL
seconds (default 1; 0 reads it every time), and forgets it at once when a transaction of its own
raised it. The price: a change committed by *another* process is seen by this process's 304s
up to that long after. A feed that is sent (200) always reads the version afresh.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from app.core.listeners import listen
from app.extensions import db
from app.models import ContentVersion
from app.program import versioning

DEFAULT_TTL = 1.0
_monotonic = time.monotonic  # tests move it


@dataclass(frozen=True)
class ProgramVersion:
    version: int
    changed_at: datetime | None


class _Remembered:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, tuple[ProgramVersion, float]] = {}
        self._generation = 0

    def get(self, database: str, ttl: float, fresh: bool) -> ProgramVersion:
        if not fresh and ttl > 0:
            remembered = self._values.get(database)
            if remembered is not None and _monotonic() - remembered[1] < ttl:
                return remembered[0]
        generation, read_at = self._generation, _monotonic()
        row = db.session.execute(
            select(ContentVersion.version, ContentVersion.changed_at).where(ContentVersion.name == versioning.PROGRAM)
        ).one_or_none()
        value = ProgramVersion(row.version, row.changed_at) if row else ProgramVersion(0, None)
        with self._lock:
            if generation == self._generation:  # nothing of ours raised it while we read
                self._values[database] = (value, read_at)
        return value

    def forget(self) -> None:
        with self._lock:
            self._generation += 1
            self._values.clear()


_remembered = _Remembered()


def program_version(*, fresh: bool = False) -> ProgramVersion:
    """The program version and when it moved; `fresh` reads it from the database now."""
    config = current_app.config
    return _remembered.get(config["SQLALCHEMY_DATABASE_URI"], config.get("CALENDAR_VERSION_TTL", DEFAULT_TTL), fresh)


def forget() -> None:
    _remembered.forget()


def install() -> None:
    """Forget the remembered version after a commit of ours that raised it (create_app calls this)."""
    listen(OrmSession, "after_commit", _forget_after_our_change)
    listen(OrmSession, "after_rollback", _not_raised_after_all)


def _forget_after_our_change(session: OrmSession) -> None:
    if versioning.PROGRAM in session.info.pop(versioning.RAISED, ()):
        _remembered.forget()


def _not_raised_after_all(session: OrmSession) -> None:
    session.info.pop(versioning.RAISED, None)
