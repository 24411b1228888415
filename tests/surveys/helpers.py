"""Building blocks for the survey tests: a past event with participants, a survey, invitations."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import (
    Checkin,
    OutboxMessage,
    QuestionKind,
    SessionKind,
    Survey,
    SurveyAudience,
    SurveyInvitation,
    SurveyStatus,
)
from app.registration import service
from app.seeding.run import seed_dir
from app.seeding.surveys import seed_templates
from app.surveys import answering, builder
from app.surveys.builder import QuestionInput, SurveySettings
from tests.factories import applicant


@dataclass
class Gathering:
    event_id: int
    slug: str
    ends_at: object
    registration_ids: list[int]
    plenary_ids: list[int]
    workshop_id: int


def gathering(app, make, people: int = 6, *, checked_in: int | None = None, slug: str | None = None,
              starts_at=None) -> Gathering:
    """A published event with two plenaries and a workshop; `people` confirmed registrations (even
    numbers chose the workshop), the first `checked_in` of them checked in at the door. Outbox emptied."""
    kw = {"capacity": None}
    if slug:
        kw["slug"] = slug
    if starts_at is not None:
        kw["starts_at"] = starts_at
    event = make.event(**kw)
    opening = make.session(event, title="Åpning", kind=SessionKind.PLENARY)
    workshop = make.session(event, title="Verksted: Å lede profesjonsfellesskap", kind=SessionKind.WORKSHOP,
                            capacity=100, starts_at=event.starts_at + timedelta(hours=2))
    closing = make.session(event, title="Avslutning", kind=SessionKind.PLENARY,
                           starts_at=event.starts_at + timedelta(hours=5))
    make.session(event, title="Lunsj", kind=SessionKind.MEAL, starts_at=event.starts_at + timedelta(hours=3))
    with app.app_context():
        with transaction():
            ids = [service.register(event.id, applicant(f"{event.id}-{i}"), [workshop.id] if i % 2 == 0 else []).id
                   for i in range(people)]
        for rid in ids[: people if checked_in is None else checked_in]:
            db.session.add(Checkin(event_id=event.id, registration_id=rid, session_id=None,
                                   scanned_at=event.starts_at))
        db.session.execute(delete(OutboxMessage))
        db.session.commit()
        db.session.remove()
    return Gathering(event.id, event.slug, event.ends_at, ids, [opening.id, closing.id], workshop.id)


def seed_survey_templates() -> dict[str, Survey]:
    templates = seed_templates(seed_dir() / "surveys" / "templates.json", Counter())
    db.session.commit()
    return templates


def publish(survey_id: int, **changes) -> Survey:
    survey = builder.get_survey(survey_id)
    settings = SurveySettings(title=survey.title, intro=survey.intro, opens_at=survey.opens_at,
                              closes_at=survey.closes_at, send_delay_minutes=survey.send_delay_minutes,
                              reminder_delay_hours=survey.reminder_delay_hours, audience=survey.audience,
                              min_group_size=survey.min_group_size, status=SurveyStatus.PUBLISHED)
    for name, value in changes.items():
        setattr(settings, name, value)
    with transaction():
        return builder.update_settings(survey_id, settings)


def small_survey(event_id: int, *, audience: SurveyAudience = SurveyAudience.CHECKED_IN) -> Survey:
    """Published: band (single, breakdown), overall (scale, required), recommend, themes (multi + Annet),
    sessions block, comment (text)."""
    with transaction():
        survey = builder.create_survey(event_id, title="Evaluering")
    with transaction():
        builder.add_question(survey.id, QuestionInput(QuestionKind.SINGLE, "Hvor lenge har du vært leder?", key="band",
                                                      options=["Under 4 år", "4 år eller mer"], is_breakdown=True))
    with transaction():
        builder.add_question(survey.id, QuestionInput(QuestionKind.SCALE, "Hvor fornøyd er du alt i alt?", key="overall",
                                                      required=True, low_label="Svært misfornøyd",
                                                      high_label="Svært fornøyd"))
    with transaction():
        builder.add_question(survey.id, QuestionInput(QuestionKind.RECOMMEND, "Vil du anbefale konferansen?",
                                                      key="recommend", low_label="Svært lite sannsynlig",
                                                      high_label="Svært sannsynlig"))
    with transaction():
        builder.add_question(survey.id, QuestionInput(QuestionKind.MULTI, "Hvilke tema ønsker du deg?", key="themes",
                                                      options=["Personalledelse", "Økonomi"], other_label="Annet"))
    with transaction():
        builder.add_question(survey.id, QuestionInput(QuestionKind.SESSIONS, "Hvordan var øktene?", key="sessions",
                                                      low_label="Svært dårlig", high_label="Svært bra"))
    with transaction():
        builder.add_question(survey.id, QuestionInput(QuestionKind.TEXT, "Hva kan vi gjøre bedre?", key="comment"))
    return publish(survey.id, audience=audience)


def after_event(g: Gathering, hours: float = 3) -> None:
    clock.set_now(g.ends_at + timedelta(hours=hours))


def invitation_tokens(survey_id: int) -> dict[int, str]:
    """registration id → the token of its link (derived again from the stored salt, as the e-mail does)."""
    rows = db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey_id))
    return {inv.registration_id: answering.token_of(inv) for inv in rows}


def answer(token: str, form: dict[str, list[str]]) -> None:
    """Answer through the link as the answer route does: store it in the pool, then flush the pool if due, each
    in a transaction of its own."""
    with transaction():
        survey_id = answering.submit(token, form)
    with transaction():
        answering.flush_pool(survey_id)


def question_ids(survey: Survey) -> dict[str, int]:
    return {q.key: q.id for q in survey.questions}


def option_ids(survey: Survey, key: str) -> dict[str, int]:
    question = next(q for q in survey.questions if q.key == key)
    return {o.label: o.id for o in question.options}
