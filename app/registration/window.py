"""The registration window: the one rule for whether a participant may register now, and until when they
may change or cancel on their own.

`phase` reads only the event's status, end and window (an `Event` or the plain row the registration rush
locks), so the model, the form, the event page's cached article and the API all ask the same question.
The window opens at `registration_opens_at` (that instant included) and closes at
`registration_closes_at` (that instant excluded); an event is over once its `ends_at` has passed.
"""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Protocol

from app.core import clock
from app.models.events import Event, EventStatus


class RegistrationPhase(enum.StrEnum):
    NOT_PUBLISHED = "not_published"  # a draft: nobody registers
    CANCELLED = "cancelled"
    PAST = "past"  # the event is over
    NOT_YET_OPEN = "not_yet_open"  # before registration_opens_at
    OPEN = "open"
    CLOSED = "closed"  # from registration_closes_at until the event is over


class _Windowed(Protocol):
    status: EventStatus
    ends_at: datetime
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None


def phase(event: _Windowed, at: datetime | None = None) -> RegistrationPhase:
    """Where the event's registration stands at `at` (default now)."""
    at = at or clock.now()
    if event.status == EventStatus.CANCELLED:
        return RegistrationPhase.CANCELLED
    if event.status != EventStatus.PUBLISHED:
        return RegistrationPhase.NOT_PUBLISHED
    if event.ends_at < at:
        return RegistrationPhase.PAST
    if event.registration_opens_at is not None and at < event.registration_opens_at:
        return RegistrationPhase.NOT_YET_OPEN
    if event.registration_closes_at is not None and at >= event.registration_closes_at:
        return RegistrationPhase.CLOSED
    return RegistrationPhase.OPEN


def is_open(event: _Windowed, at: datetime | None = None) -> bool:
    return phase(event, at) == RegistrationPhase.OPEN


def before_change_deadline(event: Event, at: datetime | None = None) -> bool:
    """True until the event's change deadline (that instant excluded; no deadline: always)."""
    return event.change_deadline is None or (at or clock.now()) < event.change_deadline


_CHANGEABLE = frozenset({RegistrationPhase.NOT_YET_OPEN, RegistrationPhase.OPEN, RegistrationPhase.CLOSED})


def participant_may_change(event: Event, at: datetime | None = None) -> bool:
    """A participant may change or cancel on their own: the event is published and not over, before its
    change deadline (whether registration itself is still open does not matter)."""
    at = at or clock.now()
    return phase(event, at) in _CHANGEABLE and before_change_deadline(event, at)


_REPLACEABLE = frozenset({RegistrationPhase.NOT_YET_OPEN, RegistrationPhase.OPEN})


def may_replace(event: _Windowed, at: datetime | None = None) -> bool:
    """A group's contact may replace a colleague with another (free of charge) until the registration
    deadline, `registration_closes_at` (that instant excluded; no deadline: until the event is over)."""
    return phase(event, at) in _REPLACEABLE
