"""Who goes on the printed lists: the door list and each session's attendance list, in Norwegian order."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.collation import norwegian_key
from app.extensions import db
from app.models import (
    SIGNUP_KINDS,
    ChoiceStatus,
    Event,
    Municipality,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
    SessionSpeaker,
    SessionStatus,
)
from app.registration.lists_pdf import Person, SessionList

name_key = norwegian_key  # Norwegian alphabetical order (app/core/collation.py)


def _person_key(p: Person) -> tuple[str, str]:
    return name_key(p.last_name), name_key(p.first_name)


def door_people(event_id: int) -> list[Person]:
    rows = db.session.execute(
        select(Registration.last_name, Registration.first_name, Registration.organisation, Municipality.name)
        .outerjoin(Municipality, Municipality.number == Registration.municipality_number)
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED))
    return sorted((Person(last, first, org, kommune or "") for last, first, org, kommune in rows), key=_person_key)


def session_lists(event: Event, session_id: int | None = None) -> list[SessionList]:
    """Attendance lists for the event's sign-up sessions (or one session, of any kind)."""
    stmt = (select(Session).where(Session.event_id == event.id, Session.status == SessionStatus.SCHEDULED)
            .options(selectinload(Session.room), selectinload(Session.speaker_links).selectinload(SessionSpeaker.speaker))
            .order_by(Session.starts_at, Session.id))
    stmt = stmt.where(Session.id == session_id) if session_id is not None else stmt.where(Session.kind.in_(SIGNUP_KINDS))
    sessions = list(db.session.scalars(stmt))
    seated: dict[int, list[Person]] = {s.id: [] for s in sessions}
    waiting: dict[int, list[tuple[int, Person]]] = {s.id: [] for s in sessions}
    rows = db.session.execute(
        select(SessionChoice.session_id, SessionChoice.status, SessionChoice.waitlist_position, Registration.last_name,
               Registration.first_name, Registration.organisation)
        .join(Registration, Registration.id == SessionChoice.registration_id)
        .where(SessionChoice.session_id.in_(list(seated)), Registration.status == RegistrationStatus.CONFIRMED))
    for sid, status, position, last, first, org in rows:
        if status == ChoiceStatus.CONFIRMED:
            seated[sid].append(Person(last, first, org))
        elif status == ChoiceStatus.WAITLISTED:
            waiting[sid].append((position or 0, Person(last, first, org)))
    return [
        SessionList(s.title, s.starts_at, s.ends_at, s.room.name if s.room else "",
                    ", ".join(link.speaker.name for link in s.speaker_links),
                    sorted(seated[s.id], key=_person_key), [p for _, p in sorted(waiting[s.id], key=lambda w: w[0])])
        for s in sessions
    ]
