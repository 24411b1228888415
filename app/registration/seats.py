"""Seats and queues: the row lock, the counts, and moving people into freed seats.

Every function here runs inside a transaction that holds the event's row lock (SELECT … FOR
UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite), taken by `lock_event`/`lock_event_row`; the
operations in service.py call them and commit. Waiting-list positions stay 1..n without gaps.
"""
from __future__ import annotations

from sqlalchemy import func, select, update

from app.core import clock
from app.core.database import begin_serialized
from app.extensions import db
from app.models import (
    ChoiceStatus,
    Event,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
)
from app.registration import notify
from app.registration.errors import NotFound

# --- locking and counting ---------------------------------------------------------------------

def lock_event(event_id: int) -> Event:
    begin_serialized()
    return lock_event_row(event_id)


def lock_event_row(event_id: int) -> Event:
    """SELECT … FOR UPDATE in the open transaction, the event's own row only (what the e-mails
    need besides is read when they are rendered, after the lock is gone)."""
    event = db.session.scalars(
        select(Event).where(Event.id == event_id).with_for_update().execution_options(populate_existing=True)
    ).one_or_none()
    if event is None:
        db.session.rollback()
        raise NotFound(event_id)
    return event


def locked_registration(registration_id: int) -> tuple[Event, Registration]:
    event_id = db.session.scalar(select(Registration.event_id).where(Registration.id == registration_id))
    if event_id is None:
        raise NotFound(registration_id)
    event = lock_event(event_id)
    registration = db.session.scalars(
        select(Registration).where(Registration.id == registration_id).execution_options(populate_existing=True)
    ).one()
    return event, registration


def _confirmed_count(event_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED)
    )


def event_place(event: Event) -> tuple[RegistrationStatus, int | None]:
    """A seat if there is one, else the next place on the waiting list (one query)."""
    confirmed, last = db.session.execute(
        select(func.count().filter(Registration.status == RegistrationStatus.CONFIRMED),
               func.max(Registration.waitlist_position).filter(Registration.status == RegistrationStatus.WAITLISTED))
        .where(Registration.event_id == event.id)
    ).one()
    if _has_room(event.capacity, confirmed):
        return RegistrationStatus.CONFIRMED, None
    return RegistrationStatus.WAITLISTED, (last or 0) + 1


def _session_seats_taken(session_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(SessionChoice.session_id == session_id, SessionChoice.status == ChoiceStatus.CONFIRMED)
    )


def _has_room(capacity: int | None, taken: int) -> bool:
    return capacity is None or taken < capacity


def close_event_gap(event_id: int, position: int) -> None:
    db.session.execute(
        update(Registration)
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITLISTED,
               Registration.waitlist_position > position)
        .values(waitlist_position=Registration.waitlist_position - 1)
        .execution_options(synchronize_session="fetch")
    )


def _close_session_gap(session_id: int, position: int) -> None:
    db.session.execute(
        update(SessionChoice)
        .where(SessionChoice.session_id == session_id, SessionChoice.status == ChoiceStatus.WAITLISTED,
               SessionChoice.waitlist_position > position)
        .values(waitlist_position=SessionChoice.waitlist_position - 1)
        .execution_options(synchronize_session="fetch")
    )


# --- seats in sessions ------------------------------------------------------------------------

def take_session_place(registration: Registration, session: Session) -> SessionChoice:
    status, position = _session_place(session)
    choice = SessionChoice(registration=registration, session=session, status=status,
                           waitlist_position=position)
    db.session.add(choice)
    db.session.flush()
    return choice


def _session_place(session: Session) -> tuple[ChoiceStatus, int | None]:
    """A seat if there is one, else the next place in the session's queue (one query)."""
    taken, last = db.session.execute(
        select(func.count().filter(SessionChoice.status == ChoiceStatus.CONFIRMED),
               func.max(SessionChoice.waitlist_position).filter(SessionChoice.status == ChoiceStatus.WAITLISTED))
        .where(SessionChoice.session_id == session.id)
    ).one()
    if _has_room(session.capacity, taken):
        return ChoiceStatus.CONFIRMED, None
    return ChoiceStatus.WAITLISTED, (last or 0) + 1


def session_places(sessions: list[Session]) -> dict[int, tuple[ChoiceStatus, int | None]]:
    """A seat or the next place in the queue for each of these sessions, in one query."""
    if not sessions:
        return {}
    rows = db.session.execute(
        select(SessionChoice.session_id,
               func.count().filter(SessionChoice.status == ChoiceStatus.CONFIRMED),
               func.max(SessionChoice.waitlist_position).filter(SessionChoice.status == ChoiceStatus.WAITLISTED))
        .where(SessionChoice.session_id.in_([s.id for s in sessions]))
        .group_by(SessionChoice.session_id)
    )
    taken = {sid: (n, last) for sid, n, last in rows}
    places = {}
    for session in sessions:
        n, last = taken.get(session.id, (0, None))
        places[session.id] = ((ChoiceStatus.CONFIRMED, None) if _has_room(session.capacity, n)
                              else (ChoiceStatus.WAITLISTED, (last or 0) + 1))
    return places


def _place_choice(choice: SessionChoice, session: Session) -> None:
    choice.status, choice.waitlist_position = _session_place(session)
    db.session.flush()


def release_choice(choice: SessionChoice) -> list[SessionChoice]:
    """Remove a choice; if it held a seat, the first in that session's queue gets it."""
    session_id, status, position = choice.session_id, choice.status, choice.waitlist_position
    db.session.delete(choice)
    db.session.flush()
    if status == ChoiceStatus.WAITLISTED:
        _close_session_gap(session_id, position)
        return []
    if status == ChoiceStatus.CONFIRMED:
        return _promote_in_session(session_id)
    return []


def _promote_in_session(session_id: int) -> list[SessionChoice]:
    session = db.session.get(Session, session_id)
    promoted = []
    while _has_room(session.capacity, _session_seats_taken(session_id)):
        first = db.session.scalar(
            select(SessionChoice).where(SessionChoice.session_id == session_id,
                                        SessionChoice.status == ChoiceStatus.WAITLISTED)
            .order_by(SessionChoice.waitlist_position).limit(1)
        )
        if first is None:
            break
        position = first.waitlist_position
        first.status, first.waitlist_position = ChoiceStatus.CONFIRMED, None
        db.session.flush()
        _close_session_gap(session_id, position)
        notify.session_promoted(first)
        promoted.append(first)
    return promoted


def _activate_choices(registration: Registration) -> None:
    """A registration that just got its event seat takes its seats in the sessions it chose."""
    for choice in registration.choices:
        if choice.status == ChoiceStatus.PENDING:
            _place_choice(choice, choice.session)


# --- the event seat ---------------------------------------------------------------------------

def promote_from_event_waitlist(event: Event) -> list[Registration]:
    promoted = []
    while _has_room(event.capacity, _confirmed_count(event.id)):
        first = db.session.scalar(
            select(Registration).where(Registration.event_id == event.id,
                                       Registration.status == RegistrationStatus.WAITLISTED)
            .order_by(Registration.waitlist_position).limit(1)
        )
        if first is None:
            break
        confirm(first)
        promoted.append(first)
        notify.promoted(first)
    return promoted


def confirm(registration: Registration) -> None:
    position = registration.waitlist_position
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlist_position = None
    registration.confirmed_at = clock.now()
    db.session.flush()
    if position is not None:
        close_event_gap(registration.event_id, position)
    _activate_choices(registration)
