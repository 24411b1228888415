"""The results page of a survey with 2,000 answers to 15 questions (aggregated in SQL)."""
from __future__ import annotations

import random
from datetime import date, timedelta

from app.extensions import db
from app.models import QuestionKind, UserRole
from app.surveys import answering, builder
from app.surveys.answering import Cleaned
from app.surveys.builder import QuestionInput
from benchmarks.harness import Env, Result, measure
from tests.conftest import count_queries
from tests.factories import PASSWORD, Factory, csrf_from

ANSWERS = 2000
MAX_MS = 200.0
MAX_QUERIES = 25


def _questions() -> list[QuestionInput]:
    bands = ["Mindre enn 1 år", "1-3 år", "4-6 år", "7-10 år", "Mer enn 10 år"]
    themes = ["Personalledelse", "Økonomi", "Rammeplan", "Endringsledelse", "Nettverk", "Juss"]
    qs = [QuestionInput(QuestionKind.SINGLE, "Hvor lenge har du vært leder?", options=bands, is_breakdown=True)]
    qs += [QuestionInput(QuestionKind.SCALE, f"Hvor fornøyd er du med del {i}?", low_label="Svært misfornøyd",
                         high_label="Svært fornøyd") for i in range(5)]
    qs += [QuestionInput(QuestionKind.RECOMMEND, "Vil du anbefale konferansen?")]
    qs += [QuestionInput(QuestionKind.SINGLE, f"Valg {i}?", options=["Ja", "Nei", "Vet ikke"], other_label="Annet")
           for i in range(3)]
    qs += [QuestionInput(QuestionKind.MULTI, f"Tema {i}?", options=themes, other_label="Annet") for i in range(3)]
    qs += [QuestionInput(QuestionKind.TEXT, f"Kommentar {i}?") for i in range(2)]
    return qs


def build(env: Env) -> int:
    make = Factory(env.app)
    event = make.event(slug="bench-surveys", title="Benchmark-konferansen")
    rng = random.Random(8)
    with env.app.app_context():
        survey = builder.create_survey(event.id, title="Evaluering")
        for q in _questions():
            builder.add_question(survey.id, q)
        survey = builder.get_survey(survey.id)
        items = []
        for i in range(ANSWERS):
            c = Cleaned()
            for q in survey.questions:
                if q.kind == QuestionKind.SINGLE:
                    option = rng.choice(q.options)
                    c.answers.append((q.id, option.id, None, "Noe annet" if option.is_other else None))
                elif q.kind == QuestionKind.MULTI:
                    for option in rng.sample(q.options, rng.randint(1, 3)):
                        c.answers.append((q.id, option.id, None, "Eget tema" if option.is_other else None))
                elif q.kind == QuestionKind.SCALE:
                    c.answers.append((q.id, None, rng.randint(1, 5), None))
                elif q.kind == QuestionKind.RECOMMEND:
                    c.answers.append((q.id, None, rng.randint(0, 10), None))
                elif rng.random() < 0.3:
                    c.answers.append((q.id, None, None, f"Kommentar nummer {i}: det var fint å møtes."))
            items.append((date(2027, 4, 16) + timedelta(days=i % 14), c))
        answering.record_responses(survey.id, items)
        db.session.commit()
        survey_id = survey.id
        db.session.remove()
    return survey_id


def _login(env: Env) -> None:
    user = Factory(env.app).user(UserRole.ADMINISTRATOR, email="bench-organiser@example.org")
    token = csrf_from(env.client.get("/login").get_data(as_text=True))
    response = env.client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303


def run(env: Env) -> list[Result]:
    survey_id = build(env)
    _login(env)
    url = f"/admin/surveys/{survey_id}/results"
    first = env.client.get(url)
    assert first.status_code == 200 and f'id="answer-count">{ANSWERS}<' in first.get_data(as_text=True)
    with count_queries(env.app) as queries:
        env.client.get(url)
    page = measure(lambda: env.client.get(url), n=30, warmup=3)
    csv = measure(lambda: env.client.get(url + ".csv"), n=10, warmup=2)
    note = f"{len(queries)} SQL queries (goal ≤ {MAX_QUERIES})"
    return [
        Result(f"survey results page ({ANSWERS} answers, 15 questions)", page, goal=f"< {MAX_MS:g} ms",
               met=page.median_ms < MAX_MS and len(queries) <= MAX_QUERIES, note=note),
        Result(f"survey results CSV ({ANSWERS} answers, 15 questions)", csv, goal=f"< {MAX_MS:g} ms",
               met=csv.median_ms < MAX_MS),
    ]
