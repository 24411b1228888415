"""Results for organisers: every figure is a GROUP BY in SQL; Python only shapes the few aggregate rows.

The number of queries does not grow with the number of answers (about twenty for any survey).
Nothing is shown unless at least `survey.min_group_size` answers stand behind it: a question's chart,
a free-text list, a session's rating, a band's column in the breakdown, a comparison; otherwise the
page says "for få svar til å vises". How many invitees answered is always shown, and so is what is
held back and why (`SurveyResults.held_back`).

Example figures (the seed's invented data, `SurveyQuestion.example_*`) carry their mark through every
figure made from them: a question's counts, its texts, its breakdown, a comparison with it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from sqlalchemy import func, select, union_all
from sqlalchemy.orm import selectinload

from app.charts.svg import Datum, bar_chart, percent
from app.extensions import db
from app.models import (
    QuestionKind,
    Session,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveySessionRating,
)
from app.models.surveys import CHOICE_KINDS, VALUE_KINDS
from app.surveys import answering, sending, window
from app.surveys.compare import Comparison, compare_question, comparison_candidates
from app.surveys.counts import Counts, counts_for, mean_of, nps_of

TEXTS_ON_PAGE = 100


@dataclass
class SessionResult:
    title: str
    starts_at: datetime
    n: int
    mean: float | None
    hidden: bool
    rows: list[Datum] = field(default_factory=list)


@dataclass
class BandColumn:
    label: str
    size: int  # respondents in this band who answered the question
    hidden: bool


@dataclass
class Breakdown:
    columns: list[BandColumn]
    rows: list[tuple[str, list[str | None]]]  # label, a cell per band ("12 (40 %)", None when hidden)
    means: list[float | None] | None = None  # scale questions: the mean per band
    hidden: bool = False
    example: bool = False  # the breakdown is made of example figures


@dataclass(frozen=True)
class HeldBack:
    """Answers the page does not show, and why: "too_few" (shown once there are `at_least`), "closed"
    (the survey has closed with fewer than `at_least`: never shown), "pool" (new answers wait until
    `at_least` new ones, or the survey's closing, so that none can be told from the others)."""

    count: int
    at_least: int
    reason: str


@dataclass
class QuestionResult:
    question: SurveyQuestion
    number: int
    answered: int
    hidden: bool
    rows: list[Datum] = field(default_factory=list)
    mean: float | None = None
    nps: int | None = None
    nps_parts: tuple[int, int, int] | None = None  # promoters, passives, detractors
    texts: list[str] = field(default_factory=list)
    text_count: int = 0
    texts_hidden: bool = True
    sessions: list[SessionResult] = field(default_factory=list)
    breakdown: Breakdown | None = None
    comparison: Comparison | None = None

    @property
    def example_counts(self) -> bool:
        return self.question.example_counts

    @property
    def example_texts(self) -> bool:
        return self.question.example_texts

    @property
    def chart(self) -> Markup:
        return bar_chart(self.rows, title=self.question.text)

    @property
    def sessions_chart(self) -> Markup:
        visible = [Datum(s.title, round(s.mean, 2), f"n = {s.n}") for s in self.sessions if not s.hidden]
        return bar_chart(visible, title=self.question.text, max_value=5)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    pending: int
    invited: int
    answered_invitations: int
    min_group: int
    questions: list[QuestionResult]
    band_question: SurveyQuestion | None
    compare_with: Survey | None = None
    compare_candidates: list[Survey] = field(default_factory=list)
    compare_responses: int = 0
    pool_size: int = 5
    closed: bool = False

    @property
    def response_rate(self) -> float | None:
        return 100 * self.answered_invitations / self.invited if self.invited else None

    @property
    def too_few(self) -> bool:
        return self.responses < self.min_group

    @property
    def held_back(self) -> HeldBack | None:
        if self.too_few:
            count = self.responses + self.pending
            if not count:
                return None
            if self.pending:
                return HeldBack(count, max(self.min_group, self.pool_size), "too_few")
            return HeldBack(count, self.min_group, "closed" if self.closed else "too_few")
        if self.pending:
            return HeldBack(self.pending, self.pool_size, "pool")
        return None

    @property
    def held_back_text(self) -> str | None:
        """What is held back and why, in the organiser's words (page, PDF, exports)."""
        held = self.held_back
        if held is None:
            return None
        if held.reason == "pool":
            return ngettext("%(num)d nytt svar vises når det er minst %(min)d nye, eller når undersøkelsen stenger, "
                            "for å verne anonymiteten.",
                            "%(num)d nye svar vises når det er minst %(min)d nye, eller når undersøkelsen stenger, "
                            "for å verne anonymiteten.", held.count, min=held.at_least)
        if held.reason == "closed":
            return _("%(num)d svar vises ikke: undersøkelsen er stengt, og det må være minst %(min)d svar for å "
                     "verne anonymiteten.", num=held.count, min=held.at_least)
        return _("%(num)d svar vises når det er minst %(min)d, for å verne anonymiteten.", num=held.count,
                 min=held.at_least)

    @property
    def has_examples(self) -> bool:
        return any(q.example_counts or q.example_texts or (q.breakdown and q.breakdown.example)
                   or (q.comparison and q.comparison.example) for q in self.questions)


def load_survey(survey_id: int) -> Survey | None:
    return db.session.scalars(
        select(Survey).where(Survey.id == survey_id)
        .options(selectinload(Survey.questions).selectinload(SurveyQuestion.options), selectinload(Survey.event))
    ).one_or_none()


def scale_label(question: SurveyQuestion, value: int) -> str:
    low, high = answering.SCALE_RANGE[question.kind]
    if value == low and question.low_label:
        return f"{value} – {question.low_label}"
    if value == high and question.high_label:
        return f"{value} – {question.high_label}"
    return str(value)


def _rows(question: SurveyQuestion, counts: Counts, answered: int) -> list[Datum]:
    if question.kind in CHOICE_KINDS:
        by_option = counts.choices.get(question.id, {})
        return [Datum(o.label, by_option.get(o.id, 0), percent(by_option.get(o.id, 0), answered))
                for o in question.options]
    low, high = answering.SCALE_RANGE[question.kind]
    by_value = counts.values.get(question.id, {})
    return [Datum(scale_label(question, v), by_value.get(v, 0), percent(by_value.get(v, 0), answered))
            for v in range(low, high + 1)]


def _texts(question_ids: list[int]) -> tuple[dict[int, list[str]], dict[int, int]]:
    """Up to TEXTS_ON_PAGE texts per question (in the random order of their keys) and the totals;
    both read from the partial index on answers that have a text."""
    if not question_ids:
        return {}, {}
    totals = dict(db.session.execute(
        select(SurveyAnswer.question_id, func.count())
        .where(SurveyAnswer.question_id.in_(question_ids), SurveyAnswer.text.is_not(None))
        .group_by(SurveyAnswer.question_id)).all())
    firsts = [select(SurveyAnswer.question_id, SurveyAnswer.text)
              .where(SurveyAnswer.question_id == qid, SurveyAnswer.text.is_not(None))
              .order_by(SurveyAnswer.id).limit(TEXTS_ON_PAGE).subquery().select() for qid in totals]
    texts: dict[int, list[str]] = defaultdict(list)
    if firsts:
        for qid, text in db.session.execute(union_all(*firsts)):
            texts[qid].append(text)
    return texts, totals


def all_texts(question_id: int) -> list[str]:
    return list(db.session.scalars(
        select(SurveyAnswer.text).where(SurveyAnswer.question_id == question_id, SurveyAnswer.text.is_not(None))
        .order_by(SurveyAnswer.id)))


def _sessions(question: SurveyQuestion, min_group: int) -> list[SessionResult]:
    rows = db.session.execute(
        select(SurveySessionRating.session_id, SurveySessionRating.rating, func.count())
        .where(SurveySessionRating.question_id == question.id)
        .group_by(SurveySessionRating.session_id, SurveySessionRating.rating)
    ).all()
    by_session: dict[int, dict[int, int]] = defaultdict(dict)
    for sid, rating, n in rows:
        by_session[sid][rating] = n
    if not by_session:
        return []
    sessions = db.session.execute(select(Session.id, Session.title, Session.starts_at)
                                  .where(Session.id.in_(list(by_session))).order_by(Session.starts_at, Session.id)).all()
    result = []
    for sid, title, starts_at in sessions:
        dist = by_session[sid]
        n = sum(dist.values())
        result.append(SessionResult(
            title, starts_at, n, mean_of(dist), n < min_group,
            [Datum(str(v), dist.get(v, 0), percent(dist.get(v, 0), n)) for v in range(1, 6)]))
    return result


def _band_counts(band: SurveyQuestion, targets: list[SurveyQuestion]) -> tuple[dict, dict]:
    """Two GROUP BYs over the answers joined to their respondent's band answer: the counts per
    (band, question, option/value), and how many in each band answered each multiple-choice question
    (for one-answer questions that is the sum of the counts)."""
    a, b = SurveyAnswer.__table__.alias("a"), SurveyAnswer.__table__.alias("b")
    joined = b.join(a, a.c.response_id == b.c.response_id)
    cells = db.session.execute(
        select(b.c.option_id, a.c.question_id, a.c.option_id, a.c.value, func.count())
        .select_from(joined).where(b.c.question_id == band.id, a.c.question_id.in_([q.id for q in targets]))
        .group_by(b.c.option_id, a.c.question_id, a.c.option_id, a.c.value)
    ).all()
    grid: dict[int, dict[int, Counts]] = defaultdict(lambda: defaultdict(Counts.empty))
    sizes: dict[tuple[int, int], int] = defaultdict(int)
    for band_option, qid, option_id, value, n in cells:
        target = grid[qid][band_option]
        if option_id is not None:
            target.choices.setdefault(qid, {})[option_id] = n
        elif value is not None:
            target.values.setdefault(qid, {})[value] = n
        sizes[(band_option, qid)] += n
    multi = [q.id for q in targets if q.kind == QuestionKind.MULTI]
    if multi:
        for key in [k for k in sizes if k[1] in multi]:
            del sizes[key]
        sizes.update({(band_option, qid): n for band_option, qid, n in db.session.execute(
            select(b.c.option_id, a.c.question_id, func.count(func.distinct(a.c.response_id)))
            .select_from(joined).where(b.c.question_id == band.id, a.c.question_id.in_(multi))
            .group_by(b.c.option_id, a.c.question_id))})
    return grid, sizes


def _breakdowns(survey: Survey, band: SurveyQuestion, min_group: int) -> dict[int, Breakdown]:
    """Per question, the answers by the respondent's band (asked in the survey itself)."""
    targets = [q for q in survey.questions if q is not band and (q.kind in CHOICE_KINDS or q.kind in VALUE_KINDS)]
    if not targets:
        return {}
    grid, sizes = _band_counts(band, targets)
    result = {}
    for question in targets:
        columns = [BandColumn(o.label, sizes.get((o.id, question.id), 0),
                              sizes.get((o.id, question.id), 0) < min_group) for o in band.options]
        per_band = [None if c.hidden else _rows(question, grid[question.id][o.id], c.size)
                    for c, o in zip(columns, band.options, strict=True)]
        labels = [d.label for d in _rows(question, Counts.empty(), 0)]
        rows = [(label, [None if band_rows is None else f"{band_rows[i].value:.0f} ({band_rows[i].note})"
                         for band_rows in per_band]) for i, label in enumerate(labels)]
        means = None
        if question.kind in VALUE_KINDS:
            means = [None if c.hidden else mean_of(grid[question.id][o.id].values.get(question.id, {}))
                     for c, o in zip(columns, band.options, strict=True)]
        result[question.id] = Breakdown(columns, rows, means, all(c.hidden for c in columns),
                                        question.example_breakdown or question.example_counts or band.example_counts)
    return result


def results(survey: Survey, compare_id: int | None = None) -> SurveyResults:
    min_group = survey.min_group_size
    questions = list(survey.questions)
    counts = counts_for(survey.id, questions)
    invited, answered_invitations = sending.invitation_counts(survey.id)
    text_ids = [q.id for q in questions if q.kind == QuestionKind.TEXT or q.other_option is not None]
    texts, text_totals = _texts(text_ids)
    band = next((q for q in questions if q.is_breakdown and q.kind == QuestionKind.SINGLE), None)
    breakdowns = _breakdowns(survey, band, min_group) if band is not None else {}
    candidates = comparison_candidates(survey)
    other = next((c for c in candidates if c.id == compare_id), None) if compare_id else None
    if other is None and compare_id is None:
        other = next((c for c in candidates if c.event and survey.event and c.event.starts_at < survey.event.starts_at),
                     None)
    other_counts = counts_for(other.id, list(other.questions)) if other is not None else None
    out = []
    for number, question in enumerate(questions, start=1):
        answered = counts.answered.get(question.id, 0)
        item = QuestionResult(question, number, answered, answered < min_group)
        if question.kind in CHOICE_KINDS or question.kind in VALUE_KINDS:
            item.rows = _rows(question, counts, answered)
        if question.kind in VALUE_KINDS:
            dist = counts.values.get(question.id, {})
            item.mean = mean_of(dist)
            if question.kind == QuestionKind.RECOMMEND:
                item.nps, item.nps_parts = nps_of(dist)
        if question.id in text_totals or question.id in text_ids:
            item.texts = texts.get(question.id, [])
            item.text_count = text_totals.get(question.id, 0)
            item.texts_hidden = item.text_count < min_group
        if question.kind == QuestionKind.SESSIONS:
            item.sessions = _sessions(question, min_group)
            item.answered = sum(s.n for s in item.sessions)
            item.hidden = all(s.hidden for s in item.sessions)
        item.breakdown = breakdowns.get(question.id)
        if other is not None:
            item.comparison = compare_question(question, counts, other, other_counts, min_group)
        out.append(item)
    return SurveyResults(survey, counts.responses, answering.pending_count(survey.id), invited, answered_invitations,
                         min_group, out, band, other, candidates, other_counts.responses if other_counts else 0,
                         answering.pool_size(), window.is_closed(survey))

