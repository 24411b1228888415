"""An event with everything on it, in plain ASCII English, for the English-pages tests.

Every text here is content (titles, names, places, answers): being ASCII English, it can never be
mistaken for an untranslated bokmål text on the page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import (
    Checkin,
    Event,
    EventRole,
    OutboxMessage,
    ParticipantRole,
    QuestionKind,
    SessionKind,
    SurveyAudience,
    SurveyStatus,
    User,
    UserRole,
    YearsBand,
)
from app.registration import links
from app.registration import service as registrations
from app.registration.service import Applicant
from app.surveys import builder
from app.surveys.builder import QuestionInput, SurveySettings

OSLO_KOMMUNE = "0301"  # "Oslo": the one municipality (and county) name that is plain ASCII


@dataclass
class World:
    slug: str
    event_id: int
    venue_id: int
    room_id: int
    track_id: int
    speaker_id: int
    opening_id: int
    workshop_id: int
    registrations: dict[str, int] = field(default_factory=dict)  # first name → id
    manage_tokens: dict[str, str] = field(default_factory=dict)
    badge_codes: dict[str, str] = field(default_factory=dict)
    organiser_email: str = "olivia@example.org"
    staff_email: str = "sam@example.org"
    organiser_id: int = 0
    survey_id: int = 0
    question_id: int = 0


def person(first: str, **kw) -> Applicant:
    data = dict(first_name=first, last_name="Smith", email=f"{first.lower()}@example.org", organisation="Riverside School",
                municipality_number=OSLO_KOMMUNE, job_title="Principal", years_as_leader=YearsBand.Y4_6,
                phone="+47 912 34 567", invoice_org_number="974760673", invoice_reference="Ref 42")
    data.update(kw)
    return Applicant(**data)


def build(app, make) -> World:
    venue = make.venue(name="Grand Hall", address="Main Street 1", postal_code="0150", city="Oslo",
                       municipality_number=OSLO_KOMMUNE, rooms=[("Main Hall", 300), ("Studio", 30)])
    event = make.event(title="Leaders Summit 2027", slug="leaders-summit", venue_id=venue.id, capacity=3, fee_nok=1500,
                       description="Two days for school leaders.", theme="Leading together",
                       contact_name="Kate Host", contact_email="kate@example.org")
    track = make.track(event, name="Track A")
    ada = make.speaker(name="Ada Lovelace", title="principal", organisation="Analytical School",
                       email="ada@example.org", bio="Ada leads a music school.")
    with app.app_context():
        rooms = {r.name: r.id for r in db.session.get(Event, event.id).venue.rooms}
    start = event.starts_at
    opening = make.session(event, title="Opening plenary", abstract="Welcome and keynote.", speakers=[ada],
                           room_id=rooms["Main Hall"], track_id=track.id)
    workshop = make.session(event, title="Workshop Alpha", kind=SessionKind.WORKSHOP, capacity=1,
                            starts_at=start + timedelta(hours=2), room_id=rooms["Studio"], speakers=[ada],
                            description="Hands-on **work**.")
    make.session(event, title="Workshop Beta", kind=SessionKind.PARALLEL, starts_at=start + timedelta(hours=2),
                 room_id=rooms["Main Hall"])
    make.session(event, title="Lunch", kind=SessionKind.MEAL, starts_at=start + timedelta(hours=3))
    world = World(event.slug, event.id, venue.id, rooms["Studio"], track.id, ada.id, opening.id, workshop.id)

    organiser = make.user(UserRole.ADMINISTRATOR, email=world.organiser_email)
    staff = make.user(EventRole.DOOR, email=world.staff_email, events=[event])
    world.organiser_id = organiser.id
    with app.app_context():
        db.session.get(User, organiser.id).name = "Olivia Organiser"
        db.session.get(User, staff.id).name = "Sam Staff"
        db.session.commit()
        people = [
            ("Tom", dict(health_consent=True, diet=("vegetarian",), diet_other="No onions", accessibility_needs="Ramp"),
             [workshop.id]),
            ("Ann", {}, [workshop.id]),
            ("Eve", dict(role=ParticipantRole.SPEAKER), []),
            ("Rob", {}, []),  # the event is full: waiting list
        ]
        for first, extra, sessions in people:
            with transaction():
                reg = registrations.register(event.id, person(first, **extra), sessions)
            world.registrations[first] = reg.id
            world.manage_tokens[first] = links.manage_token(reg)
            world.badge_codes[first] = links.badge_code(reg)
        with transaction():
            cancelled = registrations.register(event.id, person("Cid"), [])
        world.registrations["Cid"] = cancelled.id
        world.manage_tokens["Cid"] = links.manage_token(cancelled)
        with transaction():
            registrations.cancel(cancelled.id)
        db.session.add(Checkin(event_id=event.id, registration_id=world.registrations["Tom"], session_id=None,
                               scanned_at=clock.now()))
        db.session.commit()
        with transaction():
            survey = builder.create_survey(event.id, title="Summit feedback")
        with transaction():
            builder.add_question(survey.id, QuestionInput(QuestionKind.SINGLE, "How long have you led?", key="band",
                                                          options=["Under four years", "Four years or more"],
                                                          is_breakdown=True))
        with transaction():
            question = builder.add_question(survey.id, QuestionInput(
                QuestionKind.SCALE, "How happy are you overall?", key="overall", required=True, low_label="Unhappy",
                high_label="Happy"))
        with transaction():
            builder.add_question(survey.id, QuestionInput(QuestionKind.RECOMMEND, "Would you recommend it?",
                                                          key="recommend", low_label="Unlikely", high_label="Likely"))
        with transaction():
            builder.add_question(survey.id, QuestionInput(QuestionKind.MULTI, "Which topics?", key="topics",
                                                          options=["Staff", "Money"], other_label="Something else"))
        with transaction():
            builder.add_question(survey.id, QuestionInput(QuestionKind.SESSIONS, "How were the sessions?",
                                                          key="sessions", low_label="Poor", high_label="Great"))
        with transaction():
            builder.add_question(survey.id, QuestionInput(QuestionKind.TEXT, "What could be better?", key="comment"))
        with transaction():
            builder.update_settings(survey.id, SurveySettings(title="Summit feedback", intro="Please tell us.",
                                                              audience=SurveyAudience.CONFIRMED,
                                                              closes_at=event.ends_at + timedelta(days=14),
                                                              status=SurveyStatus.PUBLISHED))
        world.survey_id, world.question_id = survey.id, question.id
        db.session.remove()
    return world


def mail_subjects(app) -> tuple[str, ...]:
    """The stored e-mail subjects (e-mails are always written in bokmål): content, not page text."""
    with app.app_context():
        subjects = tuple(sorted(set(db.session.scalars(select(OutboxMessage.subject))), key=len, reverse=True))
        db.session.remove()
    return subjects

