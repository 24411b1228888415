"""What counts as an arrival: the one rule behind every number of people checked in (the scanner's counter,
the arrivals page and its charts, the event dashboard, the counts API).

An arrival is a check-in that has not been undone, of a registration that is still confirmed: a person
checked in whose registration was cancelled afterwards no longer counts (the numbers are "checked in of
the confirmed"). A registration has at most one such check-in per door (app/checkin/service.py).
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, Select, select

from app.models import Checkin, Registration, RegistrationStatus


def counted(event_id: int, *columns) -> Select:
    """SELECT `columns` FROM the event's arrivals (Checkin joined to its Registration); add the door with
    `at_door` or `at_any_session`, and group as needed."""
    return (
        select(*columns).select_from(Checkin)
        .join(Registration, Registration.id == Checkin.registration_id)
        .where(Checkin.event_id == event_id, Checkin.undone_at.is_(None),
               Registration.status == RegistrationStatus.CONFIRMED)
    )


def at_door(session_id: int | None) -> ColumnElement[bool]:
    """The entrance (None) or one session's door."""
    return Checkin.session_id.is_(None) if session_id is None else Checkin.session_id == session_id


def at_any_session() -> ColumnElement[bool]:
    return Checkin.session_id.is_not(None)
