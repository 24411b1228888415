"""The aggregate counts of one survey, in a few GROUP BY queries, and the figures made from them."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import QuestionKind, SurveyAnswer, SurveyQuestion, SurveyResponse


@dataclass
class Counts:
    responses: int = 0
    answered: dict[int, int] = field(default_factory=dict)  # question → respondents who answered it
    choices: dict[int, dict[int, int]] = field(default_factory=dict)  # question → option → count
    values: dict[int, dict[int, int]] = field(default_factory=dict)  # question → value → count

    @classmethod
    def empty(cls) -> Counts:
        return cls()


def counts_for(survey_id: int, questions: list[SurveyQuestion]) -> Counts:
    """Three small GROUP BYs, whatever the number of answers."""
    counts = Counts(db.session.scalar(
        select(func.count()).select_from(SurveyResponse).where(SurveyResponse.survey_id == survey_id)) or 0)
    ids = [q.id for q in questions]
    if not ids:
        return counts
    answered: dict[int, int] = defaultdict(int)
    for qid, option_id, value, n in db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.option_id, SurveyAnswer.value, func.count())
        .where(SurveyAnswer.question_id.in_(ids),
               or_(SurveyAnswer.option_id.is_not(None), SurveyAnswer.value.is_not(None)))
        .group_by(SurveyAnswer.question_id, SurveyAnswer.option_id, SurveyAnswer.value)
    ):
        if option_id is not None:
            counts.choices.setdefault(qid, {})[option_id] = n
        else:
            counts.values.setdefault(qid, {})[value] = n
        answered[qid] += n  # one row per respondent, except for multiple choice (below)
    texts = [q.id for q in questions if q.kind == QuestionKind.TEXT]
    if texts:
        answered.update(db.session.execute(
            select(SurveyAnswer.question_id, func.count()).where(SurveyAnswer.question_id.in_(texts),
                                                                 SurveyAnswer.text.is_not(None))
            .group_by(SurveyAnswer.question_id)).all())
    multi = [q.id for q in questions if q.kind == QuestionKind.MULTI]
    if multi:
        answered.update(db.session.execute(
            select(SurveyAnswer.question_id, func.count(func.distinct(SurveyAnswer.response_id)))
            .where(SurveyAnswer.question_id.in_(multi)).group_by(SurveyAnswer.question_id)).all())
    counts.answered = dict(answered)
    return counts


def mean_of(distribution: dict[int, int]) -> float | None:
    total = sum(distribution.values())
    return sum(v * n for v, n in distribution.items()) / total if total else None


def nps_of(distribution: dict[int, int]) -> tuple[int | None, tuple[int, int, int]]:
    """Recommendation score: % who answered 9–10 minus % who answered 0–6 (−100 … 100)."""
    total = sum(distribution.values())
    promoters = sum(n for v, n in distribution.items() if v >= 9)
    detractors = sum(n for v, n in distribution.items() if v <= 6)
    passives = total - promoters - detractors
    if not total:
        return None, (0, 0, 0)
    return round(100 * (promoters - detractors) / total), (promoters, passives, detractors)
