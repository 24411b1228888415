"""Seats and queues: the row lock, the counts, and moving people into freed seats.

Every function here runs inside a transaction that holds the event's row lock (SELECT … FOR
UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite), taken by `lock_event`/`lock_event_row`; the
operations in service.py call them, in the caller's transaction. Waiting-list positions stay 1..n without gaps.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    Row,
    bindparam,
    case,
    func,
    insert,
    literal_column,
    select,
    union_all,
    update,
)

from app.core import clock
from app.core.database import NULL_INTEGER, begin_serialized
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
        raise NotFound(event_id)
    return event


_EVENTS = Event.__table__.c
# What a new registration needs of its event under the lock: whether it is open, its capacity,
# and the title the e-mail's subject names. (A plain row: no ORM object to build while others wait.)
_LOCK_FOR_REGISTRATION = (
    select(_EVENTS.id, _EVENTS.title, _EVENTS.status, _EVENTS.capacity, _EVENTS.ends_at,
           _EVENTS.registration_opens_at, _EVENTS.registration_closes_at)
    .where(_EVENTS.id == bindparam("event_id")).with_for_update()
)


def lock_event_for_registration(event_id: int) -> Row:
    """`lock_event_row` for the registration rush: the same lock, only the columns it needs."""
    row = db.session.connection().execute(_LOCK_FOR_REGISTRATION, {"event_id": event_id}).one_or_none()
    if row is None:
        raise NotFound(event_id)
    return row


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


def free_event_seats(event_id: int, capacity: int | None) -> int | None:
    """How many newcomers would get an event seat now (None: no limit). Nobody takes a seat ahead of the
    waiting list, so while anyone waits there are none. Under the lock this is the final word."""
    if capacity is None:
        return None
    taken, last = db.session.execute(
        select(func.count().filter(Registration.status == RegistrationStatus.CONFIRMED),
               func.max(Registration.waitlist_position).filter(Registration.status == RegistrationStatus.WAITLISTED))
        .where(Registration.event_id == event_id)
    ).one()
    return 0 if last is not None else max(capacity - taken, 0)


def _session_seats_taken(session_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(SessionChoice.session_id == session_id, SessionChoice.status == ChoiceStatus.CONFIRMED)
    )


def _has_room(capacity: int | None, taken: int) -> bool:
    return capacity is None or taken < capacity


def _seat_or_queue(capacity: int | None, taken: int, last: int | None, seat, queue):
    """(seat, None) while there is room and nobody waits, else (queue, the place after the last one
    in the queue): a newcomer never takes a seat ahead of someone in the queue."""
    return (seat, None) if _has_room(capacity, taken) and last is None else (queue, (last or 0) + 1)


Place = tuple[RegistrationStatus, int | None]
ChoicePlace = tuple[ChoiceStatus, int | None]
_REGISTRATIONS, _CHOICES = Registration.__table__.c, SessionChoice.__table__.c


@dataclass(frozen=True)
class NewPlaces:
    """Where a new registration goes: its place, each chosen session's place, and the id of a
    registration the same e-mail already has for the event (with whether it is active)."""

    event: Place
    sessions: dict[int, ChoicePlace]
    same_email: tuple[int, bool] | None


@dataclass(frozen=True)
class PlaceRow:
    """One row of `new_registration_places`' query, read by column name: which `part` it comes from,
    whose it is (`id`: the session's, or the registration with the same e-mail), the seats `taken` (for
    'same_email': 1 when that registration is active, else 0) and the `last` place in the queue."""

    part: str  # "event", "session" or "same_email"
    id: int | None
    taken: int
    last: int | None


def _place_columns(part: str, id_, taken, last) -> tuple:
    return (literal_column(f"'{part}'").label("part"), id_.label("id"), taken.label("taken"), last.label("last"))


def _places_statement(with_sessions: bool):
    event_seats = select(*_place_columns(
        "event", NULL_INTEGER,
        func.count().filter(_REGISTRATIONS.status == RegistrationStatus.CONFIRMED),
        func.max(_REGISTRATIONS.waitlist_position).filter(_REGISTRATIONS.status == RegistrationStatus.WAITLISTED),
    )).where(_REGISTRATIONS.event_id == bindparam("event_id"))
    same_email = select(*_place_columns(
        "same_email", _REGISTRATIONS.id,
        case((_REGISTRATIONS.status == RegistrationStatus.CANCELLED, 0), else_=1), NULL_INTEGER,
    )).where(_REGISTRATIONS.event_id == bindparam("event_id"), _REGISTRATIONS.email == bindparam("email"))
    parts = [event_seats, same_email]
    if with_sessions:
        parts.append(
            select(*_place_columns(
                "session", _CHOICES.session_id,
                func.count().filter(_CHOICES.status == ChoiceStatus.CONFIRMED),
                func.max(_CHOICES.waitlist_position).filter(_CHOICES.status == ChoiceStatus.WAITLISTED)))
            .where(_CHOICES.session_id.in_(bindparam("session_ids", expanding=True)))
            .group_by(_CHOICES.session_id)
        )
    return union_all(*parts)


_PLACES = {False: _places_statement(False), True: _places_statement(True)}


def new_registration_places(event: Row, email: str, sessions: list[Row]) -> NewPlaces:
    """Where a new registration goes, under the event's lock, in one query: a seat or the next
    place on the event's waiting list, and for each chosen session a seat or the next place in
    its queue (only with an event seat; on the waiting list the choices wait, PENDING). Every
    registration is written under this lock, so the e-mail check here is the final word (the
    unique (event, e-mail) constraint stands behind it)."""
    params = {"event_id": event.id, "email": email, "session_ids": [s.id for s in sessions]}
    taken, last, same_email, per_session = 0, None, None, {}
    for row in db.session.connection().execute(_PLACES[bool(sessions)], params):
        found = PlaceRow(**row._mapping)
        if found.part == "event":
            taken, last = found.taken, found.last
        elif found.part == "same_email":
            same_email = (found.id, bool(found.taken))
        else:
            per_session[found.id] = (found.taken, found.last)
    place = _seat_or_queue(event.capacity, taken, last, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    if place[0] == RegistrationStatus.WAITLISTED:
        return NewPlaces(place, dict.fromkeys((s.id for s in sessions), (ChoiceStatus.PENDING, None)), same_email)
    choices = {s.id: _seat_or_queue(s.capacity, *per_session.get(s.id, (0, None)), ChoiceStatus.CONFIRMED,
                                    ChoiceStatus.WAITLISTED) for s in sessions}
    return NewPlaces(place, choices, same_email)


_INSERT_CHOICE = insert(SessionChoice.__table__)


def insert_choices(registration_id: int, places: dict[int, ChoicePlace]) -> None:
    """The new registration's session choices, in one statement."""
    if places:
        now = clock.now()
        db.session.connection().execute(_INSERT_CHOICE, [
            {"registration_id": registration_id, "session_id": sid, "status": status,
             "waitlist_position": position, "created_at": now} for sid, (status, position) in places.items()])


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

