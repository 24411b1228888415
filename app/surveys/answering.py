"""Answering a survey through its single-use link, and moving answers into the result tables.

`submit()` checks the link and every answer, then in one transaction marks the invitation answered
and puts the response in the pool (`survey_response_pool`). `flush_pool()` moves pooled responses,
shuffled, into `survey_responses`/`survey_answers`/`survey_session_ratings` in a separate transaction
once at least SURVEY_POOL_SIZE are waiting, or when the survey has closed. See app/models/surveys.py
for why: no row on the answer side can be lined up with the invitation that was marked with it.
Nothing here commits: the answer route runs `submit()` and then `flush_pool()` in two transactions of
its own, and `flask surveys send-due` the closed surveys' flushes.
"""
from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import delete, func, insert, select

from app.core import clock, tokens
from app.core.database import begin_serialized
from app.extensions import db
from app.models import (
    QuestionKind,
    Session,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyPendingResponse,
    SurveyQuestion,
    SurveyResponse,
    SurveySessionRating,
)
from app.models.surveys import random_key
from app.surveys import window
from app.surveys.errors import AlreadyAnswered, InvalidAnswers, NotFound, SurveyClosed, SurveyNotOpen

TOKEN_PURPOSE = "survey"
MAX_TEXT = 4000
SCALE_RANGE = {QuestionKind.SCALE: (1, 5), QuestionKind.RECOMMEND: (0, 10)}
DID_NOT_ATTEND = 0  # the per-session block's "Deltok ikke / vil ikke svare": nothing stored
_shuffle = random.SystemRandom().shuffle


@dataclass
class Cleaned:
    """A validated submission: (question, option, value, text) rows and (question, session, rating) rows."""

    answers: list[tuple[int, int | None, int | None, str | None]] = field(default_factory=list)
    ratings: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass
class Ballot:
    """What the answer page needs: the invitation, its survey and the sessions to rate."""

    invitation: SurveyInvitation
    survey: Survey
    sessions: list[Session]


# --- the link -----------------------------------------------------------------------------------

def token_of(invitation: SurveyInvitation) -> str:
    return tokens.derive(TOKEN_PURPOSE, invitation.token_salt)


def by_token(token: str) -> SurveyInvitation | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.token_hash == tokens.digest(token)))


def check_open(survey: Survey) -> None:
    phase = window.phase(survey)
    if phase == window.SurveyPhase.CLOSED:
        raise SurveyClosed(survey.id)
    if phase != window.SurveyPhase.OPEN:
        raise SurveyNotOpen(survey.id)


def sessions_for(session_ids: Sequence[int]) -> list[Session]:
    if not session_ids:
        return []
    return list(db.session.scalars(
        select(Session).where(Session.id.in_(list(session_ids))).order_by(Session.starts_at, Session.id)
    ))


def ballot(token: str) -> Ballot:
    """The survey behind a link, or NotFound / AlreadyAnswered / SurveyNotOpen / SurveyClosed."""
    invitation = by_token(token)
    if invitation is None:
        raise NotFound(token)
    if invitation.answered:
        raise AlreadyAnswered(invitation.survey_id)
    check_open(invitation.survey)
    return Ballot(invitation, invitation.survey, sessions_for(invitation.session_ids))


# --- validation ---------------------------------------------------------------------------------

def _one(values: list[str]) -> str:
    return values[0].strip() if values else ""


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _value(question: SurveyQuestion, raw: str, out: Cleaned) -> str | None:
    if raw == "":
        return "required" if question.required else None
    low, high = SCALE_RANGE[question.kind]
    number = _int(raw)
    if number is None or not low <= number <= high:
        return "out_of_range"
    out.answers.append((question.id, None, number, None))
    return None


def _choices(question: SurveyQuestion, values: list[str], other_text: str, out: Cleaned) -> str | None:
    chosen = [v.strip() for v in values if v.strip()]
    other = question.other_option
    if other is not None and other_text and str(other.id) not in chosen:
        chosen.append(str(other.id))  # typed in "Annet" without ticking it
    if not chosen:
        return "required" if question.required else None
    if question.kind == QuestionKind.SINGLE and len(set(chosen)) > 1:
        return "one_only"
    valid = {o.id for o in question.options}
    ids = []
    for raw in dict.fromkeys(chosen):
        number = _int(raw)
        if number is None or number not in valid:
            return "unknown_option"
        ids.append(number)
    if other is not None and other.id in ids and not other_text:
        return "other_missing"
    if len(other_text) > MAX_TEXT:
        return "too_long"
    for option_id in ids:
        text = other_text if other is not None and option_id == other.id else None
        out.answers.append((question.id, option_id, None, text))
    return None


def _text(question: SurveyQuestion, raw: str, out: Cleaned) -> str | None:
    if not raw:
        return "required" if question.required else None
    if len(raw) > MAX_TEXT:
        return "too_long"
    out.answers.append((question.id, None, None, raw))
    return None


