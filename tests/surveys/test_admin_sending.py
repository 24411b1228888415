"""The organiser's side of sending: what the results page says about held-back answers, a test invitation to
herself (through the outbox, over real SMTP) and «Send nå» for a due survey (the rule of `flask surveys send-due`)."""
from __future__ import annotations

import json
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import func, select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.models import (
    AuditEntry,
    Event,
    OutboxMessage,
    SurveyInvitation,
    SurveyPendingResponse,
    SurveyResponse,
    UserRole,
)
from app.surveys import builder
from app.surveys.cli import send_due
from tests.clients import signed_in
from tests.smtp import SmtpServer
from tests.surveys.helpers import after_event, answer, gathering, invitation_tokens, publish, question_ids, small_survey


@pytest.fixture
def organiser(make):
    return make.user(UserRole.ADMINISTRATOR, email="marit.arrangor@example.org")


@pytest.fixture
def admin(client, login, organiser):
    return signed_in(client, login, organiser.email)


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def g_title(app, event_id: int) -> str:
    with app.app_context():
        title = db.session.get(Event, event_id).title
        db.session.remove()
        return title


def _answer(app, survey_id: int, tokens: list[str]) -> None:
    """Each link answers the one required question, through the participant's path (the pool)."""
    with app.app_context():
        overall = question_ids(builder.get_survey(survey_id))["overall"]
        for token in tokens:
            answer(token, {f"q{overall}": ["4"]})
        db.session.remove()


def _count(app, model, **where) -> int:
    with app.app_context():
        stmt = select(func.count()).select_from(model)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        n = db.session.scalar(stmt)
        db.session.remove()
        return n


def _invited_survey(app, make, people: int = 2) -> tuple[int, object]:
    g = gathering(app, make, people=people)
    with app.app_context():
        survey_id = small_survey(g.event_id).id
        after_event(g)
        send_due()
        db.session.remove()
    return survey_id, g


def test_two_of_two_answers_held_back_say_how_many_and_why(app, make, admin):
    survey_id, _g = _invited_survey(app, make, people=2)
    with app.app_context():
        tokens = list(invitation_tokens(survey_id).values())
        db.session.remove()
    _answer(app, survey_id, tokens)
    assert _count(app, SurveyPendingResponse) == 2 and _count(app, SurveyResponse) == 0

    html = " ".join(admin.html(f"/admin/surveys/{survey_id}/results").split())
    assert "2 svar vises når det er minst 5, for å verne anonymiteten." in html
    assert "2 av 2</span> inviterte har svart (100 %)" in html
    assert 'id="answer-count"' not in html and "0</span> svar" not in html  # no «0 svar» next to 100 %
    assert "svar venter" not in html


def test_new_answers_waiting_for_the_pool_are_explained_next_to_the_shown_ones(app, make, admin):
    survey_id, _g = _invited_survey(app, make, people=8)
    with app.app_context():
        tokens = list(invitation_tokens(survey_id).values())
        db.session.remove()
    _answer(app, survey_id, tokens[:7])  # five are stored together, two wait for three more
    html = " ".join(admin.html(f"/admin/surveys/{survey_id}/results").split())
    assert 'id="answer-count">5</span> svar' in html
    assert "7 av 8</span> inviterte har svart (88 %)" in html
    assert ("2 nye svar vises når det er minst 5 nye, eller når undersøkelsen stenger, for å verne anonymiteten."
            in html)


def test_a_closed_survey_with_too_few_answers_says_they_will_not_be_shown(app, make, admin):
    survey_id, _g = _invited_survey(app, make, people=3)
    with app.app_context():
        tokens = list(invitation_tokens(survey_id).values())
        db.session.remove()
    _answer(app, survey_id, tokens)
    with app.app_context():
        publish(survey_id, closes_at=clock.now())
        assert send_due().flushed == 3
        db.session.remove()
    html = " ".join(admin.html(f"/admin/surveys/{survey_id}/results").split())
    assert ("3 svar vises ikke: undersøkelsen er stengt, og det må være minst 5 svar for å verne anonymiteten."
            in html)
    assert "Send nå</button>" not in html and "Undersøkelsen er stengt: det sendes ingen flere" in html


