"""Group registration: a contact person signs up several colleagues from one kommune, with one payer.

The whole group is written in ONE transaction under the event's lock, each colleague through the same
per-person write path as a single registration (`service.insert_locked`). Before that, the contact is shown
how many would get a seat and how many would go on the waiting list (`split`); the confirming request
passes that split back, and if the seats have changed under the lock, `SplitChanged` says the new one and
nothing is written. The contact's page (`/group/<token>`) adds, replaces and cancels colleagues; every
change is audited with the contact as the actor and e-mailed to the colleague it concerns.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.audit.log import Actor, record
from app.core import tokens
from app.core.database import begin_serialized
from app.extensions import db
from app.invoicing import prices
from app.invoicing import service as invoicing
from app.models import Event, Registration, RegistrationGroup, RegistrationStatus
from app.registration import audit, group_mail, links, seats, service, window
from app.registration.errors import (
    AlreadyRegistered,
    ChangeDeadlinePassed,
    EmailsTaken,
    NotFound,
    ReplacementDeadlinePassed,
    SplitChanged,
)
from app.registration.service import Applicant

TOKEN_PURPOSE = "group"


@dataclass(frozen=True)
class Split:
    """How many of a group get a seat now and how many go on the waiting list."""

    seated: int
    waitlisted: int

    def __str__(self) -> str:
        return f"{self.seated}:{self.waitlisted}"

    @classmethod
    def parse(cls, text: str | None) -> Split | None:
        parts = (text or "").split(":")
        if len(parts) != 2 or not all(p.isdigit() and len(p) < 5 for p in parts):
            return None
        return cls(int(parts[0]), int(parts[1]))


@dataclass
class Contact:
    name: str
    email: str
    phone: str = ""
    municipality_number: str | None = None
    organisation: str = ""
    invoice_org_number: str = ""
    invoice_reference: str = ""


@dataclass
class Colleague:
    applicant: Applicant
    session_ids: Sequence[int] = field(default_factory=tuple)


def contact_actor(group: RegistrationGroup | Contact) -> Actor:
    name = group.contact_name if isinstance(group, RegistrationGroup) else group.name
    return Actor("participant", f"{name} (kontaktperson for gruppe)")


def _split_of(free: int | None, n: int) -> Split:
    seated = n if free is None else min(free, n)
    return Split(seated, n - seated)


def split(event_id: int, n: int) -> Split:
    """The split as it stands now (no lock: what the contact is shown before confirming)."""
    capacity = db.session.scalar(select(Event.capacity).where(Event.id == event_id))
    return _split_of(seats.free_event_seats(event_id, capacity), n)


def taken_emails(event_id: int, emails: Sequence[str]) -> set[str]:
    """Which of `emails` (lower-case) have an active registration for the event."""
    if not emails:
        return set()
    return set(db.session.scalars(select(Registration.email).where(
        Registration.event_id == event_id, Registration.email.in_(list(emails)),
        Registration.status != RegistrationStatus.CANCELLED)))


def register_group(event_id: int, contact: Contact, colleagues: Sequence[Colleague], expected: Split, *,
                   actor: Actor | None = None) -> tuple[RegistrationGroup, list[Registration], str]:
    """Register the whole group, or nothing: RegistrationClosed, InvalidSessionChoice, InvalidAddOn,
    prices.PriceNotApplicable, EmailsTaken, AddOnFull (a quota the group would overfill), or SplitChanged
    when the seats are no longer as `expected` says. Returns the group, its registrations
    and the group page's token (given out only here, in the contact's e-mail and the answer)."""
    begin_serialized()
    checked = [_checked(event_id, c) for c in colleagues]
    values = [service.new_values(event_id, c.applicant, **prices.frozen(checks[1]))
              for c, checks in zip(colleagues, checked, strict=True)]
    token = tokens.derive(TOKEN_PURPOSE, tokens.new_salt())
    event = seats.lock_event_for_registration(event_id)
    service.check_window(event, actor)
    for *_rest, error in checked:
        if error is not None:
            raise error
    taken = taken_emails(event_id, [v["email"] for v in values])
    if taken:
        raise EmailsTaken(taken)
    now_split = _split_of(seats.free_event_seats(event_id, event.capacity), len(values))
    if now_split != expected:
        raise SplitChanged(now_split)
    group = _new_group(event_id, contact, token)
    registrations = [service.insert_locked(event, {**v, "group_id": group.id}, sessions, extras)  # AddOnFull
                     for v, (sessions, _price, extras, _error) in zip(values, checked, strict=True)]
    who = actor or contact_actor(contact)
    for registration in registrations:
        audit.record_change(who, "create", registration, {})
    invoicing.after_change(registrations[-1], who, new=True)  # one payer for all: one invoice
    group_mail.group_created(group, token, registrations)
    return group, registrations, token


def _checked(event_id: int, colleague: Colleague) -> tuple[list, object, list, Exception | None]:
    """Before the lock, as `service.register` checks one person: the sessions, the price and the add-ons
    (sessions, price category, add-on rows, the first error to raise after the window's check)."""
    sessions, error = service.checked_session_choice(event_id, colleague.session_ids)
    price, extras, price_error = service.checked_prices(event_id, colleague.applicant)
    return sessions, price, extras, error or price_error


def _new_group(event_id: int, contact: Contact, token: str) -> RegistrationGroup:
    group = RegistrationGroup(
        event_id=event_id, contact_name=contact.name.strip(), contact_email=contact.email.strip().lower(),
        contact_phone=contact.phone.strip(), municipality_number=contact.municipality_number,
        organisation=contact.organisation.strip(), invoice_org_number=contact.invoice_org_number.strip(),
        invoice_reference=contact.invoice_reference.strip(), token_hash=tokens.digest(token))
    db.session.add(group)
    db.session.flush()
    record(contact_actor(contact), "registration_group", group.id, "create",
           {"contact_name": [None, group.contact_name], "contact_email": [None, group.contact_email],
            "invoice_org_number": [None, group.invoice_org_number],
            "invoice_reference": [None, group.invoice_reference]}, event_id=event_id)
    return group


def by_token(token: str) -> RegistrationGroup | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(RegistrationGroup).where(
        RegistrationGroup.token_hash == tokens.digest(token), RegistrationGroup.revoked_at.is_(None)))


