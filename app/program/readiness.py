"""What an event still needs: the «Før publisering» checklist and «Dette må gjøres» on its cockpit (Oversikt).

Plain rules over the session: no request, no commit, no words (the template says each `code` in words and
links `target` to where it is fixed).

What the checklist means by
- *e-mail texts*: the mails to participants are fixed texts (templates/mail/) whose only event-specific part is
  the contact: every one ends «Spørsmål? <contact_email>», and the speakers' pages say «kontakt <contact_name>».
  Both must be filled in.
- *privacy text*: the privacy notice (/privacy) is one text for all events; it sends participants who want their
  data deleted or have questions to «the organiser's address in our e-mails» — the event's `contact_email`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from app.core import clock
from app.extensions import db
from app.models import (
    Event,
    OutboxMessage,
    OutboxStatus,
    Session,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    Survey,
    SurveyInvitation,
    SurveyStatus,
)

# A coffee break needs no room of its own; every other kind of session does (unless the event is online).
ROOMLESS_KINDS = (SessionKind.BREAK,)


@dataclass(frozen=True)
class Target:
    """Where a problem is fixed: an endpoint and its arguments, for url_for in the template."""
    endpoint: str
    args: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    code: str  # dates, venue, program, registration_window, email_texts, privacy_text
    problem: str | None  # None: ✓; otherwise which problem (a code the template says in words)
    target: Target

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Due:
    code: str  # no_survey, survey_draft, survey_unsent, failed_mail, speaker_details, session_room
    target: Target
    name: str = ""  # the survey, speaker or session
    count: int = 0  # failed e-mails
    missing: tuple[str, ...] = ()  # speaker_details: "bio", "photo"


def _dates(event: Event, now: datetime) -> str | None:
    if event.ends_at <= event.starts_at:
        return "ends_before_start"
    if not event.is_published and event.starts_at <= now:
        return "in_the_past"
    return None


def _window(event: Event) -> str | None:
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if closes is None:
        return "no_deadline"
    if opens is not None and opens >= closes:
        return "opens_after_closes"
    if closes > event.ends_at:
        return "closes_after_end"
    return None


def _scheduled(event_id: int):
    return select(Session).where(Session.event_id == event_id, Session.status == SessionStatus.SCHEDULED)


def checklist(event: Event, now: datetime | None = None) -> list[Check]:
    """The «Før publisering» checklist, in the order the settings page asks for them."""
    now = now or clock.now()
    settings = Target("program_organiser.edit_event", {"slug": event.slug})
    sessions = db.session.scalar(select(func.count()).select_from(_scheduled(event.id).subquery()))
    return [
        Check("dates", _dates(event, now), settings),
        Check("venue", None if event.venue_id or event.is_online else "missing", settings),
        Check("program", None if sessions else "empty", Target("program_organiser.program", {"slug": event.slug})),
        Check("registration_window", _window(event), settings),
        Check("email_texts", None if event.contact_email and event.contact_name else
              ("no_contact_email" if not event.contact_email else "no_contact_name"), settings),
        Check("privacy_text", None if event.contact_email else "no_contact_email", settings),
    ]


def _surveys_due(event: Event, now: datetime) -> list[Due]:
    if event.ends_at > now:
        return []
    surveys = db.session.execute(
        select(Survey, func.count(SurveyInvitation.id)).outerjoin(SurveyInvitation)
        .where(Survey.event_id == event.id, Survey.is_template.is_(False))
        .group_by(Survey.id).order_by(Survey.id)).all()
    if not surveys:
        return [Due("no_survey", Target("surveys_organiser.for_event", {"slug": event.slug}))]
    due = []
    for survey, invited in surveys:
        target = Target("surveys_organiser.edit", {"survey_id": survey.id})
        if survey.status == SurveyStatus.DRAFT:
            due.append(Due("survey_draft", target, survey.title))
        elif not invited:
            due.append(Due("survey_unsent", target, survey.title))
    return due


def _failed_mail(event: Event) -> list[Due]:
    failed = db.session.scalar(select(func.count()).where(OutboxMessage.event_id == event.id,
                                                          OutboxMessage.status == OutboxStatus.FAILED))
    if not failed:
        return []
    return [Due("failed_mail", Target("admin.outbox", {"event": event.slug, "status": "failed"}), count=failed)]


def _speakers(event: Event) -> list[Due]:
    speakers = db.session.scalars(
        select(Speaker).join(SessionSpeaker).join(Session)
        .where(Session.event_id == event.id, Session.status == SessionStatus.SCHEDULED,
               (func.trim(Speaker.bio) == "") | Speaker.photo_path.is_(None))
        .distinct().order_by(Speaker.name, Speaker.id))
    due = []
    for speaker in speakers:
        missing = tuple(part for part, absent in (("bio", not speaker.bio.strip()), ("photo", not speaker.photo_path))
                        if absent)
        due.append(Due("speaker_details", Target("speakers_organiser.speaker", {"speaker_id": speaker.id}), speaker.name,
                       missing=missing))
    return due


def _rooms(event: Event) -> list[Due]:
    if event.is_online:
        return []
    sessions = db.session.scalars(_scheduled(event.id).where(Session.room_id.is_(None),
                                                             Session.kind.not_in(ROOMLESS_KINDS))
                                  .order_by(Session.starts_at, Session.id))
    return [Due("session_room", Target("program_organiser.edit_session", {"slug": event.slug, "session_id": s.id}), s.title)
            for s in sessions]


def due(event: Event, now: datetime | None = None) -> list[Due]:
    """«Dette må gjøres»: surveys not sent after the event, failed e-mails, speakers without bio or photo,
    sessions without a room — each with where it is fixed."""
    now = now or clock.now()
    return _surveys_due(event, now) + _failed_mail(event) + _speakers(event) + _rooms(event)
