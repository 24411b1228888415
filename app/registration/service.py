"""The rules of taking and giving back seats. Plain functions over the session; no request globals.

Every change to an event's seats runs in one transaction that first locks the event row
(SELECT … FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite), so capacity checks and the
change they allow happen as one step: the event and each sign-up session never overbook, and
waiting-list positions stay 1..n without gaps. Each function commits its own transaction and
queues its e-mails in it (app.registration.notify → the outbox).

Status changes of a registration happen only here.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select, update

from app.core import clock
from app.core.database import begin_serialized
from app.extensions import db
from app.models import (
    SIGNUP_KINDS,
    ChoiceStatus,
    Event,
    EventStatus,
    ParticipantRole,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
    SessionStatus,
    YearsBand,
)
from app.registration import links, notify
from app.registration.errors import (
    AlreadyRegistered,
    ChangeDeadlinePassed,
    InvalidSessionChoice,
    NotFound,
    RegistrationClosed,
)


@dataclass
class Applicant:
    """What a participant (or an organiser on their behalf) fills in."""

    first_name: str
    last_name: str
    email: str
    organisation: str = ""
    municipality_number: str | None = None
    job_title: str = ""
    years_as_leader: YearsBand | None = None
    phone: str = ""
    invoice_org_number: str = ""
    invoice_reference: str = ""
    health_consent: bool = False
    diet: Sequence[str] = field(default_factory=tuple)
    diet_other: str = ""
    accessibility_needs: str = ""
    role: ParticipantRole = ParticipantRole.PARTICIPANT


# --- locking and counting ---------------------------------------------------------------------

def _lock_event(event_id: int) -> Event:
    begin_serialized()
    event = db.session.scalars(
        select(Event).where(Event.id == event_id).with_for_update().execution_options(populate_existing=True)
    ).one_or_none()
    if event is None:
        db.session.rollback()
        raise NotFound(event_id)
    return event


def _locked_registration(registration_id: int) -> tuple[Event, Registration]:
    event_id = db.session.scalar(select(Registration.event_id).where(Registration.id == registration_id))
    if event_id is None:
        raise NotFound(registration_id)
    event = _lock_event(event_id)
    registration = db.session.scalars(
        select(Registration).where(Registration.id == registration_id).execution_options(populate_existing=True)
    ).one()
    return event, registration


def _confirmed_count(event_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED)
    )


def _next_event_position(event_id: int) -> int:
    return 1 + (db.session.scalar(
        select(func.max(Registration.waitlist_position)).where(
            Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITLISTED
        )
    ) or 0)


def _session_seats_taken(session_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(SessionChoice.session_id == session_id, SessionChoice.status == ChoiceStatus.CONFIRMED)
    )


def _next_session_position(session_id: int) -> int:
    return 1 + (db.session.scalar(
        select(func.max(SessionChoice.waitlist_position)).where(
            SessionChoice.session_id == session_id, SessionChoice.status == ChoiceStatus.WAITLISTED
        )
    ) or 0)


def _has_room(capacity: int | None, taken: int) -> bool:
    return capacity is None or taken < capacity


def _close_event_gap(event_id: int, position: int) -> None:
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


# --- validation -------------------------------------------------------------------------------

def registration_closed_reason(event: Event) -> str | None:
    """Why a participant cannot register now, or None when they can."""
    now = clock.now()
    if event.status == EventStatus.CANCELLED:
        return "cancelled"
    if event.status != EventStatus.PUBLISHED:
        return "not_published"
    if event.ends_at < now:
        return "past"
    if event.registration_opens_at and now < event.registration_opens_at:
        return "not_yet_open"
    if event.registration_closes_at and now >= event.registration_closes_at:
        return "closed"
    return None


def validate_session_choice(event_id: int, session_ids: Iterable[int]) -> list[Session]:
    """The chosen sign-up sessions, or InvalidSessionChoice: unknown/other event, not a sign-up
    session, cancelled, or two that overlap in time (one per time slot)."""
    ids = sorted({int(i) for i in session_ids})
    if not ids:
        return []
    sessions = list(db.session.scalars(select(Session).where(Session.id.in_(ids)).order_by(Session.starts_at)))
    if len(sessions) != len(ids) or any(s.event_id != event_id for s in sessions):
        raise InvalidSessionChoice("unknown")
    for s in sessions:
        if s.kind not in SIGNUP_KINDS or s.status == SessionStatus.CANCELLED:
            raise InvalidSessionChoice("not_signup", (s.title,))
    for a, b in zip(sessions, sessions[1:], strict=False):
        if a.overlaps(b):
            raise InvalidSessionChoice("overlap", (a.title, b.title))
    return sessions


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def _apply(registration: Registration, applicant: Applicant) -> None:
    registration.first_name = applicant.first_name.strip()
    registration.last_name = applicant.last_name.strip()
    registration.email = _normalise_email(applicant.email)
    registration.phone = applicant.phone.strip()
    registration.organisation = applicant.organisation.strip()
    registration.municipality_number = applicant.municipality_number
    registration.job_title = applicant.job_title.strip()
    registration.years_as_leader = applicant.years_as_leader
    registration.invoice_org_number = applicant.invoice_org_number.strip()
    registration.invoice_reference = applicant.invoice_reference.strip()
    registration.role = applicant.role
    if applicant.health_consent:
        registration.health_consent_at = registration.health_consent_at or clock.now()
        registration.diet = ",".join(applicant.diet)
        registration.diet_other = applicant.diet_other.strip()
        registration.accessibility_needs = applicant.accessibility_needs.strip()
    else:
        _clear_health(registration)


def _clear_health(registration: Registration) -> None:
    registration.health_consent_at = None
    registration.diet = ""
    registration.diet_other = ""
    registration.accessibility_needs = ""


# --- seats in sessions ------------------------------------------------------------------------

def _take_session_place(registration: Registration, session: Session) -> SessionChoice:
    status, position = _session_place(session)
    choice = SessionChoice(registration=registration, session_id=session.id, status=status,
                           waitlist_position=position)
    db.session.add(choice)
    db.session.flush()
    return choice


def _session_place(session: Session) -> tuple[ChoiceStatus, int | None]:
    """A seat if there is one, else the next place in the session's queue."""
    if _has_room(session.capacity, _session_seats_taken(session.id)):
        return ChoiceStatus.CONFIRMED, None
    return ChoiceStatus.WAITLISTED, _next_session_position(session.id)


