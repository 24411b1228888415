"""The rules of taking and giving back seats. Plain functions over the session; no request globals.

Every change to an event's seats runs in one transaction that first locks the event row
(SELECT … FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite), so capacity checks and the
change they allow happen as one step: the event and each sign-up session never overbook, and
waiting-list positions stay 1..n without gaps. Each function works in the caller's transaction
(app.core.transaction: the route or command commits, or rolls back on the error raised here),
queues its e-mails in it (app.registration.notify → the outbox) and, when an organiser acts
(`actor`), records the audit entry in it (app.registration.audit); a participant's own changes
(`actor=None`) are not audited. The seat mechanics these operations use under the lock are in
app.registration.seats.

Status changes of a registration happen only here (and in seats.py, called from here).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import Row, bindparam, insert, select

from app.audit.log import Actor
from app.core import clock
from app.core.database import adopt, begin_serialized
from app.core.urls import is_row_id
from app.extensions import db
from app.invoicing import prices
from app.invoicing import service as invoicing
from app.models import (
    SIGNUP_KINDS,
    ChoiceStatus,
    Event,
    EventStatus,
    ParticipantRole,
    Registration,
    RegistrationStatus,
    SchoolSize,
    Session,
    SessionChoice,
    SessionStatus,
    YearsBand,
)
from app.peer_groups import service as peer_groups
from app.registration import add_ons, audit, links, notify, seats, window
from app.registration.errors import (
    AlreadyRegistered,
    ChangeDeadlinePassed,
    InvalidAddOn,
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
    school_size: SchoolSize | None = None
    phone: str = ""
    invoice_org_number: str = ""
    invoice_reference: str = ""
    health_consent: bool = False
    diet: Sequence[str] = field(default_factory=tuple)
    diet_other: str = ""
    accessibility_needs: str = ""
    role: ParticipantRole = ParticipantRole.PARTICIPANT
    # The price (app.invoicing.prices; checked here when given) and the add-ons (app.registration.add_ons).
    price_category_id: int | None = None
    access_code: str = ""
    add_on_ids: Sequence[int] = field(default_factory=tuple)


# --- validation -------------------------------------------------------------------------------

def registration_closed_reason(event: Event | Row) -> str | None:
    """Why a participant cannot register now (the phase: "not_yet_open", "closed", "past", …), or None
    when they can (app/registration/window.py)."""
    phase = window.phase(event)
    return None if phase == window.RegistrationPhase.OPEN else phase.value


_SESSIONS = Session.__table__.c
_CHOSEN_SESSIONS = (
    select(_SESSIONS.id, _SESSIONS.event_id, _SESSIONS.kind, _SESSIONS.status, _SESSIONS.title,
           _SESSIONS.starts_at, _SESSIONS.ends_at, _SESSIONS.capacity)
    .where(_SESSIONS.id.in_(bindparam("ids", expanding=True))).order_by(_SESSIONS.starts_at)
)


def validate_session_choice(event_id: int, session_ids: Iterable[int]) -> list[Row]:
    """The chosen sign-up sessions (rows: id, event_id, kind, status, title, starts_at, ends_at,
    capacity), or InvalidSessionChoice: unknown/other event, not a sign-up session, cancelled, or
    two that overlap in time (one per time slot)."""
    ids = sorted({int(i) for i in session_ids})
    if not ids:
        return []
    if not all(is_row_id(i) for i in ids):
        raise InvalidSessionChoice("unknown")  # no such row, and PostgreSQL would refuse to look
    sessions = list(db.session.connection().execute(_CHOSEN_SESSIONS, {"ids": ids}))
    if len(sessions) != len(ids) or any(s.event_id != event_id for s in sessions):
        raise InvalidSessionChoice("unknown")
    for s in sessions:
        if s.kind not in SIGNUP_KINDS or s.status == SessionStatus.CANCELLED:
            raise InvalidSessionChoice("not_signup", (s.title,))
    for a, b in zip(sessions, sessions[1:], strict=False):
        if Session.overlaps(a, b):  # the model's rule, on the rows
            raise InvalidSessionChoice("overlap", (a.title, b.title))
    return sessions


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def _fields(applicant: Applicant) -> dict:
    """The registration's columns an applicant fills in (the health section only with consent)."""
    fields = {
        "first_name": applicant.first_name.strip(), "last_name": applicant.last_name.strip(),
        "email": _normalise_email(applicant.email), "phone": applicant.phone.strip(),
        "organisation": applicant.organisation.strip(), "municipality_number": applicant.municipality_number,
        "job_title": applicant.job_title.strip(), "years_as_leader": applicant.years_as_leader,
        "school_size": applicant.school_size,
        "invoice_org_number": applicant.invoice_org_number.strip(),
        "invoice_reference": applicant.invoice_reference.strip(), "role": applicant.role,
        "health_consent_at": None, "diet": "", "diet_other": "", "accessibility_needs": "",
    }
    if applicant.health_consent:
        fields.update(health_consent_at=clock.now(), diet=",".join(applicant.diet),
                      diet_other=applicant.diet_other.strip(), accessibility_needs=applicant.accessibility_needs.strip())
    return fields


