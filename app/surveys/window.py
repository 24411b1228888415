"""The survey window: the one rule for when a feedback survey takes answers and when it is due to be sent.

A published survey takes answers from `opens_at` (that instant included; none: at once) until `closes_at`
(that instant excluded; none: never closes). Its invitations go out at `send_at`: `send_delay_minutes`
after its event ends, but never before `opens_at`. A draft or a template (no event) is never open.
The answering page, the sender, the organisers' pages and the results all ask `phase`.
"""
from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_

from app.core import clock
from app.models import Survey, SurveyStatus


class SurveyPhase(enum.StrEnum):
    TEMPLATE = "template"  # belongs to no event: copied, never sent or answered
    DRAFT = "draft"
    NOT_YET_OPEN = "not_yet_open"  # published, before opens_at
    OPEN = "open"
    CLOSED = "closed"  # from closes_at


def phase(survey: Survey, at: datetime | None = None) -> SurveyPhase:
    at = at or clock.now()
    if survey.event_id is None:
        return SurveyPhase.TEMPLATE
    if survey.status != SurveyStatus.PUBLISHED:
        return SurveyPhase.DRAFT
    if survey.closes_at is not None and at >= survey.closes_at:
        return SurveyPhase.CLOSED
    if survey.opens_at is not None and at < survey.opens_at:
        return SurveyPhase.NOT_YET_OPEN
    return SurveyPhase.OPEN


def is_closed(survey: Survey, at: datetime | None = None) -> bool:
    """The survey's closing time has passed (whatever its status: the results say «stengt» from then)."""
    return survey.closes_at is not None and (at or clock.now()) >= survey.closes_at


def not_closed_at(at: datetime) -> ColumnElement[bool]:
    """`not is_closed(survey, at)` as SQL, for picking the surveys the sender still looks at."""
    return or_(Survey.closes_at.is_(None), Survey.closes_at > at)


def closed_at(at: datetime) -> ColumnElement[bool]:
    """`is_closed(survey, at)` as SQL."""
    return Survey.closes_at <= at


def send_at(survey: Survey) -> datetime | None:
    """When the invitations of this survey go out (None for a template)."""
    if survey.event is None:
        return None
    at = survey.event.ends_at + timedelta(minutes=survey.send_delay_minutes)
    if survey.opens_at is not None and survey.opens_at > at:
        at = survey.opens_at
    return at


def is_due(survey: Survey, at: datetime | None = None) -> bool:
    """Published, not closed, and its send time has come: the invitations (and the reminder) may go out."""
    at = at or clock.now()
    when = send_at(survey)  # never before opens_at, so a survey that is due is open
    return phase(survey, at) == SurveyPhase.OPEN and when is not None and when <= at