def _place_choice(choice: SessionChoice, session: Session) -> None:
    choice.status, choice.waitlist_position = _session_place(session)
    db.session.flush()


def _release_choice(choice: SessionChoice) -> list[SessionChoice]:
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

def _promote_from_event_waitlist(event: Event) -> list[Registration]:
    promoted = []
    while _has_room(event.capacity, _confirmed_count(event.id)):
        first = db.session.scalar(
            select(Registration).where(Registration.event_id == event.id,
                                       Registration.status == RegistrationStatus.WAITLISTED)
            .order_by(Registration.waitlist_position).limit(1)
        )
        if first is None:
            break
        _confirm(first)
        promoted.append(first)
        notify.promoted(first)
    return promoted


def _confirm(registration: Registration) -> None:
    position = registration.waitlist_position
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlist_position = None
    registration.confirmed_at = clock.now()
    db.session.flush()
    if position is not None:
        _close_event_gap(registration.event_id, position)
    _activate_choices(registration)


# --- the operations ---------------------------------------------------------------------------

def register(event_id: int, applicant: Applicant, session_ids: Iterable[int] = (), *,
             by_organiser: bool = False) -> Registration:
    """Register (confirmed, or on the waiting list when full). Raises a RegistrationError and
    stores nothing when the event is closed, the e-mail is already registered, or a session
    choice is not allowed. Organisers may register someone outside the window."""
    event = _lock_event(event_id)
    try:
        reason = registration_closed_reason(event)
        if reason and not (by_organiser and reason in {"not_yet_open", "closed"}):
            raise RegistrationClosed(reason)
        sessions = validate_session_choice(event.id, session_ids)
        email = _normalise_email(applicant.email)
        registration = db.session.scalar(
            select(Registration).where(Registration.event_id == event.id, Registration.email == email)
        )
        if registration is not None and registration.is_active:
            raise AlreadyRegistered(registration.id)
        if _has_room(event.capacity, _confirmed_count(event.id)):
            status, position = RegistrationStatus.CONFIRMED, None
        else:
            status, position = RegistrationStatus.WAITLISTED, _next_event_position(event.id)
        if registration is None:
            registration = Registration(event_id=event.id)
            links.assign_tokens(registration)
            db.session.add(registration)
        else:  # registering again after cancelling: the same row comes back to life
            registration.cancelled_at = None
            registration.choices = []
        _apply(registration, applicant)
        registration.privacy_accepted_at = clock.now()
        registration.status, registration.waitlist_position = status, position
        registration.confirmed_at = clock.now() if status == RegistrationStatus.CONFIRMED else None
        db.session.flush()
        for session in sessions:
            if registration.status == RegistrationStatus.CONFIRMED:
                _take_session_place(registration, session)
            else:
                db.session.add(SessionChoice(registration=registration, session_id=session.id,
                                             status=ChoiceStatus.PENDING))
        db.session.flush()
        notify.registered(registration)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return registration


