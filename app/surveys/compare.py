"""Comparing a survey with the same survey of another event (e.g. 2027 against 2026).

Surveys are "the same" when they share a series (copied from the same template or from each other);
questions are matched by their stable key and kind, options by their label.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Event, Survey, SurveyQuestion
from app.models.surveys import CHOICE_KINDS, VALUE_KINDS
from app.surveys.counts import Counts, mean_of, nps_of


@dataclass
class ComparisonRow:
    label: str
    then_pct: float | None
    now_pct: float | None

    @property
    def change(self) -> float | None:
        """Change in percentage points."""
        if self.then_pct is None or self.now_pct is None:
            return None
        return self.now_pct - self.then_pct


@dataclass
class Comparison:
    then_answered: int
    now_answered: int
    hidden: bool
    rows: list[ComparisonRow] = field(default_factory=list)
    then_mean: float | None = None
    now_mean: float | None = None
    then_nps: int | None = None
    now_nps: int | None = None
    example: bool = False  # either side's counts are example figures


def comparison_candidates(survey: Survey) -> list[Survey]:
    """Other events' surveys of the same series, latest event first."""
    if not survey.series_key:
        return []
    return list(db.session.scalars(
        select(Survey).join(Event, Survey.event_id == Event.id)
        .where(Survey.series_key == survey.series_key, Survey.id != survey.id, Survey.is_template.is_(False))
        .options(selectinload(Survey.questions).selectinload(SurveyQuestion.options), selectinload(Survey.event))
        .order_by(Event.starts_at.desc(), Survey.id)
    ))


def _norm(label: str) -> str:
    return " ".join(label.casefold().split())


def _pct(count: int, total: int) -> float | None:
    return 100 * count / total if total else None


def _choice_rows(question: SurveyQuestion, counts: Counts, match: SurveyQuestion, then: Counts,
                 now_n: int, then_n: int) -> list[ComparisonRow]:
    now_by = counts.choices.get(question.id, {})
    then_by = then.choices.get(match.id, {})
    then_options = {_norm(o.label): o for o in match.options}
    rows = []
    for option in question.options:
        old = then_options.pop(_norm(option.label), None)
        rows.append(ComparisonRow(option.label, _pct(then_by.get(old.id, 0), then_n) if old else None,
                                  _pct(now_by.get(option.id, 0), now_n)))
    rows.extend(ComparisonRow(o.label, _pct(then_by.get(o.id, 0), then_n), None) for o in then_options.values())
    return rows


def compare_question(question: SurveyQuestion, counts: Counts, other: Survey, then: Counts,
                     min_group: int) -> Comparison | None:
    if question.kind not in CHOICE_KINDS and question.kind not in VALUE_KINDS:
        return None
    match = next((q for q in other.questions if q.key == question.key and q.kind == question.kind), None)
    if match is None:
        return None
    now_n, then_n = counts.answered.get(question.id, 0), then.answered.get(match.id, 0)
    result = Comparison(then_n, now_n, now_n < min_group or then_n < min_group,
                        example=question.example_counts or match.example_counts)
    if question.kind in CHOICE_KINDS:
        result.rows = _choice_rows(question, counts, match, then, now_n, then_n)
    else:
        now_dist, then_dist = counts.values.get(question.id, {}), then.values.get(match.id, {})
        result.now_mean, result.then_mean = mean_of(now_dist), mean_of(then_dist)
        if question.kind.value == "recommend":
            result.now_nps, result.then_nps = nps_of(now_dist)[0], nps_of(then_dist)[0]
    return result
