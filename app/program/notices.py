"""Program-change notices ("programendring"): recorded when a published session's title, time or room
changes, reviewed by an organiser, then e-mailed in one go through the outbox.

Who is told (`recipients`): its speakers, and
- for a sign-up session (workshop, parallel): every active registration that chose it, seat or queue;
- for a session everybody attends (plenary, meal, break, social): every confirmed participant.
Each address gets one message per notice (its outbox dedupe key), even if "send" is pressed twice.
A cancelled session's message goes out at once instead (`queue_cancellation`, see editing.cancel_session).
Each message carries the session as an .ics file for the recipient's calendar (app.calendar.attachments):
METHOD:REQUEST with its new title, time and room, or METHOD:CANCEL when it is cancelled.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.audit.log import Actor, record
from app.calendar import attachments as calendar_files
from app.core import clock
from app.core.database import begin_serialized
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import outbox, texts
from app.models import (
    SIGNUP_KINDS,
    ChoiceStatus,
    Event,
    EventStatus,
    NoticeStatus,
    ProgramNotice,
    Registration,
    RegistrationStatus,
    Room,
    Session,
    SessionChoice,
    SessionSpeaker,
    SessionStatus,
    Speaker,
)
from app.program.errors import NotFound
from app.registration import links


@dataclass(frozen=True)
class ScheduleState:
    """What a participant plans by: a session's title, time and room (by name)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    room: str


def state_of(session: Session) -> ScheduleState:
    room = db.session.get(Room, session.room_id) if session.room_id is not None else None
    return ScheduleState(session.title, session.starts_at, session.ends_at, room.name if room else "")


def _pending_for(session_id: int) -> ProgramNotice | None:
    return db.session.scalar(select(ProgramNotice).where(ProgramNotice.session_id == session_id,
                                                         ProgramNotice.status == NoticeStatus.PENDING))


def note_change(session: Session, before: ScheduleState, actor: Actor) -> ProgramNotice | None:
    """Record (or update) the session's pending notice in the caller's transaction.

    Only for a scheduled session of a published event. A change back to how it was when the
    participants were last told removes the pending notice."""
    after = state_of(session)
    event = db.session.get(Event, session.event_id)
    if after == before or event.status != EventStatus.PUBLISHED or session.status != SessionStatus.SCHEDULED:
        return None
    notice = _pending_for(session.id)
    if notice is None:
        notice = ProgramNotice(event_id=session.event_id, session_id=session.id, status=NoticeStatus.PENDING,
                               old_title=before.title, old_starts_at=before.starts_at,
                               old_ends_at=before.ends_at, old_room=before.room,
                               created_by_user_id=actor.user_id)
        db.session.add(notice)
    notice.new_title, notice.new_starts_at, notice.new_ends_at, notice.new_room = (
        after.title, after.starts_at, after.ends_at, after.room)
    if ScheduleState(notice.old_title, notice.old_starts_at, notice.old_ends_at, notice.old_room) == after:
        if notice in db.session.new:
            db.session.expunge(notice)
        else:
            db.session.delete(notice)
        return None
    return notice


def drop_pending(session_id: int) -> None:
    """A cancelled session's pending change notice is no longer worth sending."""
    notice = _pending_for(session_id)
    if notice is not None:
        notice.status = NoticeStatus.DISCARDED


def pending(event_id: int) -> list[ProgramNotice]:
    return list(db.session.scalars(
        select(ProgramNotice).where(ProgramNotice.event_id == event_id, ProgramNotice.status == NoticeStatus.PENDING)
        .order_by(ProgramNotice.new_starts_at, ProgramNotice.id)
    ))


def recent(event_id: int, limit: int = 20) -> list[ProgramNotice]:
    return list(db.session.scalars(
        select(ProgramNotice).where(ProgramNotice.event_id == event_id, ProgramNotice.status != NoticeStatus.PENDING)
        .order_by(ProgramNotice.updated_at.desc(), ProgramNotice.id.desc()).limit(limit)
    ))


def pending_counts(event_ids: Sequence[int]) -> dict[int, int]:
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(ProgramNotice.event_id, func.count()).where(ProgramNotice.event_id.in_(event_ids),
                                                           ProgramNotice.status == NoticeStatus.PENDING)
        .group_by(ProgramNotice.event_id)
    )
    return dict(rows.all())


# --- who is told --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    registration: Registration | None = None
    speaker: Speaker | None = None


def _participants(session: Session) -> list[Registration]:
    stmt = select(Registration).where(Registration.event_id == session.event_id, Registration.email.is_not(None))
    if session.kind in SIGNUP_KINDS:
        chose = select(SessionChoice.registration_id).where(SessionChoice.session_id == session.id)
        stmt = stmt.where(Registration.id.in_(chose), Registration.status != RegistrationStatus.CANCELLED)
    else:
        stmt = stmt.where(Registration.status == RegistrationStatus.CONFIRMED)
    return list(db.session.scalars(stmt.order_by(Registration.last_name, Registration.first_name, Registration.id)))