def with_group(applicant: Applicant, group: RegistrationGroup | Contact) -> Applicant:
    """A colleague's applicant with the group's workplace, kommune and payer (one for all)."""
    applicant.organisation = group.organisation
    applicant.municipality_number = group.municipality_number
    applicant.invoice_org_number = group.invoice_org_number
    applicant.invoice_reference = group.invoice_reference
    return applicant


def add_colleague(group_id: int, colleague: Colleague) -> Registration:
    """One more colleague in the group, with the same rules as the first ones (a seat, or the waiting list)."""
    group = _group(group_id)
    begin_serialized()
    with_group(colleague.applicant, group)
    sessions, price, extras, error = _checked(group.event_id, colleague)
    values = service.new_values(group.event_id, colleague.applicant, group_id=group.id, **prices.frozen(price))
    event = seats.lock_event_for_registration(group.event_id)
    service.check_window(event, None)
    if error is not None:
        raise error
    registration = service.insert_locked(event, values, sessions, extras)
    audit.record_change(contact_actor(group), "create", registration, {})
    invoicing.after_change(registration, contact_actor(group), new=True)
    return registration


def _group(group_id: int) -> RegistrationGroup:
    group = db.session.get(RegistrationGroup, group_id)
    if group is None:
        raise NotFound(group_id)
    return group


def _member(group: RegistrationGroup, registration_id: int) -> tuple[Event, Registration]:
    event, registration = seats.locked_registration(registration_id)
    if registration.group_id != group.id or registration.status == RegistrationStatus.CANCELLED:
        raise NotFound(registration_id)
    return event, registration


def replace_colleague(group_id: int, registration_id: int, applicant: Applicant) -> Registration:
    """Another colleague takes this one's seat and choices: new name, e-mail, job and links (the old
    manage link, badge and calendar stop working), health details emptied. Free until the registration
    deadline; after it ReplacementDeadlinePassed. The one replaced and the new one are both told."""
    group = _group(group_id)
    event, registration = _member(group, registration_id)
    if not window.may_replace(event):
        raise ReplacementDeadlinePassed()
    email = applicant.email.strip().lower()
    clash = db.session.scalar(select(Registration.id).where(
        Registration.event_id == event.id, func.lower(Registration.email) == email, Registration.id != registration.id))
    if clash is not None:
        raise AlreadyRegistered(clash)
    before = audit.state(registration)
    old_name, old_email = registration.full_name, registration.email
    farewell = group_mail.calendar_farewell(event, registration, service.calendar_sessions(event, registration))
    service.replace_person(registration, with_group(applicant, group))
    links.assign_tokens(registration)
    audit.record_change(contact_actor(group), "replace", registration, before)
    group_mail.replaced(registration, old_name, old_email, farewell)
    return registration


def cancel_colleague(group_id: int, registration_id: int) -> Registration:
    """Cancel one colleague's registration (their seat goes to the waiting list), within the event's
    cancellation rule: until the change deadline (ChangeDeadlinePassed after it)."""
    group = _group(group_id)
    event, _registration = _member(group, registration_id)
    if not window.participant_may_change(event):
        raise ChangeDeadlinePassed()
    return service.cancel(registration_id, actor=contact_actor(group))