def take_session_place(registration: Registration, session: Session | Row) -> SessionChoice:
    status, position = _session_place(session)
    choice = SessionChoice(registration=registration, session_id=session.id, status=status,
                           waitlist_position=position)
    db.session.add(choice)
    db.session.flush()
    return choice


def _session_place(session: Session | Row) -> tuple[ChoiceStatus, int | None]:
    """A seat if there is one, else the next place in the session's queue (one query)."""
    taken, last = db.session.execute(
        select(func.count().filter(SessionChoice.status == ChoiceStatus.CONFIRMED),
               func.max(SessionChoice.waitlist_position).filter(SessionChoice.status == ChoiceStatus.WAITLISTED))
        .where(SessionChoice.session_id == session.id)
    ).one()
    return _seat_or_queue(session.capacity, taken, last, ChoiceStatus.CONFIRMED, ChoiceStatus.WAITLISTED)


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
        return promote_in_session(session_id)
    return []


def promote_in_session(session_id: int) -> list[SessionChoice]:
    """While the session has room, the first in its queue gets a seat (in order, each told by e-mail):
    after a seat is freed, or the capacity raised."""
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
    """While the event has room, the first on its waiting list gets a seat (in order, each told by
    e-mail, taking the seats in the sessions they chose): after a seat is freed, or the capacity raised."""
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
