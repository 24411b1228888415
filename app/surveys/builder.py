"""Building a survey: create (blank, from a template, or as a copy of an earlier survey), settings,
questions and their order. Plain functions over the session; each commits its own change.

Once a survey has answers its questions can be reworded (text, help, scale labels, option labels,
required) and reordered, and new questions can be added, but no question can be removed or retyped
and no option removed or added: the results must keep meaning what the respondents answered.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import exists, func, select

from app.extensions import db
from app.models import (
    Event,
    QuestionKind,
    Survey,
    SurveyAudience,
    SurveyInvitation,
    SurveyOption,
    SurveyPendingResponse,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from app.models.surveys import CHOICE_KINDS
from app.surveys.errors import InvalidQuestion, LockedByAnswers, NotFound

DEFAULT_OPEN_DAYS = 14


@dataclass
class QuestionInput:
    kind: QuestionKind
    text: str
    help_text: str = ""
    required: bool = False
    low_label: str = ""
    high_label: str = ""
    options: list[str] = field(default_factory=list)  # the regular options, in order
    other_label: str | None = None  # set: an "Annet" option with free text, with this label
    is_breakdown: bool = False
    key: str | None = None  # stable key (templates and copies); generated when None


@dataclass
class SurveySettings:
    title: str
    intro: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    send_delay_minutes: int = 120
    reminder_delay_hours: int | None = 72
    audience: SurveyAudience = SurveyAudience.CHECKED_IN
    min_group_size: int = 5
    status: SurveyStatus = SurveyStatus.DRAFT


def get_survey(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise NotFound(survey_id)
    return survey


def get_question(survey_id: int, question_id: int) -> SurveyQuestion:
    question = db.session.get(SurveyQuestion, question_id)
    if question is None or question.survey_id != survey_id:
        raise NotFound(question_id)
    return question


def has_answers(survey_id: int) -> bool:
    """True once anyone has answered (stored, waiting in the pool, or marked on an invitation)."""
    return bool(db.session.scalar(select(
        exists().where(SurveyResponse.survey_id == survey_id)
        | exists().where(SurveyPendingResponse.survey_id == survey_id)
        | exists().where((SurveyInvitation.survey_id == survey_id) & SurveyInvitation.answered)
    )))


def new_series_key() -> str:
    return "s-" + secrets.token_hex(6)


# --- surveys ------------------------------------------------------------------------------------

def create_survey(event_id: int | None, *, title: str, source_id: int | None = None,
                  is_template: bool = False, series_key: str | None = None) -> Survey:
    """A new draft survey for an event (or a template when event_id is None), optionally a copy of
    `source_id` (a template or an earlier survey: questions, options and settings, not times)."""
    event = db.session.get(Event, event_id) if event_id is not None else None
    if event_id is not None and event is None:
        raise NotFound(event_id)
    survey = Survey(event_id=event_id, title=title.strip(), is_template=is_template, status=SurveyStatus.DRAFT)
    if event is not None:
        survey.closes_at = event.ends_at + timedelta(days=DEFAULT_OPEN_DAYS)
    if source_id is not None:
        source = get_survey(source_id)
        if not source.series_key:
            source.series_key = new_series_key()
        survey.series_key = source.series_key
        survey.intro = source.intro
        survey.send_delay_minutes = source.send_delay_minutes
        survey.reminder_delay_hours = source.reminder_delay_hours
        survey.audience = source.audience
        survey.min_group_size = source.min_group_size
        for question in source.questions:
            survey.questions.append(copy_question(question))
    else:
        survey.series_key = series_key or new_series_key()
    db.session.add(survey)
    db.session.flush()
    return survey


def copy_question(question: SurveyQuestion) -> SurveyQuestion:
    copy = SurveyQuestion(
        position=question.position, kind=question.kind, text=question.text, help_text=question.help_text,
        required=question.required, low_label=question.low_label, high_label=question.high_label,
        key=question.key, is_breakdown=question.is_breakdown,
    )
    copy.options = [SurveyOption(position=o.position, label=o.label, is_other=o.is_other) for o in question.options]
    return copy


def update_settings(survey_id: int, settings: SurveySettings) -> Survey:
    survey = get_survey(survey_id)
    survey.title = settings.title.strip()
    survey.intro = settings.intro.strip()
    survey.opens_at = settings.opens_at
    survey.closes_at = settings.closes_at
    survey.send_delay_minutes = max(0, settings.send_delay_minutes)
    survey.reminder_delay_hours = settings.reminder_delay_hours
    survey.audience = settings.audience
    survey.min_group_size = max(1, settings.min_group_size)
    survey.status = settings.status
    db.session.flush()
    return survey


def delete_survey(survey_id: int) -> None:
    survey = get_survey(survey_id)
    if has_answers(survey_id):
        raise LockedByAnswers("remove_survey")
    db.session.delete(survey)
    db.session.flush()


# --- questions ----------------------------------------------------------------------------------

def _check_definition(survey: Survey, data: QuestionInput, question: SurveyQuestion | None) -> None:
    if data.kind in CHOICE_KINDS and len([o for o in data.options if o.strip()]) < 2:
        raise InvalidQuestion("options_needed")
    if data.is_breakdown and data.kind != QuestionKind.SINGLE:
        raise InvalidQuestion("breakdown_kind")
    if data.kind == QuestionKind.SESSIONS and any(
        q.kind == QuestionKind.SESSIONS and q is not question for q in survey.questions
    ):
        raise InvalidQuestion("one_sessions_block")


def _apply(question: SurveyQuestion, data: QuestionInput) -> None:
    question.kind = data.kind
    question.text = data.text.strip()
    question.help_text = data.help_text.strip()
    question.required = data.required
    question.low_label = data.low_label.strip() if data.kind in (QuestionKind.SCALE, QuestionKind.RECOMMEND) else ""
    question.high_label = data.high_label.strip() if data.kind in (QuestionKind.SCALE, QuestionKind.RECOMMEND) else ""
    question.is_breakdown = data.is_breakdown


def _labels(data: QuestionInput) -> list[str]:
    return [label.strip() for label in data.options if label.strip()] if data.kind in CHOICE_KINDS else []


def _check_unlocked_change(question: SurveyQuestion, data: QuestionInput) -> None:
    """With answers: the same kind, the same number of options, "Annet" kept or left out as before."""
    if data.kind != question.kind:
        raise LockedByAnswers("change_kind")
    regular = [o for o in question.options if not o.is_other]
    wants_other = data.kind in CHOICE_KINDS and data.other_label is not None
    if len(_labels(data)) != len(regular) or wants_other != (question.other_option is not None):
        raise LockedByAnswers("change_options")


def _set_options(question: SurveyQuestion, data: QuestionInput) -> None:
    labels = _labels(data)
    regular = [o for o in question.options if not o.is_other]
    other = question.other_option
    wants_other = data.kind in CHOICE_KINDS and data.other_label is not None
    for position, label in enumerate(labels):
        if position < len(regular):
            regular[position].label = label
            regular[position].position = position
        else:
            question.options.append(SurveyOption(label=label, position=position))
    for surplus in regular[len(labels):]:
        question.options.remove(surplus)
    if wants_other:
        if other is None:
            other = SurveyOption(is_other=True)
            question.options.append(other)
        other.label = (data.other_label or "").strip() or "Annet"
        other.position = len(labels)
    elif other is not None:
        question.options.remove(other)


def _only_breakdown(survey: Survey, question: SurveyQuestion) -> None:
    if question.is_breakdown:
        for other in survey.questions:
            if other is not question:
                other.is_breakdown = False


def add_question(survey_id: int, data: QuestionInput) -> SurveyQuestion:
    survey = get_survey(survey_id)
    _check_definition(survey, data, None)
    question = SurveyQuestion(position=len(survey.questions))
    if data.key:
        question.key = data.key
    _apply(question, data)
    _set_options(question, data)
    survey.questions.append(question)
    _only_breakdown(survey, question)
    db.session.flush()
    return question


def update_question(survey_id: int, question_id: int, data: QuestionInput) -> SurveyQuestion:
    question = get_question(survey_id, question_id)
    survey = question.survey
    if has_answers(survey_id):
        _check_unlocked_change(question, data)
    _check_definition(survey, data, question)
    _apply(question, data)
    _set_options(question, data)
    _only_breakdown(survey, question)
    db.session.flush()
    return question


def delete_question(survey_id: int, question_id: int) -> None:
    question = get_question(survey_id, question_id)
    if has_answers(survey_id):
        raise LockedByAnswers("remove_question")
    survey = question.survey
    survey.questions.remove(question)
    for position, q in enumerate(survey.questions):
        q.position = position
    db.session.flush()


def move_question(survey_id: int, question_id: int, direction: int) -> None:
    """Move one step up (-1) or down (+1); at either end nothing happens."""
    question = get_question(survey_id, question_id)
    ordered = list(question.survey.questions)
    index = ordered.index(question)
    target = index + (1 if direction > 0 else -1)
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, q in enumerate(ordered):
        q.position = position
    db.session.flush()
    db.session.expire(question.survey, ["questions"])


# --- listing ------------------------------------------------------------------------------------

def templates() -> list[Survey]:
    return list(db.session.scalars(select(Survey).where(Survey.is_template).order_by(Survey.title)))


def surveys_of(event_id: int) -> list[Survey]:
    return list(db.session.scalars(select(Survey).where(Survey.event_id == event_id).order_by(Survey.id)))


def copyable_surveys(exclude_event_id: int | None = None) -> list[Survey]:
    """Surveys of other events, newest event first (to start a new one as a copy)."""
    stmt = (select(Survey).join(Event, Survey.event_id == Event.id)
            .where(Survey.is_template.is_(False)).order_by(Event.starts_at.desc(), Survey.id))
    if exclude_event_id is not None:
        stmt = stmt.where(Survey.event_id != exclude_event_id)
    return list(db.session.scalars(stmt))


def all_event_surveys() -> list[tuple[Survey, int]]:
    """Every event's surveys with their number of stored answers, newest event first."""
    counts = (select(SurveyResponse.survey_id, func.count().label("n"))
              .group_by(SurveyResponse.survey_id).subquery())
    rows = db.session.execute(
        select(Survey, func.coalesce(counts.c.n, 0))
        .join(Event, Survey.event_id == Event.id)
        .outerjoin(counts, counts.c.survey_id == Survey.id)
        .order_by(Event.starts_at.desc(), Survey.id)
    ).all()
    return [(s, n) for s, n in rows]
