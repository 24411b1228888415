"""Destructive actions ask first, without JavaScript: the first POST answers a confirmation page whose
button sends the same POST with confirm=1, and only that one acts — a new password for a user,
removing a survey question, cancelling a session, removing a speaker from a session."""
from __future__ import annotations

import re

import pytest

from app.core.transaction import transaction
from app.extensions import db
from app.models import EventRole, QuestionKind, Session, SessionStatus, SurveyQuestion, User
from app.surveys import builder
from app.surveys.builder import QuestionInput


def _asked(response, question: str, yes: str) -> None:
    """The confirmation page: the question, and a form that sends confirm=1 with the «yes» button."""
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert question in html
    form = re.search(r'<form method="post"[^>]*>((?:(?!</form>).)*name="confirm" value="1".*?)</form>', html, re.S)
    assert form and yes in form.group(1)


def test_a_new_password_is_made_only_after_confirming(app, admin, make):
    user = make.user(EventRole.DOOR, email="dor@example.org")
    with app.app_context():
        before = db.session.get(User, user.id).password_hash
    page = admin.html(f"/admin/users/{user.id}")
    assert f'action="/admin/users/{user.id}/reset-password"' in page
    path = f"/admin/users/{user.id}/reset-password"
    _asked(admin.post(path), "Lage nytt passord for dor@example.org?", "Ja, lag nytt passord")
    with app.app_context():
        assert db.session.get(User, user.id).password_hash == before  # nothing happened yet
    done = admin.post(path, {"confirm": "1"})
    assert done.status_code == 200 and "<code>" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).password_hash != before


def test_a_survey_question_is_removed_only_after_confirming(app, admin, make):
    event = make.event()
    with app.app_context():
        with transaction():
            survey = builder.create_survey(event.id, title="Tilbakemelding")
        with transaction():
            question = builder.add_question(survey.id, QuestionInput(QuestionKind.TEXT, "Noe mer?"))
        db.session.commit()
        survey_id, question_id = survey.id, question.id
    path = f"/admin/surveys/{survey_id}/questions/{question_id}/delete"
    _asked(admin.post(path), "Fjerne spørsmålet?", "Ja, fjern spørsmålet")
    with app.app_context():
        assert db.session.get(SurveyQuestion, question_id) is not None
    assert admin.post(path, {"confirm": "1"}).status_code == 303
    with app.app_context():
        assert db.session.get(SurveyQuestion, question_id) is None


@pytest.mark.parametrize("what", ["cancel", "remove-speaker"])
def test_sessions_and_their_speakers_go_only_after_confirming(app, admin, make, what):
    event = make.event()
    speaker = make.speaker(name="Ragnhild Fjeldstad")
    session = make.session(event, title="Verksted", speakers=[speaker])
    base = f"/admin/events/{event.slug}/sessions/{session.id}"
    if what == "cancel":
        path, question, yes = f"{base}/cancel", "Avlys «Verksted»", "Ja, avlys programposten"
    else:
        path, question, yes = f"{base}/speakers/{speaker.id}/remove", "Fjerne Ragnhild Fjeldstad fra «Verksted»?", \
            "Ja, fjern foredragsholderen"
    _asked(admin.post(path), question, yes)

    def state():
        with app.app_context():
            found = db.session.get(Session, session.id)
            return found.status, [link.speaker_id for link in found.speaker_links]

    assert state() == (SessionStatus.SCHEDULED, [speaker.id])
    assert admin.post(path, {"confirm": "1"}).status_code == 303
    assert state() == ((SessionStatus.CANCELLED, [speaker.id]) if what == "cancel"
                       else (SessionStatus.SCHEDULED, []))