def test_a_test_invitation_reaches_the_organiser_and_counts_for_nothing(app, make, admin, organiser, smtp):
    g = gathering(app, make, people=2)
    with app.app_context():
        with transaction():
            survey_id = builder.create_survey(g.event_id, title="Evaluering").id  # a draft: tested before publishing
        db.session.remove()
    page = admin.html(f"/admin/surveys/{survey_id}")
    assert "Send en testinvitasjon til meg" in page and "Send nå</button>" not in page
    response = admin.post(f"/admin/surveys/{survey_id}/send-test", {"back": "edit"})
    assert response.status_code == 303 and response.headers["Location"] == f"/admin/surveys/{survey_id}#sending"
    assert "En testinvitasjon er sendt til marit.arrangor@example.org" in admin.html(response.headers["Location"])
    with app.app_context():
        assert outbox.deliver_due().sent == 1
        db.session.remove()
    [message] = smtp.wait_for(1)
    assert message["To"] == organiser.email
    assert _subject(message) == f"[Test] Hva syntes du om {g_title(app, g.event_id)}?"
    body = SmtpServer.text_of(message)
    assert body.startswith("TEST: slik ser invitasjonen ut for deltakerne.")
    assert "Hei Bruker!" in body and f"http://samling.test/admin/surveys/{survey_id}/preview" in body
    assert _count(app, SurveyInvitation) == 0
    assert _count(app, OutboxMessage, kind="survey.test") == 1
    # Nobody was invited, nothing answered: the figures are as before.
    html = admin.html(f"/admin/surveys/{survey_id}/results")
    assert "svarprosent (ingen invitasjoner sendt fra Samling)" in html


def test_send_now_sends_what_is_due_like_the_cron_job_and_is_audited(app, make, admin, organiser, smtp):
    g = gathering(app, make, people=3)
    with app.app_context():
        survey_id = small_survey(g.event_id).id
        db.session.remove()
    before = " ".join(admin.html(f"/admin/surveys/{survey_id}/results").split())
    assert "Send nå</button>" not in before and "Invitasjonene sendes automatisk" in before
    refused = admin.post(f"/admin/surveys/{survey_id}/send-now", {"back": "results"})  # the event is not over
    assert refused.status_code == 303 and "Undersøkelsen sendes ikke nå" in admin.html(refused.headers["Location"])
    assert _count(app, SurveyInvitation) == 0

    clock.set_now(g.ends_at + timedelta(hours=2))
    page = admin.html(f"/admin/surveys/{survey_id}/results")
    assert "Send nå</button>" in page
    response = admin.post(f"/admin/surveys/{survey_id}/send-now", {"back": "results"})
    assert response.headers["Location"] == f"/admin/surveys/{survey_id}/results#sending"
    assert "3 invitasjoner er lagt i utboksen. 0 påminnelser er lagt i utboksen." in admin.html(response.headers["Location"])
    assert _count(app, SurveyInvitation, survey_id=survey_id) == 3
    with app.app_context():
        assert outbox.deliver_due().sent == 3
        assert send_due().invited == 0  # the same rule: the cron job finds nothing left
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "survey")).all()
        assert [(e.action, e.entity_id, e.actor_user_id, json.loads(e.changes)) for e in entries] == [
            ("send", survey_id, organiser.id, {"invited": [None, "3"], "reminded": [None, "0"]})]
        db.session.remove()
    assert len(smtp.wait_for(3)) == 3
    again = admin.post(f"/admin/surveys/{survey_id}/send-now", {"back": "results"})
    assert "Ingenting å sende nå" in admin.html(again.headers["Location"])


def test_send_now_needs_the_csrf_token(app, make, admin):
    g = gathering(app, make, people=1)
    with app.app_context():
        survey_id = small_survey(g.event_id).id
        after_event(g)
        db.session.remove()
    assert admin.client.post(f"/admin/surveys/{survey_id}/send-now").status_code == 400
    assert admin.client.post(f"/admin/surveys/{survey_id}/send-test").status_code == 400
    assert _count(app, SurveyInvitation) == 0 and _count(app, OutboxMessage) == 0
