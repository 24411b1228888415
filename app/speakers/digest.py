"""One e-mail a day to every active organiser: what speakers changed on the previous day (Oslo time).

Idempotent per day and organiser: each message carries the outbox dedupe key
`speaker-digest:<YYYY-MM-DD>:<user id>`, so running the command twice queues nothing new. Two runs at
the same moment: the one that stores a key second hits its unique index and gets `QueuedElsewhere`
(with its report); the caller's transaction rolls back, and the other run's digest stands.
Nothing here commits: `flask speakers digest` owns the transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core import clock
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import outbox, texts
from app.models import OutboxMessage, User, UserRole
from app.speakers.changes import changes_since

TRUNCATE_AT = 300


@dataclass(frozen=True)
class DigestReport:
    day: date
    changes: int
    queued: int
    already_sent: int


class QueuedElsewhere(Exception):
    """Another run queued this day's digest at the same moment: roll back; `report` says so."""

    def __init__(self, report: DigestReport) -> None:
        super().__init__(report.day.isoformat())
        self.report = report


def yesterday() -> date:
    return clock.oslo(clock.now()).date() - timedelta(days=1)


def dedupe_key(day: date, user_id: int) -> str:
    return f"speaker-digest:{day.isoformat()}:{user_id}"


def shorten(value: str | None, limit: int = TRUNCATE_AT) -> str | None:
    if value is None or len(value) <= limit:
        return value
    return value[: limit - 1].rstrip() + "…"


def send_digest(day: date) -> DigestReport:
    """Queue the digest of `day` (an Oslo calendar day) for every active organiser."""
    start = clock.local_datetime(day, time(0, 0))
    end = clock.local_datetime(day + timedelta(days=1), time(0, 0))
    changes = changes_since(start, end)
    if not changes:
        return DigestReport(day, 0, 0, 0)
    organisers = list(db.session.scalars(
        select(User).where(User.role == UserRole.ADMINISTRATOR, User.active.is_(True)).order_by(User.id)
    ))
    keys = {u.id: dedupe_key(day, u.id) for u in organisers}
    sent = already_queued(list(keys.values()))
    mail = texts.write("speaker_digest", day=start, changes=changes, shorten=shorten, admin_url=admin_link(),
                       speakers_count=len({c.speaker_id for c in changes}))
    queued = 0
    try:
        for user in organisers:
            if keys[user.id] in sent:
                continue
            outbox.queue(kind="speaker.digest", to=user.email, subject=mail.subject, text=mail.text, html=mail.html,
                         dedupe_key=keys[user.id])
            queued += 1
    except IntegrityError:  # another run queued the same day at the same moment: theirs stands
        raise QueuedElsewhere(DigestReport(day, len(changes), 0, len(organisers))) from None
    return DigestReport(day, len(changes), queued, len(organisers) - queued)


def already_queued(keys: list[str]) -> set[str]:
    """Which of these dedupe keys the outbox holds already."""
    return set(db.session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys))))


def admin_link() -> str | None:
    """The back office, when it is installed (issue 6 shows the changes there)."""
    return absolute_url("admin.dashboard") if "admin.dashboard" in current_app.view_functions else None
