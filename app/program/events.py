"""Creating and changing events: details, registration window, capacity, fee and deadlines; publishing
and cancelling. Every change is audited (old → new) in its own transaction.

A new start day can take the programme along (`update_event(..., move_program=True)`): every session
moves by as many days as the start day did, at the same Oslo wall-clock time (`clock.shift_days`, as
copying an event does), with its revision raised so calendar clients take the new times."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select

from app.audit.log import Actor, diff, record, snapshot
from app.core import clock
from app.core.drafts import draft_from
from app.extensions import db
from app.models import Event, EventKind, EventStatus, SessionStatus, Venue
from app.program.errors import Invalid, NotFound
from app.registration import service as registration_service

REMINDER_DAYS = 7  # the reminder before an event, unless its organiser says otherwise (app/reminders)
MEETING_URL = re.compile(r"^https?://", re.IGNORECASE)  # a link participants open: never javascript: or the like
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
AUDIT_FIELDS = ("slug", "title", "kind", "theme", "description", "starts_at", "ends_at", "is_online", "capacity",
                "registration_opens_at", "registration_closes_at", "change_deadline", "speaker_deadline", "fee_nok",
                "contact_name", "contact_email", "meeting_url", "reminder_days", "status")


@dataclass(frozen=True)
class EventDraft:
    slug: str
    title: str
    kind: EventKind
    starts_at: datetime
    ends_at: datetime
    theme: str = ""
    description: str = ""
    venue_id: int | None = None
    is_online: bool = False
    capacity: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    change_deadline: datetime | None = None
    speaker_deadline: datetime | None = None
    fee_nok: int | None = None
    contact_name: str = ""
    contact_email: str = ""
    meeting_url: str = ""
    reminder_days: int = REMINDER_DAYS


def draft_of(event: Event) -> EventDraft:
    return draft_from(EventDraft, event)


def audit_state(event: Event) -> dict:
    state = snapshot(event, AUDIT_FIELDS)
    venue = db.session.get(Venue, event.venue_id) if event.venue_id is not None else None
    state["venue"] = venue.name if venue else None
    return state


def get(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound(event_id)
    return event


def slug_taken(slug: str, except_id: int | None = None) -> bool:
    stmt = select(Event.id).where(Event.slug == slug)
    if except_id is not None:
        stmt = stmt.where(Event.id != except_id)
    return db.session.scalar(stmt) is not None


def validate(draft: EventDraft, event_id: int | None = None) -> None:
    """Raise Invalid({field: reason}) when the draft cannot be saved."""
    errors = {}
    if not SLUG.match(draft.slug or ""):
        errors["slug"] = "format"
    elif slug_taken(draft.slug, event_id):
        errors["slug"] = "taken"
    if not draft.title.strip():
        errors["title"] = "required"
    if draft.ends_at <= draft.starts_at:
        errors["ends_at"] = "ends_before_starts"
    if draft.registration_opens_at and draft.registration_closes_at \
            and draft.registration_closes_at <= draft.registration_opens_at:
        errors["registration_closes_at"] = "closes_before_opens"
    if draft.registration_closes_at and draft.registration_closes_at > draft.ends_at:
        errors["registration_closes_at"] = "after_event"
    for name in ("capacity", "fee_nok", "reminder_days"):
        value = getattr(draft, name)
        if value is not None and value < 0:
            errors[name] = "negative"
    if draft.meeting_url and not MEETING_URL.match(draft.meeting_url):
        errors["meeting_url"] = "format"
    if draft.venue_id is not None and db.session.get(Venue, draft.venue_id) is None:
        errors["venue_id"] = "unknown"
    if errors:
        raise Invalid(errors)


def _apply(event: Event, draft: EventDraft) -> None:
    for f in fields(EventDraft):
        value = getattr(draft, f.name)
        setattr(event, f.name, value.strip() if isinstance(value, str) else value)


def create_event(draft: EventDraft, actor: Actor) -> Event:
    """A new event, as a draft until it is published."""
    validate(draft)
    event = Event(status=EventStatus.DRAFT)
    _apply(event, draft)
    db.session.add(event)
    db.session.flush()
    record(actor, "event", event.id, "create", diff({}, audit_state(event)), event_id=event.id)
    db.session.flush()
    return event


@dataclass(frozen=True)
class ProgramShift:
    """What a new start day means for the programme: `days` (0: the same day) and how many sessions."""

    days: int
    sessions: int


def program_shift(event: Event, draft: EventDraft) -> ProgramShift:
    days = (clock.oslo(draft.starts_at).date() - clock.oslo(event.starts_at).date()).days
    return ProgramShift(days, len(event.sessions) if days else 0)


def _move_program(event: Event, days: int) -> int:
    for session in event.sessions:
        session.starts_at = clock.shift_days(session.starts_at, days)
        session.ends_at = clock.shift_days(session.ends_at, days)
        if session.status == SessionStatus.SCHEDULED:
            session.revision += 1
    return len(event.sessions)


def update_event(event_id: int, draft: EventDraft, actor: Actor, *, move_program: bool = False) -> Event:
    """Save the draft; with `move_program`, a new start day moves every session by as many days. Once
    published, the slug stays: calendars and printed badges point at its URLs."""
    event = get(event_id)
    if draft.slug != event.slug and event.status != EventStatus.DRAFT:
        raise Invalid({"slug": "published"})
    validate(draft, event.id)
    event = registration_service.lock_seats(event.id)  # a raised capacity is given to those waiting, at once
    before, capacity = audit_state(event), event.capacity
    shift = program_shift(event, draft)
    _apply(event, draft)
    changes = diff(before, audit_state(event))
    if move_program and shift.sessions:
        moved = _move_program(event, shift.days)
        changes |= {"sessions_moved": [None, str(moved)], "days_moved": [None, f"{shift.days:+d}"]}
    record(actor, "event", event.id, "update", changes, event_id=event.id)
    if event.capacity != capacity:
        registration_service.fill_free_seats(event)
    db.session.flush()
    return event


def _set_status(event_id: int, status: EventStatus, action: str, actor: Actor) -> Event:
    event = get(event_id)
    if event.status == status:
        return event
    if event.status == EventStatus.CANCELLED:
        raise Invalid({"status": "cancelled"})
    before = audit_state(event)
    event.status = status
    record(actor, "event", event.id, action, diff(before, audit_state(event)), event_id=event.id)
    db.session.flush()
    return event


def publish_event(event_id: int, actor: Actor) -> Event:
    """Show the event on the front page and in the API; registration opens with its window."""
    return _set_status(event_id, EventStatus.PUBLISHED, "publish", actor)


def cancel_event(event_id: int, actor: Actor) -> Event:
    """The event stays listed as cancelled; nobody can register any more. (Telling the registered
    participants is a bulk e-mail the organiser writes.)"""
    return _set_status(event_id, EventStatus.CANCELLED, "cancel", actor)