def _speakers(session: Session) -> list[Speaker]:
    return list(db.session.scalars(
        select(Speaker).join(SessionSpeaker, SessionSpeaker.speaker_id == Speaker.id)
        .where(SessionSpeaker.session_id == session.id, Speaker.email.is_not(None), Speaker.email != "")
        .order_by(SessionSpeaker.position, Speaker.name)
    ))


def recipients(session: Session) -> list[Recipient]:
    """Its speakers first, then the participants concerned; one entry per e-mail address."""
    seen: set[str] = set()
    found = []
    for sp in _speakers(session):
        if sp.email.lower() not in seen:
            seen.add(sp.email.lower())
            found.append(Recipient(sp.email, sp.name, speaker=sp))
    for reg in _participants(session):
        if reg.email.lower() not in seen:
            seen.add(reg.email.lower())
            found.append(Recipient(reg.email, reg.full_name, registration=reg))
    return found


def recipient_count(session: Session) -> int:
    return len(recipients(session))


# --- sending ------------------------------------------------------------------------------------

def _render(template: str, recipient: Recipient, **context) -> texts.Texts:
    if recipient.registration is not None:
        context["manage_url"] = links.manage_url(recipient.registration)
    else:
        context["portal_url"] = absolute_url("speakers.home")
    return texts.write(template, recipient=recipient, **context)


def _key(prefix: str, email: str) -> str:
    """An outbox dedupe key (≤ 120 characters, whatever the address's length)."""
    return f"{prefix}:{hashlib.sha256(email.lower().encode()).hexdigest()[:24]}"


def _calendar_file(recipient: Recipient, session: Session, *, cancelled: bool) -> outbox.Attachment:
    """The session for the recipient's calendar: METHOD:CANCEL, or METHOD:REQUEST as it is now
    (a waiting-list place marked as one)."""
    registration = recipient.registration
    if registration is None:
        scheduling = calendar_files.for_speaker(recipient.speaker, cancelled=cancelled)
    else:
        scheduling = calendar_files.for_registration(registration, cancelled=cancelled)
    if cancelled:
        return calendar_files.cancellation_attachment(session.event, [session], scheduling)
    waitlisted = registration is not None and (
        registration.status == RegistrationStatus.WAITLISTED
        or any(c.session_id == session.id and c.status != ChoiceStatus.CONFIRMED for c in registration.choices))
    return calendar_files.change_attachment(session.event, session, scheduling, waitlisted=waitlisted)


def _queue(kind: str, template: str, recipient: Recipient, key: str, session: Session, **context) -> None:
    mail = _render(template, recipient, session=session, event=session.event, **context)
    attachment = _calendar_file(recipient, session, cancelled=session.status == SessionStatus.CANCELLED)
    outbox.queue(kind=kind, to=recipient.email, subject=mail.subject, text=mail.text, html=mail.html,
                 attachments=[attachment],
                 event_id=session.event_id, registration_id=recipient.registration.id if recipient.registration else None,
                 dedupe_key=key)


@dataclass(frozen=True)
class SendReport:
    notices: int
    messages: int


def send(event_id: int, actor: Actor, notice_ids: Sequence[int] | None = None) -> SendReport:
    """Queue every pending notice of the event (or only those named) for its recipients, in one transaction."""
    begin_serialized()
    stmt = (select(ProgramNotice).where(ProgramNotice.event_id == event_id,
                                        ProgramNotice.status == NoticeStatus.PENDING)
            .order_by(ProgramNotice.id).with_for_update())
    if notice_ids is not None:
        stmt = stmt.where(ProgramNotice.id.in_(list(notice_ids)))
    notices = list(db.session.scalars(stmt))
    messages = 0
    for notice in notices:
        people = recipients(notice.session)
        for person in people:
            _queue("program.changed", "program_changed", person, _key(f"notice:{notice.id}", person.email),
                   notice.session, notice=notice)
        notice.status, notice.sent_at = NoticeStatus.SENT, clock.now()
        notice.sent_by_user_id, notice.recipients = actor.user_id, len(people)
        record(actor, "session", notice.session_id, "notice_sent", {"recipients": [None, str(len(people))]},
               event_id=event_id)
        messages += len(people)
    db.session.flush()
    return SendReport(len(notices), messages)


def discard(notice_id: int, actor: Actor) -> ProgramNotice:
    notice = db.session.get(ProgramNotice, notice_id)
    if notice is None or notice.status != NoticeStatus.PENDING:
        raise NotFound(notice_id)
    notice.status = NoticeStatus.DISCARDED
    record(actor, "session", notice.session_id, "notice_discarded", {}, event_id=notice.event_id)
    db.session.flush()
    return notice


def queue_cancellation(session: Session, people: Sequence[Recipient]) -> None:
    """The e-mail that tells each of `people` that the session is cancelled (caller's transaction)."""
    for person in people:
        _queue("program.cancelled", "session_cancelled", person, _key(f"cancelled:{session.id}", person.email),
               session)