def _apply(registration: Registration, applicant: Applicant) -> None:
    consented_at = registration.health_consent_at
    for name, value in _fields(applicant).items():
        setattr(registration, name, value)
    if applicant.health_consent and consented_at is not None:
        registration.health_consent_at = consented_at  # consent given earlier stays dated then


def replace_person(registration: Registration, applicant: Applicant) -> None:
    """Another person in the same registration (a group's replacement, app.registration.groups): every
    field as given, the health section of the one before emptied (it was theirs)."""
    _apply(registration, replace(applicant, health_consent=False))


def _clear_health(registration: Registration) -> None:
    registration.health_consent_at = None
    registration.diet = ""
    registration.diet_other = ""
    registration.accessibility_needs = ""


# --- the operations ---------------------------------------------------------------------------

def register(event_id: int, applicant: Applicant, session_ids: Iterable[int] = (), *,
             actor: Actor | None = None) -> Registration:
    """Register (confirmed, or on the waiting list when full). Raises a RegistrationError, having
    written nothing, when the event is closed, the e-mail is already registered, or a session
    choice is not allowed. An organiser (`actor`) may register someone outside the window.

    This is the path of a registration rush (the benchmark measures it), so it is lean: what
    needs no lock is read and built first (the chosen sessions, the tokens); under the event's
    lock go one query for the places and the e-mail's earlier registration, then one INSERT each
    for the registration, its choices and its e-mail — plain statements, with the ORM object made
    from what was written (`adopt`), not read back (the caller commits with
    `transaction(keep_state=True)`: the confirmation page shows it without reading it back)."""
    begin_serialized()
    sessions, choice_error = checked_session_choice(event_id, session_ids)
    price, extras = None, []
    if choice_error is None:
        price, extras, choice_error = checked_prices(event_id, applicant)
    values = new_values(event_id, applicant, **prices.frozen(price))
    event = seats.lock_event_for_registration(event_id)
    check_window(event, actor)
    if choice_error is not None:
        raise choice_error
    registration = insert_locked(event, values, sessions, extras)
    if actor is not None:
        audit.record_change(actor, "create", registration, {})
    invoicing.after_change(registration, actor, new=True)
    return registration


def checked_session_choice(event_id: int, session_ids: Iterable[int]) -> tuple[list[Row], InvalidSessionChoice | None]:
    """`validate_session_choice` before the lock, its error kept to be raised after the window's check."""
    try:
        return validate_session_choice(event_id, session_ids), None
    except InvalidSessionChoice as exc:
        return [], exc


def new_values(event_id: int, applicant: Applicant, **extra) -> dict:
    """A new registration's columns that need no lock: what was filled in and fresh tokens."""
    return {"event_id": event_id, "group_id": None, **_fields(applicant), **links.new_tokens(), **extra}


def check_window(event: Row, actor: Actor | None) -> None:
    """RegistrationClosed unless the window is open (an organiser may register before and after it)."""
    reason = registration_closed_reason(event)
    if reason and not (actor is not None and reason in {"not_yet_open", "closed"}):
        raise RegistrationClosed(reason)


def insert_locked(event: Row, values: dict, sessions: list[Row], extras: Sequence = ()) -> Registration:
    """The write path of one new registration, under the event's lock (`seats.lock_event_for_registration`):
    its seat or waiting-list place and its session places, then the rows and the confirmation e-mail.
    AlreadyRegistered, having written nothing, when the e-mail has an active registration."""
    places = seats.new_registration_places(event, values["email"], sessions)
    if places.same_email is not None and places.same_email[1]:
        raise AlreadyRegistered(places.same_email[0])
    add_ons.check_room(extras)  # AddOnFull: nothing written yet
    (status, position), now = places.event, clock.now()
    values = {**values, "status": status, "waitlist_position": position, "privacy_accepted_at": now,
              "confirmed_at": now if status == RegistrationStatus.CONFIRMED else None,
              "created_at": now, "updated_at": now}
    if places.same_email is None:
        registration = adopt(Registration, db.session.connection().execute(_INSERT, values).scalar_one(), values)
    else:
        registration = _revive(places.same_email[0], values)
    seats.insert_choices(registration.id, places.sessions)
    add_ons.insert_held(registration.id, extras)
    db.session.expire(registration, ["choices", "add_ons"])  # written just now, read when first used
    notify.registered(registration, event=event,
                      choices=[(sid, st, pos) for sid, (st, pos) in places.sessions.items()])
    return registration


