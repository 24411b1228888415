"""E-mail to a filtered set of registrations, through the outbox, after a preview.

Each compose form carries a batch id; a message's outbox dedupe key is `bulk:<batch>:<registration>`,
so pressing "send" twice (or reloading) never sends anyone the same message twice.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.audit.log import Actor, record
from app.extensions import db
from app.mail import outbox, texts
from app.models import Event, OutboxMessage, Registration
from app.registration import links
from app.registration import listing as registration_list

FIRST_NAME = "{fornavn}"


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


@dataclass(frozen=True)
class Rendered:
    to: str
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Preview:
    count: int
    sample: Rendered | None
    names: list[str]


def render(registration: Registration, event: Event, draft: Draft, *, preview: bool = False) -> Rendered:
    """The message as this registration gets it. A preview shows the manage link without its secret token."""
    body = draft.body.replace("\r\n", "\n").replace(FIRST_NAME, registration.first_name).strip()
    subject = draft.subject.replace(FIRST_NAME, registration.first_name).strip()
    mail = texts.write("bulk_message", subject_line=subject, registration=registration, event=event, body=body,
                       paragraphs=[p for p in body.split("\n\n") if p.strip()],
                       manage_url=links.manage_url(registration).rsplit("/", 1)[0] + "/…" if preview
                       else links.manage_url(registration))
    return Rendered(registration.email, mail.subject, mail.text, mail.html)


def _recipients(event_id: int, filters: registration_list.Filters) -> list[Registration]:
    return [r for r in registration_list.matching(event_id, filters) if r.email]


def recipient_count(event_id: int, filters: registration_list.Filters) -> int:
    return len(_recipients(event_id, filters))


def preview(event_id: int, filters: registration_list.Filters, draft: Draft, names: int = 30) -> Preview:
    people = _recipients(event_id, filters)
    event = db.session.get(Event, event_id)
    sample = render(people[0], event, draft, preview=True) if people else None
    return Preview(len(people), sample, [p.full_name for p in people[:names]])


def send(event_id: int, filters: registration_list.Filters, draft: Draft, batch: str, actor: Actor) -> int:
    """Queue one message per recipient (in one transaction); returns how many were queued now."""
    event = db.session.get(Event, event_id)
    prefix = f"bulk:{batch[:40]}:"
    already = set(db.session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.like(prefix + "%"))))
    queued = 0
    for registration in _recipients(event_id, filters):
        key = f"{prefix}{registration.id}"
        if key in already:
            continue
        mail = render(registration, event, draft)
        outbox.queue(kind="bulk", to=mail.to, subject=mail.subject, text=mail.text, html=mail.html,
                     event_id=event_id, registration_id=registration.id, dedupe_key=key)
        queued += 1
    if queued:
        record(actor, "event", event_id, "bulk_email",
               {"subject": [None, draft.subject], "recipients": [None, str(queued)]}, event_id=event_id)
    db.session.flush()
    return queued