def _session_ratings(question: SurveyQuestion, form: Mapping[str, list[str]], session_ids: Sequence[int],
                     out: Cleaned) -> str | None:
    prefix = f"q{question.id}-s"
    allowed = set(session_ids)
    given = {}
    for name, values in form.items():
        if name.startswith(prefix):
            session_id = _int(name[len(prefix):])
            if session_id is None or session_id not in allowed:
                return "session_unknown"
            given[session_id] = _one(values)
    if question.required and any(given.get(sid, "") == "" for sid in session_ids):
        return "required"
    ratings = []
    for session_id in session_ids:
        raw = given.get(session_id, "")
        if raw == "":
            continue
        number = _int(raw)
        if number is None or not DID_NOT_ATTEND <= number <= 5:
            return "out_of_range"
        if number != DID_NOT_ATTEND:
            ratings.append((question.id, session_id, number))
    out.ratings.extend(ratings)
    return None


def validate(survey: Survey, session_ids: Sequence[int], form: Mapping[str, list[str]]) -> Cleaned:
    """Check every answer (form: field name → list of submitted values); raise InvalidAnswers."""
    out = Cleaned()
    problems: dict[int, str] = {}
    for question in survey.questions:
        name = f"q{question.id}"
        values = list(form.get(name, []))
        if question.kind in SCALE_RANGE:
            problem = _value(question, _one(values), out)
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTI):
            problem = _choices(question, values, _one(list(form.get(name + "-other", []))), out)
        elif question.kind == QuestionKind.TEXT:
            problem = _text(question, _one(values), out)
        else:
            problem = _session_ratings(question, form, session_ids, out) if session_ids else None
        if problem:
            problems[question.id] = problem
    if problems:
        raise InvalidAnswers(problems)
    return out


# --- storing ------------------------------------------------------------------------------------

def today() -> date:
    return clock.oslo(clock.now()).date()


def submit(token: str, form: Mapping[str, list[str]]) -> int:
    """Store one answer through its link (in the pool) and mark the link used; returns the survey's id, whose
    pool the caller then flushes (`flush_pool`) in a transaction of its own."""
    found = ballot(token)
    cleaned = validate(found.survey, found.invitation.session_ids, form)
    survey_id, invitation_id = found.survey.id, found.invitation.id
    begin_serialized()
    invitation = db.session.scalars(
        select(SurveyInvitation).where(SurveyInvitation.id == invitation_id)
        .with_for_update().execution_options(populate_existing=True)
    ).one()
    if invitation.answered:  # the same link sent twice at once: the other one stored it
        raise AlreadyAnswered(survey_id)
    invitation.answered = True
    payload = {"day": today().isoformat(), "answers": cleaned.answers, "ratings": cleaned.ratings}
    db.session.add(SurveyPendingResponse(survey_id=survey_id, payload=json.dumps(payload)))
    return survey_id


def pool_size() -> int:
    return int(current_app.config.get("SURVEY_POOL_SIZE", 5))


def pending_count(survey_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyPendingResponse).where(
        SurveyPendingResponse.survey_id == survey_id))


def flush_pool(survey_id: int, *, force: bool = False) -> int:
    """Move the pooled responses into the result tables, shuffled, when enough are waiting (or forced,
    when the survey has closed). Returns how many were moved."""
    begin_serialized()
    db.session.scalars(select(Survey.id).where(Survey.id == survey_id).with_for_update()).one_or_none()
    pending = list(db.session.scalars(select(SurveyPendingResponse).where(SurveyPendingResponse.survey_id == survey_id)))
    if not pending or (len(pending) < pool_size() and not force):
        return 0
    items = []
    for row in pending:
        data = json.loads(row.payload)
        items.append((date.fromisoformat(data["day"]), Cleaned([tuple(a) for a in data["answers"]],
                                                              [tuple(r) for r in data["ratings"]])))
    _insert(survey_id, items)
    db.session.execute(delete(SurveyPendingResponse).where(
        SurveyPendingResponse.id.in_([row.id for row in pending])))
    return len(pending)


def record_responses(survey_id: int, items: list[tuple[date, Cleaned]]) -> int:
    """Store responses directly (seeding, imports, benchmarks): shuffled, random keys, in the caller's
    transaction. Answering goes through `submit()`, never here."""
    _insert(survey_id, items)
    return len(items)


def _insert(survey_id: int, items: list[tuple[date, Cleaned]]) -> None:
    items = list(items)
    _shuffle(items)
    responses, answers, ratings = [], [], []
    for day, cleaned in items:
        response_id = random_key()
        responses.append({"id": response_id, "survey_id": survey_id, "answered_on": day})
        answers.extend({"id": random_key(), "response_id": response_id, "question_id": q, "option_id": o,
                        "value": v, "text": t} for q, o, v, t in cleaned.answers)
        ratings.extend({"id": random_key(), "question_id": q, "session_id": s, "rating": r}
                       for q, s, r in cleaned.ratings)
    _shuffle(ratings)
    if responses:
        db.session.execute(insert(SurveyResponse), responses)
    if answers:
        db.session.execute(insert(SurveyAnswer), answers)
    if ratings:
        db.session.execute(insert(SurveySessionRating), ratings)
