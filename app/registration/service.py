"""The rules of taking and giving back seats. Plain functions over the session; no request globals.

Every change to an event's seats runs in one transaction that first locks the event row
(SELECT … FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite), so capacity checks and the
change they allow happen as one step: the event and each sign-up session never overbook, and
waiting-list positions stay 1..n without gaps. Each function commits its own transaction and
queues its e-mails in it (app.registration.notify → the outbox). The seat mechanics these
operations use under the lock are in app.registration.seats.

Status changes of a registration happen only here (and in seats.py, called from here).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core import clock
from app.core.database import begin_serialized, commit_keeping_state
from app.core.urls import is_row_id
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
from app.registration import links, notify, seats
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
    if not all(is_row_id(i) for i in ids):
        raise InvalidSessionChoice("unknown")  # no such row, and PostgreSQL would refuse to look
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


# --- the operations ---------------------------------------------------------------------------

def register(event_id: int, applicant: Applicant, session_ids: Iterable[int] = (), *,
             by_organiser: bool = False) -> Registration:
    """Register (confirmed, or on the waiting list when full). Raises a RegistrationError and
    stores nothing when the event is closed, the e-mail is already registered, or a session
    choice is not allowed. Organisers may register someone outside the window.

    What needs no lock is read first, in the same transaction: the event row is locked only for
    counting, inserting, queuing the e-mail and committing (the rush benchmark measures this)."""
    begin_serialized()
    try:
        email = _normalise_email(applicant.email)
        try:
            sessions, choice_error = validate_session_choice(event_id, session_ids), None
        except InvalidSessionChoice as exc:
            sessions, choice_error = [], exc
        registration = _registration_by_email(event_id, email)
        if registration is not None and registration.is_active:
            raise AlreadyRegistered(registration.id)
        if registration is None:  # built (tokens derived, fields set) before the lock, added after it
            registration = Registration(event_id=event_id, choices=[])  # an empty, loaded list: no lazy load
            links.assign_tokens(registration)
            _apply(registration, applicant)
        event = seats.lock_event_row(event_id)
        reason = registration_closed_reason(event)
        if reason and not (by_organiser and reason in {"not_yet_open", "closed"}):
            raise RegistrationClosed(reason)
        if choice_error is not None:
            raise choice_error
        if registration.id is not None:  # registering again after cancelling
            registration = _revive(event_id, email, applicant)
        registration.status, registration.waitlist_position = seats.event_place(event)
        registration.privacy_accepted_at = clock.now()
        registration.confirmed_at = clock.now() if registration.status == RegistrationStatus.CONFIRMED else None
        confirmed = registration.status == RegistrationStatus.CONFIRMED
        places = seats.session_places(sessions) if confirmed else {}
        registration.event = event  # the locked row (the e-mail's subject names it)
        db.session.add(registration)
        for session in sessions:
            status, position = places.get(session.id, (ChoiceStatus.PENDING, None))
            db.session.add(SessionChoice(registration=registration, session=session, status=status,
                                         waitlist_position=position))
        notify.registered(registration)
        # One flush for the registration, its choices and its e-mail: few round trips under the lock.
        _flush_new(registration, event_id, email)
        commit_keeping_state()  # the confirmation page shows it without reading it back
    except BaseException:
        db.session.rollback()
        raise
    return registration


def _revive(event_id: int, email: str, applicant: Applicant) -> Registration:
    """The cancelled registration comes back to life (the same row), read again under the lock."""
    registration = _registration_by_email(event_id, email, fresh=True)
    if registration.is_active:
        raise AlreadyRegistered(registration.id)
    registration.cancelled_at = None
    registration.choices = []
    _apply(registration, applicant)
    return registration


def _registration_by_email(event_id: int, email: str, *, fresh: bool = False) -> Registration | None:
    stmt = select(Registration).where(Registration.event_id == event_id, Registration.email == email)
    if fresh:
        stmt = stmt.execution_options(populate_existing=True)
    return db.session.scalar(stmt)


def _flush_new(registration: Registration, event_id: int, email: str) -> None:
    """Insert; the same e-mail registering at this very moment in another transaction loses to
    the unique constraint (event, e-mail) and is told it is already registered."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        winner = db.session.scalar(select(Registration.id).where(Registration.event_id == event_id,
                                                                 Registration.email == email))
        if winner is None:
            raise
        raise AlreadyRegistered(winner) from None


def participant_may_change(registration: Registration) -> bool:
    """The participant may still change or cancel on their own: an active registration for a
    published event that has not ended, before its change deadline."""
    event = registration.event
    deadline = event.change_deadline
    return (registration.is_active and event.status == EventStatus.PUBLISHED and not event.is_past
            and (deadline is None or clock.now() < deadline))


def _check_deadline(event: Event, by_organiser: bool) -> None:
    if not by_organiser and event.change_deadline and clock.now() >= event.change_deadline:
        raise ChangeDeadlinePassed()


def cancel(registration_id: int, *, by_organiser: bool = False) -> Registration:
    """Cancel; frees the event seat and the session seats, promoting the first in each queue."""
    event, registration = seats.locked_registration(registration_id)
    try:
        if registration.status == RegistrationStatus.CANCELLED:
            db.session.commit()
            return registration
        _check_deadline(event, by_organiser)
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        position = registration.waitlist_position
        for choice in list(registration.choices):
            registration.choices.remove(choice)
            seats.release_choice(choice)
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlist_position = None
        registration.cancelled_at = clock.now()
        db.session.flush()
        if position is not None:
            seats.close_event_gap(event.id, position)
        notify.cancelled(registration)
        if was_confirmed:
            seats.promote_from_event_waitlist(event)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return registration


def change_sessions(registration_id: int, session_ids: Iterable[int], *, by_organiser: bool = False) -> Registration:
    """Replace the registration's sign-up sessions: kept choices keep their seat or place in the queue."""
    event, registration = seats.locked_registration(registration_id)
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
                seats.release_choice(choice)
                changed = True
        for session_id, session in wanted.items():
            if session_id not in current:
                if registration.status == RegistrationStatus.CONFIRMED:
                    seats.take_session_place(registration, session)
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
    event, registration = seats.locked_registration(registration_id)
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
    _event, registration = seats.locked_registration(registration_id)
    try:
        if registration.status != RegistrationStatus.WAITLISTED:
            db.session.commit()
            return registration
        seats.confirm(registration)
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
    seats.lock_event(event_id)
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