def _check_deadline(event: Event, by_organiser: bool) -> None:
    if not by_organiser and event.change_deadline and clock.now() >= event.change_deadline:
        raise ChangeDeadlinePassed()


def cancel(registration_id: int, *, by_organiser: bool = False) -> Registration:
    """Cancel; frees the event seat and the session seats, promoting the first in each queue."""
    event, registration = _locked_registration(registration_id)
    try:
        if registration.status == RegistrationStatus.CANCELLED:
            db.session.commit()
            return registration
        _check_deadline(event, by_organiser)
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        position = registration.waitlist_position
        for choice in list(registration.choices):
            registration.choices.remove(choice)
            _release_choice(choice)
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlist_position = None
        registration.cancelled_at = clock.now()
        db.session.flush()
        if position is not None:
            _close_event_gap(event.id, position)
        notify.cancelled(registration)
        if was_confirmed:
            _promote_from_event_waitlist(event)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return registration


def change_sessions(registration_id: int, session_ids: Iterable[int], *, by_organiser: bool = False) -> Registration:
    """Replace the registration's sign-up sessions: kept choices keep their seat or place in the queue."""
    event, registration = _locked_registration(registration_id)
    try:
        if registration.status == RegistrationStatus.CANCELLED:
            raise NotFound(registration_id)
        _check_deadline(event, by_organiser)
        wanted = {s.id: s for s in validate_session_choice(event.id, session_ids)}
        current = {c.session_id: c for c in registration.choices}
        changed = False
        for session_id, choice in current.items():
            if session_id not in wanted:
                registration.choices.remove(choice)
                _release_choice(choice)
                changed = True
        for session_id, session in wanted.items():
            if session_id not in current:
                if registration.status == RegistrationStatus.CONFIRMED:
                    _take_session_place(registration, session)
                else:
                    db.session.add(SessionChoice(registration=registration, session_id=session_id,
                                                 status=ChoiceStatus.PENDING))
                changed = True
        db.session.flush()
        if changed:
            notify.changed(registration)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return registration


def update_details(registration_id: int, applicant: Applicant, *, by_organiser: bool = False) -> Registration:
    """Change name, organisation, health section …; the e-mail must stay unique within the event."""
    event, registration = _locked_registration(registration_id)
    try:
        _check_deadline(event, by_organiser)
        email = _normalise_email(applicant.email)
        clash = db.session.scalar(
            select(Registration.id).where(Registration.event_id == event.id, Registration.email == email,
                                          Registration.id != registration.id)
        )
        if clash is not None:
            raise AlreadyRegistered(clash)
        _apply(registration, applicant)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return registration


def withdraw_health_consent(registration_id: int) -> Registration:
    """Deletes diet, allergies and accessibility needs at once (allowed at any time)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise NotFound(registration_id)
    _clear_health(registration)
    db.session.commit()
    return registration


def confirm_from_waitlist(registration_id: int) -> Registration:
    """An organiser moves someone off the waiting list, even when that means one more than capacity."""
    _event, registration = _locked_registration(registration_id)
    try:
        if registration.status != RegistrationStatus.WAITLISTED:
            db.session.commit()
            return registration
        _confirm(registration)
        notify.promoted(registration)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return registration


def release_cancelled_session(session_id: int) -> list[int]:
    """A cancelled session gives back every seat and queue place it held (one transaction under the
    event lock). Returns the ids of the registrations that had chosen it. Sends no e-mail: whoever
    cancelled the session tells them why (app.program.editing.cancel_session)."""
    event_id = db.session.scalar(select(Session.event_id).where(Session.id == session_id))
    if event_id is None:
        raise NotFound(session_id)
    _lock_event(event_id)
    try:
        session = db.session.get(Session, session_id)
        if session.status != SessionStatus.CANCELLED:
            raise ValueError(f"session {session_id} is not cancelled")
        choices = list(db.session.scalars(select(SessionChoice).where(SessionChoice.session_id == session_id)))
        registration_ids = sorted({c.registration_id for c in choices})
        for choice in choices:
            db.session.delete(choice)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return registration_ids
