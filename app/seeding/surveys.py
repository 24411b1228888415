"""Seeded survey templates (seeds/surveys/templates.json) and the seed's "Lederundersøkelsen 2025"
results for the past Lederkonferansen 2026 (seeds/surveys/lederundersokelsen-2025.json).

Idempotent like the rest of the seed: a template is matched on its series, the seeded survey on its
event and title; neither is otherwise touched once it exists (organisers may have edited them). The 135
answers are built deterministically so that every option's count is exactly the published (or, for
questions 6 and 7, the invented — see the JSON's comment) figure, and every respondent answers every question.

What the presentation does not publish is marked as example figures on the seeded survey's questions
(`example_counts`, `example_texts`, `example_breakdown`; the JSON's "example"). Two corrections reach a
database seeded before that: the marks are set to what the JSON says, and dates still equal to the old
seed's ("old_dates") move to the survey's real year, answer days included.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from app.core.clock import parse_local
from app.extensions import db
from app.models import (
    Event,
    QuestionKind,
    Survey,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from app.surveys.answering import Cleaned, record_responses
from app.surveys.builder import copy_question


def _question(position: int, data: dict) -> SurveyQuestion:
    question = SurveyQuestion(
        position=position, kind=QuestionKind(data["kind"]), text=data["text"], help_text=data.get("help", ""),
        required=data.get("required", False), low_label=data.get("low", ""), high_label=data.get("high", ""),
        key=data["key"], is_breakdown=data.get("breakdown", False),
    )
    options = [SurveyOption(position=i, label=label) for i, label in enumerate(data.get("options", []))]
    if data.get("other"):
        options.append(SurveyOption(position=len(options), label=data["other"], is_other=True))
    question.options = options
    return question


def seed_templates(path: Path, added: Counter) -> dict[str, Survey]:
    existing = {s.series_key: s for s in db.session.scalars(select(Survey).where(Survey.is_template))}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        if entry["series"] in existing:
            continue
        template = Survey(event_id=None, is_template=True, series_key=entry["series"], title=entry["title"],
                          intro=entry.get("intro", ""), status=SurveyStatus.DRAFT)
        template.questions = [_question(i, q) for i, q in enumerate(entry["questions"])]
        db.session.add(template)
        existing[entry["series"]] = template
        added["survey templates"] += 1
    db.session.flush()
    return existing


def _spread(counts: dict[str, int], respondents: int, rng: random.Random) -> list[list[str]]:
    """Give each option to exactly `count` different respondents; everyone gets at least one when the
    counts add up to at least the number of respondents (consecutive runs over one shuffled order)."""
    order = list(range(respondents))
    rng.shuffle(order)
    picks: list[list[str]] = [[] for _ in range(respondents)]
    cursor = 0
    for label, count in counts.items():
        for j in range(count):
            picks[order[(cursor + j) % respondents]].append(label)
        cursor += count
    return picks


def build_answers(survey: Survey, spec: dict) -> list[tuple[date, Cleaned]]:
    n = spec["responses"]
    by_key = {q.key: q for q in survey.questions}
    items = [Cleaned() for _ in range(n)]
    for key, counts in spec["counts"].items():
        question = by_key[key]
        options = {o.label: o for o in question.options}
        if question.kind == QuestionKind.SINGLE:
            labels = [label for label, count in counts.items() for _ in range(count)]
            if len(labels) != n:
                raise ValueError(f"{key}: the counts must add up to {n}")
            random.Random(key).shuffle(labels)
            per_respondent = [[label] for label in labels]
        else:
            per_respondent = _spread(counts, n, random.Random(key))
        texts = iter(spec.get("other_texts", {}).get(key, []))
        for item, labels in zip(items, per_respondent, strict=True):
            for label in labels:
                option = options[label]
                item.answers.append((question.id, option.id, None, next(texts) if option.is_other else None))
    first = date.fromisoformat(spec["first_day"])
    rng = random.Random("days")
    return [(first + timedelta(days=min(spec["days"] - 1, int(rng.expovariate(1 / 3)))), item) for item in items]


EXAMPLE_PARTS = ("counts", "texts", "breakdown")


def mark_examples(survey: Survey, spec: dict) -> bool:
    """Give each question exactly the example marks the spec names; True when one changed."""
    changed = False
    for question in survey.questions:
        parts = spec.get("example", {}).get(question.key, [])
        for part in EXAMPLE_PARTS:
            if getattr(question, f"example_{part}") != (part in parts):
                setattr(question, f"example_{part}", part in parts)
                changed = True
    return changed


def redate(survey: Survey, spec: dict) -> bool:
    """Move a survey still on the old seed's dates to the spec's, its answer days by as many days."""
    old = spec.get("old_dates")
    if not old or (survey.opens_at, survey.closes_at) != (parse_local(old["opens_at"]), parse_local(old["closes_at"])):
        return False
    survey.opens_at, survey.closes_at = parse_local(spec["opens_at"]), parse_local(spec["closes_at"])
    days = date.fromisoformat(spec["first_day"]) - date.fromisoformat(old["first_day"])
    for response in db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)):
        response.answered_on += days
    return True


def seed_leader_survey(path: Path, templates: dict[str, Survey], added: Counter) -> None:
    spec = json.loads(path.read_text(encoding="utf-8"))
    event = db.session.scalar(select(Event).where(Event.slug == spec["event"]))
    if event is None:
        return
    survey = db.session.scalar(select(Survey).where(Survey.event_id == event.id, Survey.title == spec["title"]))
    if survey is not None:
        corrected = mark_examples(survey, spec)
        corrected = redate(survey, spec) or corrected
        added["corrected surveys"] += corrected
        return
    template = templates[spec["template"]]
    survey = Survey(event_id=event.id, series_key=template.series_key, title=spec["title"], intro=template.intro,
                    status=SurveyStatus.PUBLISHED, opens_at=parse_local(spec["opens_at"]),
                    closes_at=parse_local(spec["closes_at"]), reminder_delay_hours=None)
    survey.questions = [copy_question(q) for q in template.questions]
    mark_examples(survey, spec)
    db.session.add(survey)
    db.session.flush()
    added["surveys"] += 1
    added["survey answers"] += record_responses(survey.id, build_answers(survey, spec))


def seed_surveys(seed_dir: Path, added: Counter) -> None:
    folder = seed_dir / "surveys"
    templates = seed_templates(folder / "templates.json", added)
    seed_leader_survey(folder / "lederundersokelsen-2025.json", templates, added)
