"""A small world of real objects to fill every URL of the app with, and the people who use it.

Event A (published) has a program, a participant with all her links, a second participant, our speaker's
session with a file, a survey with an invitation, a program-change notice, an outbox message; its team
(an arrangør, lesetilgang and a dørvakt) is on A only. Event B (published) has its own participant and
survey, whose badge A's door staff must not check in. Draft event C has another speaker, whose photo and file nobody outside may see yet.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

from flask import Flask
from sqlalchemy import func, select

from app.audit.log import SYSTEM
from app.core import clock, tokens
from app.core.transaction import transaction
from app.extensions import db
from app.models import (
    EventRole,
    EventStatus,
    OutboxMessage,
    Person,
    ProgramNotice,
    QuestionKind,
    SessionKind,
    Speaker,
    SpeakerLoginToken,
    SurveyInvitation,
    UserRole,
)
from app.models import Session as ProgramSession
from app.people import identity, signin
from app.registration import links, service
from app.resources import files as resource_files
from app.resources import service as resources
from app.speakers import materials
from app.speakers import service as speakers
from app.surveys import answering, builder
from app.surveys.builder import QuestionInput
from tests.factories import Factory, applicant
from tests.speakers import files
from tests.surveys.helpers import publish

ORGANISER = "arrangor@example.org"  # an administrator
STAFF = "dor@example.org"  # dørvakt at A
ARRANGER = "arrangor-a@example.org"  # arrangør at A
VIEWER = "les@example.org"  # lesetilgang at A


@dataclass(frozen=True)
class World:
    slug: str  # event A
    other_slug: str  # event B: the door staff are not assigned to it
    draft_slug: str  # event C, a draft
    session_id: int  # A's opening plenary, our speaker's session
    workshop_id: int  # A's workshop with sign-up
    other_speaker_session_id: int  # on C, the other speaker's
    track_id: int
    venue_id: int
    room_id: int
    registration_id: int  # the participant's (A, confirmed, in the workshop)
    other_registration_id: int  # a second participant at A
    manage_token: str
    feed_token: str
    badge_code: str
    survey_token: str
    other_manage_token: str
    other_event_badge_code: str  # the participant at B
    speaker_id: int  # our speaker (on A's published program)
    other_speaker_id: int  # only on draft C: photo and file not public yet
    speaker_feed_token: str
    speaker_link_token: str  # a valid, unused sign-in link of our speaker
    material_id: int  # a file on our speaker's session
    other_material_id: int  # a file on the other speaker's session (C)
    survey_id: int
    other_survey_id: int  # B's
    question_id: int  # a required scale question
    text_question_id: int
    notice_id: int
    message_id: int
    person_id: int  # the participant, remembered («Husk meg») and signed in to Min side
    person_feed_token: str  # Min side's feed of all her events
    person_link_token: str  # a valid, unused sign-in link to Min side
    door_id: int  # dørvakt at A
    administrator_id: int  # on no team
    resource_id: int  # a file in the resource library
    resource_slug: str
    group_token: str  # the participant is also the contact of a group at A (/group/<token>)
    group_registration_id: int  # the colleague in that group
    invoice_number: str  # an invoice at A (the second participant's payer)
    other_invoice_number: str  # an invoice at B
    series_slug: str  # a public series with event A in it
    series_id: int
    series_member_id: int  # the participant, a member
    series_member_token: str  # the participant's member link
    certificate_code: str  # the verification code of the participant's kursbevis (/verify/<code>)
    followup_token: str  # the participant's mentoring follow-up question (/mentoring/followup/<token>)




def _speaker_link(speaker_id: int) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(SpeakerLoginToken(speaker_id=speaker_id, token_hash=tokens.digest(token), purpose="login",
                                     expires_at=clock.now() + timedelta(hours=24)))
    return token


def _survey(event_id: int, registration_id: int) -> tuple[int, int, int, str]:
    with transaction():
        survey = builder.create_survey(event_id, title="Evaluering")
    with transaction():
        question = builder.add_question(survey.id, QuestionInput(QuestionKind.SCALE, "Hvor fornøyd er du alt i alt?",
                                                                 key="overall", required=True, low_label="Lite",
                                                                 high_label="Svært"))
    with transaction():
        text = builder.add_question(survey.id, QuestionInput(QuestionKind.TEXT, "Hva kan vi gjøre bedre?", key="comment"))
    publish(survey.id)
    invitation = SurveyInvitation(survey_id=survey.id, registration_id=registration_id, token_salt=tokens.new_salt())
    invitation.token_hash = tokens.digest(answering.token_of(invitation))
    db.session.add(invitation)
    db.session.commit()
    return survey.id, question.id, text.id, answering.token_of(invitation)


def _resource():
    """A checklist in the library, as a PDF."""
    stored_name, kind, size = resource_files.read_and_store(BytesIO(files.pdf("Sjekkliste")))
    with transaction():
        return resources.create(resources.ResourceDraft("Sjekkliste for nye ledere", "", "sjekkliste", "nye-ledere",
                                                        ("personalledelse",)),
                                resources.StoredFile(stored_name, kind, size, "sjekkliste.pdf"), SYSTEM)


def _group(event_id: int) -> tuple[int, str]:
    """A group of one colleague, with Kari as its contact."""
    from app.registration import groups

    with transaction():
        contact = groups.Contact(name="Kari Deltaker", email="deltakerdeltaker@example.org",
                                 organisation="Eksempel kulturskole", municipality_number="0301")
        colleague = groups.Colleague(applicant("gruppe", first_name="Gry", last_name="Gruppe"))
        _group, [registration], token = groups.register_group(event_id, contact, [colleague], groups.Split(1, 0))
        return registration.id, token


def _invoices(event_ids: list[int], registration_ids: list[int]) -> list[str]:
    """One issued invoice per event, for the given registration's payer (a fee line whatever the event's fee)."""
    from decimal import Decimal
    from unittest import mock

    from app.audit.log import SYSTEM
    from app.invoicing import charges, seller
    from app.invoicing import service as invoicing
    from app.invoicing.documents import Line
    from app.models import Event, Registration
    from tests.invoicing.issuing.conftest import KOMMUNE_ORG, SELLER_VALUES

    fee = Line("Deltakeravgift", Decimal(1), 450000, "E", Decimal(0), exemption_reason=charges.FLAT_FEE_EXEMPTION)
    with transaction():
        seller.save(dict(SELLER_VALUES), SYSTEM)
    numbers = []
    for event_id, registration_id in zip(event_ids, registration_ids, strict=True):
        with transaction(), mock.patch.object(charges, "owed", lambda _r: (fee,)):
            registration = db.session.get(Registration, registration_id)
            registration.invoice_org_number, registration.invoice_reference = KOMMUNE_ORG, "LK27"
            numbers += [i.number for i in invoicing.issue_batch(db.session.get(Event, event_id), SYSTEM)]
    return numbers


def _series(event_id: int) -> tuple[str, int, int, str]:
    from app.audit.log import SYSTEM
    from app.models import JoinedVia, SeriesKind
    from app.series import service as series

    with transaction():
        found = series.create(series.SeriesDraft("Ledernettverk Nord", "ledernettverk-nord",
                                                 SeriesKind.REGIONAL_NETWORK), SYSTEM)
        db.session.flush()
        series.add_event(found.id, event_id, SYSTEM)
        member = series.join(found.id, series.MemberDraft("Kari Deltaker", "deltaker@example.org"),
                             JoinedVia.ORGANISER, SYSTEM).member
        return found.slug, found.id, member.id, series.member_token(member)


def _certificate(registration_id: int) -> str:
    from app.audit.log import SYSTEM
    from app.certificates import service as certificates
    from app.models import Registration

    with transaction():
        certificate = certificates.issue_one(db.session.get(Registration, registration_id), SYSTEM)
        db.session.flush()
        return certificates.code(certificate)


def _followup(mentee_registration_id: int, mentor_registration_id: int) -> str:
    """The participant (remembered) as a mentee approved with the second participant as her mentor three months
    ago, asked «Har dere møttes?»."""
    from app.mentoring import followup
    from app.mentoring import service as mentoring
    from app.models import MentoringFollowup, MentorPair, PairStatus, Registration

    with transaction():
        mentee = mentoring.opt_in(db.session.get(Registration, mentee_registration_id), "mentee", ["juss"], "")
        mentor = mentoring.opt_in(db.session.get(Registration, mentor_registration_id), "mentor", ["juss"], "")
        pair = MentorPair(mentee_id=mentee.id, mentor_id=mentor.id, status=PairStatus.APPROVED,
                          approved_at=clock.now() - followup.AFTER)
        db.session.add(pair)
        db.session.flush()
        salt = tokens.new_salt()
        row = MentoringFollowup(pair_id=pair.id, profile_id=mentee.id, token_salt=salt,
                                token_hash=tokens.digest(tokens.derive(followup.PURPOSE, salt)))
        db.session.add(row)
        db.session.flush()
        return followup.token_of(row)


def build(app: Flask, make: Factory) -> World:
    organiser = make.user(UserRole.ADMINISTRATOR, email=ORGANISER)
    event = make.event(title="Lederkonferansen 2027", slug="lederkonferansen-2027")
    other = make.event(title="Regionsamling Vest", slug="regionsamling-vest")
    draft = make.event(title="Nettverksmøte", slug="nettverksmote-utkast", status=EventStatus.DRAFT)
    staff = make.user(EventRole.DOOR, email=STAFF, events=[event])
    make.user(EventRole.ORGANISER, email=ARRANGER, events=[event])
    make.user(EventRole.VIEWER, email=VIEWER, events=[event])
    track = make.track(event, name="Ledelse")
    speaker = make.speaker(name="Anna Aas", email="anna@example.org")
    other_speaker = make.speaker(name="Bjørn Berg", email="bjorn@example.org")
    with app.app_context():
        from app.models import Event

        room = db.session.get(Event, event.id).venue.rooms[1]
        venue_id, room_id = room.venue_id, room.id
    opening = make.session(event, title="Åpning", speakers=[speaker], track_id=track.id)
    workshop = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, capacity=20, room_id=room_id,
                            starts_at=event.starts_at + timedelta(hours=2))
    hidden = make.session(draft, title="Utkast til økt", speakers=[other_speaker])
    make.session(other, title="Åpning i vest")
    with app.app_context():
        with transaction():
            mine = service.register(event.id, applicant("deltaker", first_name="Kari", last_name="Deltaker"),
                                    [workshop.id])
            person = identity.remember(mine, identity.Consents(remember=True))
        with transaction():
            second = service.register(event.id, applicant("andre", first_name="Ola", last_name="Andre"))
        with transaction():
            at_b = service.register(other.id, applicant("vest", first_name="Vera", last_name="Vest"))
        survey_id, question_id, text_question_id, survey_token = _survey(event.id, mine.id)
        group_registration_id, group_token = _group(event.id)
        series_slug, series_id, series_member_id, series_member_token = _series(event.id)
        certificate_code = _certificate(mine.id)
        followup_token = _followup(mine.id, second.id)
        other_survey_id = _survey(other.id, at_b.id)[0]
        us = db.session.get(Speaker, speaker.id)
        them = db.session.get(Speaker, other_speaker.id)
        with transaction():
            material = materials.add_material_file(us, db.session.get(ProgramSession, opening.id),
                                                   BytesIO(files.pdf()), "lysbilder.pdf")
            other_material = materials.add_material_file(them, db.session.get(ProgramSession, hidden.id),
                                                         BytesIO(files.pdf("Utkast")), "utkast.pdf")
            speakers.set_photo(them, BytesIO(files.png()))
        from app.calendar.tokens import person_feed_url, speaker_feed_url

        with transaction():
            speaker_feed = speaker_feed_url(us).rsplit("/", 1)[1].removesuffix(".ics")
        link = _speaker_link(us.id)
        person = db.session.get(Person, person.id)
        person_feed = person_feed_url(person).rsplit("/", 1)[1].removesuffix(".ics")
        person_link = signin.LINKS.new(person.id, timedelta(hours=24))
        notice = ProgramNotice(event_id=event.id, session_id=opening.id, old_title="Velkommen", new_title="Åpning",
                               old_starts_at=opening.starts_at, old_ends_at=opening.ends_at,
                               new_starts_at=opening.starts_at, new_ends_at=opening.ends_at)
        db.session.add(notice)
        db.session.commit()
        message_id = db.session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id).limit(1))
        resource = _resource()
        invoice_number, other_invoice_number = _invoices([event.id, other.id], [second.id, at_b.id])
        world = World(
            slug=event.slug, other_slug=other.slug, draft_slug=draft.slug, session_id=opening.id,
            workshop_id=workshop.id, other_speaker_session_id=hidden.id, track_id=track.id, venue_id=venue_id,
            room_id=room_id, registration_id=mine.id, other_registration_id=second.id,
            manage_token=links.manage_token(mine), feed_token=links.feed_token(mine), badge_code=links.badge_code(mine),
            survey_token=survey_token, other_manage_token=links.manage_token(second),
            other_event_badge_code=links.badge_code(at_b), speaker_id=speaker.id, other_speaker_id=other_speaker.id,
            speaker_feed_token=speaker_feed, speaker_link_token=link, material_id=material.id,
            other_material_id=other_material.id, survey_id=survey_id, other_survey_id=other_survey_id, question_id=question_id,
            text_question_id=text_question_id, notice_id=notice.id,
            message_id=message_id, door_id=staff.id, administrator_id=organiser.id, resource_id=resource.id,
            resource_slug=resource.slug,
            group_token=group_token, group_registration_id=group_registration_id,
            person_id=person.id, person_feed_token=person_feed, person_link_token=person_link,
            invoice_number=invoice_number, other_invoice_number=other_invoice_number,
            series_slug=series_slug, series_id=series_id, series_member_id=series_member_id,
            series_member_token=series_member_token, certificate_code=certificate_code,
            followup_token=followup_token,
        )
        db.session.remove()
    return world


def row_counts(app: Flask) -> dict[str, int]:
    """table → number of rows: to show that refused requests stored nothing."""
    with app.app_context():
        counts = {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}
        db.session.remove()
    return counts
