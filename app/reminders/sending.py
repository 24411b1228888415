"""`flask reminders send-due`: the reminders before an event, each sent once, safe to run every few minutes.

Two reminders per confirmed participant with an e-mail address, counted in Oslo days before the event's
first day D: the «early» one when D is `Event.reminder_days` days away (sent from day D−N until D−2 if a run
was missed, to those confirmed before day D−N began — a later registration has just had its confirmation),
and the «day before» one on day D−1. No early one when `reminder_days` is 0 or 1 (the day before is that day).

Each reminder is an outbox message with the unique `dedupe_key` `reminder:<kind>:<registration>`, queued in
a savepoint: a second run, or a second process at the same moment, can never queue it twice. It is
rendered when sent (app/reminders/mail.py), so it shows the programme as it is then, and it is not sent
at all if the registration is no longer confirmed by then (app/mail/kinds.py). Nothing here commits: the
command runs `due_batches()` one transaction per event.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core import clock
from app.extensions import db
from app.mail import outbox, texts
from app.models import Event, EventStatus, OutboxMessage, Registration, RegistrationStatus

EARLY = "early"
DAY_BEFORE = "day_before"
KIND = "registration.reminder"
RENDERER = "reminder"
HORIZON_DAYS = 61  # the most days before an event a reminder is sent (the form allows up to 60)

Batch = Callable[[], int]


def dedupe_key(kind: str, registration_id: int) -> str:
    return f"reminder:{kind}:{registration_id}"


def due_kind(event: Event, today: date) -> str | None:
    """Which reminder of `event` is due on Oslo day `today`, if any."""
    days_left = (clock.oslo_date(event.starts_at) - today).days
    if days_left == 1:
        return DAY_BEFORE
    if event.reminder_days and 2 <= days_left <= event.reminder_days:
        return EARLY
    return None


def due_batches() -> Iterator[Batch]:
    """One batch per event with a reminder due now; each returns how many it queued."""
    now = clock.now()
    event_ids = db.session.scalars(
        select(Event.id).where(Event.status == EventStatus.PUBLISHED, Event.starts_at > now,
                               Event.starts_at < now + timedelta(days=HORIZON_DAYS))
        .order_by(Event.starts_at, Event.id)
    ).all()
    for event_id in event_ids:
        yield lambda event_id=event_id: send_for_event(event_id)


def recipients(event: Event, kind: str, today: date) -> list[Registration]:
    stmt = (select(Registration)
            .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
                   Registration.email.is_not(None), Registration.email != "")
            .order_by(Registration.id))
    if kind == EARLY:
        first_day = clock.oslo_date(event.starts_at) - timedelta(days=event.reminder_days)
        stmt = stmt.where(Registration.confirmed_at < clock.local_datetime(first_day, time(0, 0)))
    return list(db.session.scalars(stmt))


def send_for_event(event_id: int) -> int:
    """Queue the reminders of this event that are due now and not yet queued; returns how many."""
    event = db.session.get(Event, event_id)
    now = clock.now()
    if event is None or event.status != EventStatus.PUBLISHED or event.starts_at <= now:
        return 0
    today = clock.oslo_date(now)
    kind = due_kind(event, today)
    if kind is None:
        return 0
    queued = set(db.session.scalars(
        select(OutboxMessage.dedupe_key).where(OutboxMessage.event_id == event_id, OutboxMessage.kind == KIND)))
    subject = texts.subject("reminder", event=event, kind=kind,
                            days=(clock.oslo_date(event.starts_at) - today).days)
    count = 0
    for registration in recipients(event, kind, today):
        key = dedupe_key(kind, registration.id)
        if key in queued:
            continue
        try:
            with db.session.begin_nested():
                outbox.queue(kind=KIND, to=registration.email, subject=subject, text="", event_id=event_id,
                             registration_id=registration.id, dedupe_key=key, render_with=RENDERER,
                             context={"kind": kind})
        except IntegrityError:
            continue  # another process queued it a moment ago
        count += 1
    return count
