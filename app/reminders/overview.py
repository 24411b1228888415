"""What the organiser reads about an event's reminders: when each is due (Oslo days before the first day) and,
per kind, how many went out, how many wait or failed, and when they were sent. From the outbox rows the
sending queued (app/reminders/sending.py: one per kind and registration); no request globals."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from app.core import clock
from app.extensions import db
from app.models import Event, OutboxMessage, OutboxStatus
from app.reminders.sending import DAY_BEFORE, EARLY, KIND


@dataclass(frozen=True)
class KindSummary:
    kind: str  # EARLY or DAY_BEFORE
    due_on: datetime | None  # the start of the Oslo day it is due (None: the event has no such reminder)
    sent: int
    waiting: int  # queued or being sent
    failed: int
    not_sent: int  # superseded: the registration was no longer confirmed when it was due to go
    first_sent_at: datetime | None
    last_sent_at: datetime | None


def _due_on(event: Event, kind: str) -> datetime | None:
    days = 1 if kind == DAY_BEFORE else event.reminder_days
    if kind == EARLY and (not days or days < 2):  # 0: none; 1: the day before is that day
        return None
    return clock.local_datetime(clock.oslo_date(event.starts_at) - timedelta(days=days), time(0))


def summary(event: Event) -> list[KindSummary]:
    """The early reminder and the day-before one, in the order they go out."""
    early = OutboxMessage.dedupe_key.like(f"reminder:{EARLY}:%")
    result = []
    for kind in (EARLY, DAY_BEFORE):  # one query each: PostgreSQL cannot group by an expression with a parameter
        mine = db.session.execute(
            select(OutboxMessage.status, func.count(), func.min(OutboxMessage.sent_at), func.max(OutboxMessage.sent_at))
            .where(OutboxMessage.event_id == event.id, OutboxMessage.kind == KIND,
                   early if kind == EARLY else ~early)
            .group_by(OutboxMessage.status)).all()
        counts = {status: n for status, n, _first, _last in mine}
        sent_times = [(first, last) for status, _n, first, last in mine if status == OutboxStatus.SENT]
        result.append(KindSummary(
            kind=kind, due_on=_due_on(event, kind), sent=counts.get(OutboxStatus.SENT, 0),
            waiting=counts.get(OutboxStatus.QUEUED, 0) + counts.get(OutboxStatus.SENDING, 0),
            failed=counts.get(OutboxStatus.FAILED, 0), not_sent=counts.get(OutboxStatus.SUPERSEDED, 0),
            first_sent_at=sent_times[0][0] if sent_times else None,
            last_sent_at=sent_times[0][1] if sent_times else None))
    return result
