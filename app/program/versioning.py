"""Raise the program version whenever anything a program page shows is changed through the ORM.

Code that changes program tables with bulk SQL (not the ORM) must call `bump()` itself.
"""
from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session as OrmSession

from app.core import clock
from app.core.listeners import listen
from app.extensions import db
from app.models import (
    AddOn,
    Event,
    PriceCategory,
    Room,
    Session,
    SessionMaterial,
    SessionSpeaker,
    Speaker,
    Track,
    Venue,
)
from app.models.versions import ContentVersion

PROGRAM = "program"
# session.info key: the names whose version this session's transaction raised (read after commit
# by in-process caches of the version, e.g. app.calendar.versions).
RAISED = "raised_versions"
# Price categories and add-ons are on the event page (its «Pris» and «Tillegg»); registrations take add-ons with
# Core statements (app.registration.add_ons), never through the ORM, so a registration raises no version.
_PROGRAM_TYPES = (Event, Session, SessionSpeaker, Speaker, Track, Room, Venue, SessionMaterial, PriceCategory, AddOn)


def current(name: str = PROGRAM) -> int:
    return db.session.scalar(select(ContentVersion.version).where(ContentVersion.name == name)) or 0


def bump(session: OrmSession, name: str = PROGRAM) -> None:
    changed_at = clock.now()
    result = session.execute(
        update(ContentVersion)
        .where(ContentVersion.name == name)
        .values(version=ContentVersion.version + 1, changed_at=changed_at)
    )
    if result.rowcount == 0:
        session.execute(insert(ContentVersion).values(name=name, version=1, changed_at=changed_at))
    session.info.setdefault(RAISED, set()).add(name)


def _touches_program(session: OrmSession) -> bool:
    for obj in session.new | session.deleted:
        if isinstance(obj, _PROGRAM_TYPES):
            return True
    return any(isinstance(obj, _PROGRAM_TYPES) and session.is_modified(obj) for obj in session.dirty)


def install() -> None:
    """Raise the version on every flush that changes the program (create_app calls this)."""
    listen(OrmSession, "before_flush", _bump_on_program_change)


def _bump_on_program_change(session: OrmSession, _flush_context, _instances) -> None:
    if _touches_program(session):
        bump(session)
