"""Keep a registration's `updated_at` moving when its session choices change.

A participant's feed answers If-Modified-Since from the registration's `updated_at` (and the
program's version time). The registration service adds, removes and promotes choices without
touching the registration row itself, so without this a client asking "changed since?" could
be told "no" after a workshop was dropped or a waiting-list place became a seat.
"""
from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session as OrmSession

from app.core import clock
from app.core.listeners import listen
from app.models import Registration, SessionChoice


def _changed_choices(session: OrmSession):
    for obj in session.new | session.deleted:
        if isinstance(obj, SessionChoice):
            yield obj
    for obj in session.dirty:
        if isinstance(obj, SessionChoice) and inspect(obj).attrs.status.history.has_changes():
            yield obj


def install() -> None:
    """Touch the registration on every flush that changes its choices (create_app calls this)."""
    listen(OrmSession, "before_flush", _touch_registrations)


def _touch_registrations(session: OrmSession, _flush_context, _instances) -> None:
    touched = set()
    for choice in _changed_choices(session):
        registration = choice.registration
        if registration is None and choice.registration_id is not None:
            registration = session.get(Registration, choice.registration_id)
        if registration is not None and id(registration) not in touched and registration not in session.deleted:
            touched.add(id(registration))
            registration.updated_at = clock.now()
