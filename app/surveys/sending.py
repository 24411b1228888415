"""Sending invitations and the one reminder: `flask surveys send-due`, safe to run every few minutes.

A survey is due when it is published, its event ended `send_delay_minutes` ago (or later, if its
opening time is later) and it has not closed. Then every participant in its audience who has no
invitation yet gets one: a single-use link, the sessions they are asked to rate, and an e-mail in
the outbox. Each invitation is written in a savepoint together with its outbox message, whose
`dedupe_key` is unique (`survey-invite:<survey>:<registration>`), as is (survey, registration) on
the invitation: a second run, or a second process at the same moment, can never queue twice — the
unique constraints are the guard, and the row lock on the survey only saves the loser its work.

Nothing here commits. The cron job (`flask surveys send-due`, app/surveys/cli.py) runs `due_batches()`
one transaction per batch, so that each survey's invitations become deliverable as soon as they are
written; «Send nå» runs in the organiser's request. Both apply the one rule, `send_survey`. A test
invitation (`send_test`) goes to the organiser's own address through the outbox and is no invitation:
its link opens the preview, where nothing is stored.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from app.audit.log import Actor, record
from app.core import clock, tokens
from app.core.database import begin_serialized
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import outbox, texts
from app.models import (
    Checkin,
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
    SessionKind,
    SessionStatus,
    Survey,
    SurveyAudience,
    SurveyInvitation,
    SurveyPendingResponse,
    SurveyStatus,
    User,
)
from app.surveys import answering, window
from app.surveys.errors import NotFound

RATEABLE_KINDS = (SessionKind.PLENARY, SessionKind.PARALLEL, SessionKind.WORKSHOP)


@dataclass
class SendReport:
    invited: int = 0
    reminded: int = 0
    flushed: int = 0

    def __add__(self, other: SendReport) -> SendReport:
        return SendReport(self.invited + other.invited, self.reminded + other.reminded, self.flushed + other.flushed)


Batch = Callable[[], SendReport]


class NotDue(Exception):
    """«Send nå» for a survey that is not due (a draft, before its event has ended, or closed)."""


def state(survey: Survey, now: datetime) -> str:
    """For the organiser's page: "template", "draft", "waiting" (sent at `send_at`), "due" or "closed"."""
    phase = window.phase(survey, now)
    if phase in (window.SurveyPhase.TEMPLATE, window.SurveyPhase.DRAFT, window.SurveyPhase.CLOSED):
        return phase.value
    return "due" if window.is_due(survey, now) else "waiting"


def due_batches() -> Iterator[Batch]:
    """Whatever is due now, batch by batch: each survey's invitations, its reminders, then each closed
    survey's pooled answers. The caller runs each batch in a transaction of its own."""
    now = clock.now()
    candidates = db.session.scalars(
        select(Survey.id).where(Survey.status == SurveyStatus.PUBLISHED, Survey.event_id.is_not(None),
                                window.not_closed_at(now))
        .order_by(Survey.id)
    ).all()
    for survey_id in candidates:
        yield lambda survey_id=survey_id: SendReport(invited=invite(survey_id))
        yield lambda survey_id=survey_id: SendReport(reminded=remind(survey_id))
    closed_with_pool = db.session.scalars(
        select(Survey.id).where(window.closed_at(now),
                                exists().where(SurveyPendingResponse.survey_id == Survey.id))
    ).all()
    for survey_id in closed_with_pool:
        yield lambda survey_id=survey_id: SendReport(flushed=answering.flush_pool(survey_id, force=True))


def send_survey(survey_id: int) -> SendReport:
    """The invitations and the reminder this survey has due now (nothing when it is not due)."""
    return SendReport(invited=invite(survey_id), reminded=remind(survey_id))


def send_now(survey_id: int, actor: Actor) -> SendReport:
    """An organiser's «Send nå»: what `flask surveys send-due` would send for this survey, at once; audited."""
    survey = db.session.get(Survey, survey_id)
    if survey is None or not window.is_due(survey, clock.now()):
        raise NotDue(survey_id)
    report = send_survey(survey_id)
    record(actor, "survey", survey_id, "send", {"invited": [None, str(report.invited)],
                                                "reminded": [None, str(report.reminded)]},
           event_id=db.session.get(Survey, survey_id).event_id)
    return report


def send_test(survey_id: int, user: User) -> None:
    """The invitation as a participant gets it, to the organiser's own address, marked as a test; its link
    opens the preview. No invitation, no answer, no counts."""
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.event is None:
        raise NotFound(survey_id)
    first_name = (user.name or "").split(" ")[0]
    mail = _render("invitation", survey, first_name, absolute_url("surveys_organiser.preview", survey_id=survey_id),
                   test=True)
    outbox.queue(kind="survey.test", to=user.email, event_id=survey.event_id, **mail)


def _lock_survey(survey_id: int) -> Survey | None:
    begin_serialized()
    return db.session.scalars(
        select(Survey).where(Survey.id == survey_id).with_for_update().execution_options(populate_existing=True)
    ).one_or_none()


# --- who is invited, and which sessions they rate -------------------------------------------------

def audience(survey: Survey) -> list[Registration]:
    stmt = (select(Registration)
            .where(Registration.event_id == survey.event_id, Registration.status == RegistrationStatus.CONFIRMED,
                   Registration.email.is_not(None))
            .order_by(Registration.id))
    if survey.audience == SurveyAudience.CHECKED_IN:
        stmt = stmt.where(exists().where(Checkin.registration_id == Registration.id,
                                         Checkin.event_id == survey.event_id, Checkin.undone_at.is_(None)))
    return list(db.session.scalars(stmt))


