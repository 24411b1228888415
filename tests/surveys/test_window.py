"""One survey window (app/surveys/window.py): answering, sending, the organiser's page and the results agree at
its edges, in Oslo time."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.core import clock
from app.extensions import db
from app.models import SurveyStatus
from app.surveys import answering, builder, results, sending, window
from app.surveys.cli import send_due
from app.surveys.errors import SurveyClosed, SurveyNotOpen
from app.surveys.window import SurveyPhase
from tests.surveys.helpers import gathering, invitation_tokens, publish, small_survey

SECOND = timedelta(seconds=1)
STARTS = clock.parse_local("2027-03-10T09:00")
OPENS = clock.parse_local("2027-03-12T09:00")  # 08:00 UTC, later than two hours after the event
CLOSES = clock.parse_local("2027-03-31T12:00")  # 10:00 UTC: summer time since 28 March


def test_the_edges_are_oslo_instants():
    assert (OPENS.isoformat(), CLOSES.isoformat()) == ("2027-03-12T08:00:00+00:00", "2027-03-31T10:00:00+00:00")


def test_sending_answering_and_results_agree_at_the_edges(app, make, client):
    g = gathering(app, make, people=3, starts_at=STARTS)
    with app.app_context():
        survey_id = small_survey(g.event_id).id
        publish(survey_id, opens_at=OPENS, closes_at=CLOSES)

        def at(moment):
            clock.set_now(moment)
            survey = builder.get_survey(survey_id)
            return window.phase(survey), sending.state(survey, moment), window.send_at(survey)

        assert at(OPENS - SECOND) == (SurveyPhase.NOT_YET_OPEN, "waiting", OPENS)
        assert send_due().invited == 0
        assert at(OPENS) == (SurveyPhase.OPEN, "due", OPENS)  # opening instant: open, and the invitations go
        assert send_due().invited == 3
        tokens = list(invitation_tokens(survey_id).values())
        db.session.remove()

    clock.set_now(CLOSES - SECOND)
    assert client.get(f"/survey/{tokens[0]}").status_code == 200
    with app.app_context():
        assert at(CLOSES - SECOND)[:2] == (SurveyPhase.OPEN, "due")
        assert results.results(builder.get_survey(survey_id)).closed is False
        db.session.remove()

    clock.set_now(CLOSES)  # the closing instant: closed everywhere
    response = client.get(f"/survey/{tokens[0]}")
    assert response.status_code == 410 and "Undersøkelsen er stengt" in response.get_data(as_text=True)
    with app.app_context():
        assert at(CLOSES)[:2] == (SurveyPhase.CLOSED, "closed")
        assert window.is_due(builder.get_survey(survey_id)) is False
        assert results.results(builder.get_survey(survey_id)).closed is True
        db.session.remove()


@pytest.mark.parametrize("moment, error", [(OPENS - SECOND, SurveyNotOpen), (CLOSES, SurveyClosed)])
def test_answering_is_refused_outside_the_window(app, make, moment, error):
    g = gathering(app, make, people=1, starts_at=STARTS)
    with app.app_context():
        survey = publish(small_survey(g.event_id).id, opens_at=OPENS, closes_at=CLOSES)
        clock.set_now(moment)
        with pytest.raises(error):
            answering.check_open(survey)


def test_a_draft_and_a_template_are_never_open(app, make):
    g = gathering(app, make, people=1, starts_at=STARTS)
    with app.app_context():
        survey = publish(small_survey(g.event_id).id, opens_at=OPENS, closes_at=CLOSES, status=SurveyStatus.DRAFT)
        assert window.phase(survey, OPENS) == SurveyPhase.DRAFT
        assert window.phase(survey, CLOSES) == SurveyPhase.DRAFT  # a draft stays a draft after its closing time
        assert sending.state(survey, CLOSES) == "draft"
        survey.event_id = None
        assert window.phase(survey, OPENS) == SurveyPhase.TEMPLATE
        db.session.rollback()