_INSERT = insert(Registration.__table__).returning(Registration.__table__.c.id)


def checked_prices(event_id: int, applicant: Applicant) -> tuple[object, list[Row], Exception | None]:
    """Before the lock: the applicant's price category and add-on rows, or the error (InvalidAddOn,
    prices.PriceNotApplicable) kept to be raised after the window's check. A group takes each colleague's
    the same way (app.registration.groups)."""
    try:
        return _price(event_id, applicant), add_ons.validate(event_id, applicant.add_on_ids), None
    except (InvalidAddOn, prices.PriceNotApplicable) as exc:
        return None, [], exc


def _price(event_id: int, applicant: Applicant):
    """The applicant's price category, checked (prices.PriceNotApplicable); None when none was given (an event
    without categories: the caller offers the choice, and passes the default when the person made none)."""
    if applicant.price_category_id is None and not applicant.access_code.strip():
        return None
    return prices.choose(event_id, applicant.price_category_id, kommune_number=applicant.municipality_number,
                         code=applicant.access_code)


def _revive(registration_id: int, values: dict) -> Registration:
    """A cancelled registration of the same e-mail comes back to life: the same row, its links
    unchanged, its old choices gone, everything else as newly given (consent too)."""
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    registration.choices = []
    add_ons.release_all(registration_id)
    for name, value in values.items():
        if name not in links.TOKEN_COLUMNS and name != "created_at":
            setattr(registration, name, value)
    registration.cancelled_at = None
    db.session.flush()
    return registration


def participant_may_change(registration: Registration) -> bool:
    """The participant may still change or cancel on their own: an active registration for a
    published event that has not ended, before its change deadline."""
    return registration.is_active and window.participant_may_change(registration.event)


def _check_deadline(event: Event, actor: Actor | None) -> None:
    if actor is None and not window.before_change_deadline(event):
        raise ChangeDeadlinePassed()