def sessions_to_rate(event_id: int, registration_ids: list[int]) -> dict[int, list[int]]:
    """Per registration, the sessions its per-session block lists: the sessions it was checked in at;
    else the sessions it holds a seat in plus the plenaries; else all plenaries (in program order)."""
    rateable = db.session.execute(
        select(Session.id, Session.kind).where(Session.event_id == event_id, Session.kind.in_(RATEABLE_KINDS),
                                               Session.status == SessionStatus.SCHEDULED)
        .order_by(Session.starts_at, Session.id)
    ).all()
    order = {sid: i for i, (sid, _kind) in enumerate(rateable)}
    plenaries = {sid for sid, kind in rateable if kind == SessionKind.PLENARY}
    scanned: dict[int, set[int]] = defaultdict(set)
    chosen: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(registration_ids), 500):
        chunk = registration_ids[start:start + 500]
        for rid, sid in db.session.execute(select(Checkin.registration_id, Checkin.session_id).where(
                Checkin.event_id == event_id, Checkin.session_id.is_not(None), Checkin.undone_at.is_(None),
                Checkin.registration_id.in_(chunk))):
            scanned[rid].add(sid)
        for rid, sid in db.session.execute(select(SessionChoice.registration_id, SessionChoice.session_id).where(
                SessionChoice.status == ChoiceStatus.CONFIRMED, SessionChoice.registration_id.in_(chunk))):
            chosen[rid].add(sid)
    result = {}
    for rid in registration_ids:
        if scanned[rid]:
            ids = scanned[rid]
        elif chosen[rid]:
            ids = chosen[rid] | plenaries
        else:
            ids = plenaries
        result[rid] = sorted((s for s in ids if s in order), key=order.__getitem__)
    return result


# --- invitations and reminders ---------------------------------------------------------------------

def _render(kind: str, survey: Survey, first_name: str, link: str, *, test: bool = False) -> dict:
    mail = texts.write(f"survey_{kind}", survey=survey, event=survey.event, first_name=first_name, link=link,
                       test=test)
    return {"subject": mail.subject, "text": mail.text, "html": mail.html}


def _mail(kind: str, survey: Survey, registration: Registration, invitation: SurveyInvitation) -> dict:
    return _render(kind, survey, registration.first_name,
                   absolute_url("surveys.answer", token=answering.token_of(invitation)))


def invite(survey_id: int) -> int:
    """Invite whoever in the audience has no invitation yet; returns how many were invited."""
    survey = _lock_survey(survey_id)
    now = clock.now()
    if survey is None or not window.is_due(survey, now):
        return 0
    invited = set(db.session.scalars(
        select(SurveyInvitation.registration_id).where(SurveyInvitation.survey_id == survey_id)))
    todo = [r for r in audience(survey) if r.id not in invited]
    sessions = sessions_to_rate(survey.event_id, [r.id for r in todo])
    count = 0
    for registration in todo:
        invitation = SurveyInvitation(survey_id=survey_id, registration_id=registration.id,
                                      token_salt=tokens.new_salt(), invited_at=now)
        invitation.token_hash = tokens.digest(answering.token_of(invitation))
        invitation.session_ids_json = json.dumps(sessions[registration.id])
        mail = _mail("invitation", survey, registration, invitation)
        try:
            with db.session.begin_nested():
                db.session.add(invitation)
                outbox.queue(kind="survey.invitation", to=registration.email, event_id=survey.event_id,
                             registration_id=registration.id,
                             dedupe_key=f"survey-invite:{survey_id}:{registration.id}", **mail)
                db.session.flush()
        except IntegrityError:
            continue  # another process invited this person a moment ago
        count += 1
    return count


def remind(survey_id: int) -> int:
    """The one reminder, to those invited long enough ago who have not answered."""
    survey = _lock_survey(survey_id)
    now = clock.now()
    if survey is None or survey.reminder_delay_hours is None or not window.is_due(survey, now):
        return 0
    cutoff = now - timedelta(hours=survey.reminder_delay_hours)
    rows = db.session.execute(
        select(SurveyInvitation, Registration)
        .join(Registration, Registration.id == SurveyInvitation.registration_id)
        .where(SurveyInvitation.survey_id == survey_id, SurveyInvitation.answered.is_(False),
               SurveyInvitation.reminded_at.is_(None), SurveyInvitation.invited_at <= cutoff,
               Registration.email.is_not(None), Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(SurveyInvitation.id)
    ).all()
    count = 0
    for invitation, registration in rows:
        mail = _mail("reminder", survey, registration, invitation)
        try:
            with db.session.begin_nested():
                invitation.reminded_at = now
                outbox.queue(kind="survey.reminder", to=registration.email, event_id=survey.event_id,
                             registration_id=registration.id,
                             dedupe_key=f"survey-reminder:{survey_id}:{registration.id}", **mail)
                db.session.flush()
        except IntegrityError:
            continue
        count += 1
    return count


def invitation_counts(survey_id: int) -> tuple[int, int]:
    """(invited, answered) — counts only; who answered is never shown."""
    rows = db.session.execute(
        select(SurveyInvitation.answered, db.func.count()).where(SurveyInvitation.survey_id == survey_id)
        .group_by(SurveyInvitation.answered)
    ).all()
    by = {bool(answered): n for answered, n in rows}
    return by.get(True, 0) + by.get(False, 0), by.get(True, 0)