def cancel(registration_id: int, *, actor: Actor | None = None) -> Registration:
    """Cancel; frees the event seat and the session seats, promoting the first in each queue."""
    event, registration = seats.locked_registration(registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    _check_deadline(event, actor)
    before = audit.state(registration) if actor is not None else None
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    position = registration.waitlist_position
    removed = calendar_sessions(event, registration)
    for choice in list(registration.choices):
        registration.choices.remove(choice)
        seats.release_choice(choice)
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlist_position = None
    registration.cancelled_at = clock.now()
    db.session.flush()
    add_ons.release_all(registration.id)  # the dinner seat or hotel room goes back to the quota
    db.session.expire(registration, ["add_ons"])
    peer_groups.leave(registration)  # out of her kollegagruppe; nobody else moves (the organiser is told)
    if position is not None:
        seats.close_event_gap(event.id, position)
    _leave_calendar(registration, removed)
    notify.cancelled(registration, removed)
    if was_confirmed:
        seats.promote_from_event_waitlist(event)
    if actor is not None:
        audit.record_change(actor, "cancel", registration, before)
    invoicing.after_change(registration, actor)
    return registration


def calendar_sessions(event: Event, registration: Registration) -> list[int]:
    """The sessions the participant's e-mailed program holds (app.calendar.attachments): those
    everybody attends and the ones they chose, in a published event."""
    if event.status != EventStatus.PUBLISHED:
        return []
    common = db.session.scalars(select(Session.id).where(
        Session.event_id == event.id, Session.status != SessionStatus.CANCELLED, Session.kind.not_in(SIGNUP_KINDS)))
    return sorted({*common, *(c.session_id for c in registration.choices)})


def _leave_calendar(registration: Registration, session_ids: list[int]) -> None:
    """Sessions leave the participant's calendar: the METHOD:CANCEL for them must outrank every
    .ics sent before (its SEQUENCE adds this count, app.calendar.attachments)."""
    if session_ids:
        registration.calendar_sequence += 1


def change_sessions(registration_id: int, session_ids: Iterable[int], *, actor: Actor | None = None) -> Registration:
    """Replace the registration's sign-up sessions: kept choices keep their seat or place in the queue."""
    event, registration = seats.locked_registration(registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        raise NotFound(registration_id)
    _check_deadline(event, actor)
    wanted = {s.id: s for s in validate_session_choice(event.id, session_ids)}
    before = audit.state(registration) if actor is not None else None
    current = {c.session_id: c for c in registration.choices}
    changed = False
    dropped = []
    for session_id, choice in current.items():
        if session_id not in wanted:
            registration.choices.remove(choice)
            seats.release_choice(choice)
            dropped.append(session_id)
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
    if dropped and event.status == EventStatus.PUBLISHED:
        _leave_calendar(registration, dropped)
        notify.sessions_dropped(registration, dropped)
    if actor is not None:
        audit.record_change(actor, "update", registration, before)
    return registration


def change_add_ons(registration_id: int, add_on_ids: Iterable[int], *, actor: Actor | None = None) -> Registration:
    """The registration holds exactly these add-ons: kept ones keep their price, new ones need room under the
    event's lock (AddOnFull, InvalidAddOn: nothing changed)."""
    event, registration = seats.locked_registration(registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        raise NotFound(registration_id)
    _check_deadline(event, actor)
    before = audit.state(registration) if actor is not None else None
    if add_ons.change(registration.id, event.id, add_on_ids):
        db.session.expire(registration, ["add_ons"])
        notify.changed(registration)
        if actor is not None:
            audit.record_change(actor, "update", registration, before)
    return registration


def update_details(registration_id: int, applicant: Applicant, *, actor: Actor | None = None) -> Registration:
    """Change name, organisation, health section …; the e-mail must stay unique within the event."""
    event, registration = seats.locked_registration(registration_id)
    _check_deadline(event, actor)
    email = _normalise_email(applicant.email)
    clash = db.session.scalar(
        select(Registration.id).where(Registration.event_id == event.id, Registration.email == email,
                                      Registration.id != registration.id)
    )
    if clash is not None:
        raise AlreadyRegistered(clash)
    before = audit.state(registration) if actor is not None else None
    _apply(registration, applicant)
    if actor is not None:
        audit.record_change(actor, "update", registration, before)
    invoicing.after_change(registration, actor)
    return registration


def withdraw_health_consent(registration_id: int) -> Registration:
    """Deletes diet, allergies and accessibility needs at once (allowed at any time)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise NotFound(registration_id)
    _clear_health(registration)
    return registration


def confirm_from_waitlist(registration_id: int, *, actor: Actor) -> Registration:
    """An organiser moves someone off the waiting list, even when that means one more than capacity."""
    _event, registration = seats.locked_registration(registration_id)
    if registration.status != RegistrationStatus.WAITLISTED:
        return registration
    before = audit.state(registration)
    seats.confirm(registration)
    notify.promoted(registration)
    audit.record_change(actor, "confirm", registration, before)
    invoicing.after_change(registration, actor)
    return registration


def lock_seats(event_id: int) -> Event:
    """Begin a transaction holding the event's seat lock, for a change to what decides the seats (the
    event's or a session's capacity). The caller makes the change and calls `fill_free_seats`."""
    return seats.lock_event(event_id)


def fill_free_seats(event: Event, session_id: int | None = None) -> None:
    """After a capacity change, in the caller's transaction under `lock_seats`: the first in the queue
    take the seats there now are, in order, with the usual e-mail — the event's waiting list, or with
    `session_id` that session's queue. The same rule as when a cancellation frees a seat."""
    if session_id is None:
        seats.promote_from_event_waitlist(event)
    else:
        seats.promote_in_session(session_id)


def release_cancelled_session(session_id: int) -> list[int]:
    """A cancelled session gives back every seat and queue place it held (under the event lock, in the
    caller's transaction). Returns the ids of the registrations that had chosen it. Sends no e-mail: whoever
    cancelled the session tells them why (app.program.editing.cancel_session)."""
    event_id = db.session.scalar(select(Session.event_id).where(Session.id == session_id))
    if event_id is None:
        raise NotFound(session_id)
    seats.lock_event(event_id)
    session = db.session.get(Session, session_id)
    if session.status != SessionStatus.CANCELLED:
        raise ValueError(f"session {session_id} is not cancelled")
    choices = list(db.session.scalars(select(SessionChoice).where(SessionChoice.session_id == session_id)))
    registration_ids = sorted({c.registration_id for c in choices})
    for choice in choices:
        db.session.delete(choice)
    db.session.flush()
    return registration_ids
