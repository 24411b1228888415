"""Answering through /survey/<token>: one page, required answers, a clear message and nothing stored on bad input."""
from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import SurveyInvitation, SurveyPendingResponse, SurveyResponse, SurveySessionRating
from app.surveys import answering, builder
from app.surveys.cli import send_due
from app.surveys.errors import AlreadyAnswered
from tests.factories import csrf_from
from tests.surveys.helpers import after_event, gathering, invitation_tokens, option_ids, publish, small_survey


@pytest.fixture
def invited(app, make):
    """Six participants invited to the small survey; returns (survey ids, tokens, gathering)."""
    g = gathering(app, make, people=6)
    with app.app_context():
        survey = small_survey(g.event_id)
        after_event(g)
        send_due()
        info = {
            "survey_id": survey.id,
            "q": {q.key: q.id for q in survey.questions},
            "band": option_ids(survey, "band"),
            "themes": option_ids(survey, "themes"),
            "tokens": invitation_tokens(survey.id),
        }
        db.session.remove()
    info["g"] = g
    return info


def _stored(app) -> tuple[int, int, int]:
    with app.app_context():
        counts = tuple(db.session.scalar(select(func.count()).select_from(m))
                       for m in (SurveyResponse, SurveyPendingResponse, SurveySessionRating))
        db.session.remove()
        return counts


def _answered(app, survey_id) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(SurveyInvitation).where(
            SurveyInvitation.survey_id == survey_id, SurveyInvitation.answered))
        db.session.remove()
        return n


def _post(client, token, data):
    """POST the answer form (the CSRF token is the session's, taken from the first page shown)."""
    if not hasattr(client, "csrf"):
        client.csrf = csrf_from(client.get(f"/survey/{token}").get_data(as_text=True))
    return client.post(f"/survey/{token}", data={"csrf_token": client.csrf, **data})


def test_the_page_has_fieldsets_legends_and_radio_groups_with_labelled_ends(client, invited):
    token = invited["tokens"][invited["g"].registration_ids[1]]
    html = client.get(f"/survey/{token}").get_data(as_text=True)
    q = invited["q"]
    assert "<h1>Evaluering</h1>" in html
    assert re.search(rf'<fieldset id="q{q["overall"]}"[^>]*>\s*<legend class="question-title">'
                     r'<span class="question-number">2\.</span> Hvor fornøyd er du alt i alt\?</legend>', html)
    assert f'<input type="radio" id="q{q["overall"]}-1" name="q{q["overall"]}" value="1">' in html
    assert '1<span class="visually-hidden"> – Svært misfornøyd</span>' in html
    assert '5<span class="visually-hidden"> – Svært fornøyd</span>' in html
    assert html.count(f'name="q{q["recommend"]}"') == 11
    assert 'type="checkbox"' in html and f'name="q{q["themes"]}-other"' in html
    assert "(valgfritt)" in html
    # Registration 1 did not choose the workshop: the plenaries only, in program order, with "Deltok ikke".
    sessions = re.findall(r'<fieldset class="session-rating">\s*<legend>([^<]+)<', html)
    assert [s.strip() for s in sessions] == ["Åpning", "Avslutning"]
    assert "Deltok ikke" in html
    even = client.get(f"/survey/{invited['tokens'][invited['g'].registration_ids[0]]}").get_data(as_text=True)
    assert [s.strip() for s in re.findall(r'<fieldset class="session-rating">\s*<legend>([^<]+)<', even)] == [
        "Åpning", "Verksted: Å lede profesjonsfellesskap", "Avslutning"]


def test_a_complete_answer_is_stored_once_and_thanked_for(app, client, invited):
    g, q = invited["g"], invited["q"]
    token = invited["tokens"][g.registration_ids[0]]
    data = {f"q{q['band']}": str(invited["band"]["4 år eller mer"]), f"q{q['overall']}": "4",
            f"q{q['recommend']}": "10", f"q{q['themes']}": [str(invited["themes"]["Økonomi"]),
                                                              str(invited["themes"]["Annet"])],
            f"q{q['themes']}-other": "Juss", f"q{q['sessions']}-s{g.plenary_ids[0]}": "5",
            f"q{q['sessions']}-s{g.workshop_id}": "0", f"q{q['comment']}": "Mer tid til samtale"}
    response = _post(client, token, data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/survey/{token}/takk")
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200 and "Takk for svarene!" in thanks.get_data(as_text=True)
    assert _stored(app) == (0, 1, 0) and _answered(app, invited["survey_id"]) == 1

    again = _post(client, token, data)
    assert again.status_code == 410
    assert "Du har allerede svart" in again.get_data(as_text=True)
    assert client.get(f"/survey/{token}").status_code == 410
    assert _stored(app) == (0, 1, 0) and _answered(app, invited["survey_id"]) == 1

    # Once the pool is flushed the answer is in the results, exactly as given.
    with app.app_context():
        with transaction():
            assert answering.flush_pool(invited["survey_id"], force=True) == 1
        rows = db.session.execute(select(db.text("question_id, option_id, value, text FROM survey_answers"))).all()
        assert sorted(rows, key=lambda r: (r[0], r[1] or 0)) == sorted([
            (q["band"], invited["band"]["4 år eller mer"], None, None), (q["overall"], None, 4, None),
            (q["recommend"], None, 10, None), (q["themes"], invited["themes"]["Økonomi"], None, None),
            (q["themes"], invited["themes"]["Annet"], None, "Juss"), (q["comment"], None, None, "Mer tid til samtale"),
        ], key=lambda r: (r[0], r[1] or 0))
        ratings = db.session.execute(select(SurveySessionRating.session_id, SurveySessionRating.rating)).all()
        assert ratings == [(g.plenary_ids[0], 5)]
        db.session.remove()


def test_a_forged_token_gets_a_polite_404(app, client, invited):
    response = client.get("/survey/ACDEFGHJKMNPQRTWXY346799")
    assert response.status_code == 404
    assert "Vi fant ikke undersøkelsen" in response.get_data(as_text=True)
    overall = invited["q"]["overall"]
    client.csrf = csrf_from(client.get(f"/survey/{invited['tokens'][invited['g'].registration_ids[0]]}")
                            .get_data(as_text=True))
    response = _post(client, "ACDEFGHJKMNPQRTWXY346799", {f"q{overall}": "4"})
    assert response.status_code == 404 and "Vi fant ikke undersøkelsen" in response.get_data(as_text=True)
    assert client.get("/survey/" + "A" * 200).status_code == 404
    assert _stored(app) == (0, 0, 0)


def test_two_submits_through_one_link_at_the_same_moment_store_one_answer(app, invited):
    token = invited["tokens"][invited["g"].registration_ids[2]]
    overall = invited["q"]["overall"]
    start = threading.Barrier(2)

    def submit(_):
        with app.app_context():
            try:
                start.wait()
                with transaction():
                    answering.submit(token, {f"q{overall}": ["3"]})
                return "stored"
            except AlreadyAnswered:
                return "already"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(2) as pool:
        assert sorted(pool.map(submit, range(2))) == ["already", "stored"]
    assert _stored(app) == (0, 1, 0) and _answered(app, invited["survey_id"]) == 1


def test_after_the_closing_time_it_says_so_politely_and_stores_nothing(app, client, invited):
    token = invited["tokens"][invited["g"].registration_ids[0]]
    page = client.get(f"/survey/{token}")
    csrf = csrf_from(page.get_data(as_text=True))
    with app.app_context():
        survey = builder.get_survey(invited["survey_id"])
        clock.set_now(survey.closes_at + timedelta(minutes=1))
        db.session.remove()
    response = client.get(f"/survey/{token}")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "Undersøkelsen er stengt" in html and "vi tar ikke imot flere svar" in html
    response = client.post(f"/survey/{token}", data={"csrf_token": csrf, f"q{invited['q']['overall']}": "3"})
    assert response.status_code == 410
    assert _stored(app) == (0, 0, 0) and _answered(app, invited["survey_id"]) == 0


def test_a_draft_survey_cannot_be_answered(app, client, invited):
    token = invited["tokens"][invited["g"].registration_ids[0]]
    with app.app_context():
        publish(invited["survey_id"], status=builder.SurveyStatus.DRAFT)
        db.session.remove()
    response = client.get(f"/survey/{token}")
    assert response.status_code == 403 and "ikke åpen for svar ennå" in response.get_data(as_text=True)


def _problem(html: str, question_id: int) -> str:
    match = re.search(rf'<p class="error-message" id="q{question_id}-error"><span class="visually-hidden">Feil:'
                      r'</span> ([^<]+)</p>', html)
    return match.group(1) if match else ""


@pytest.mark.parametrize("field, value, key, message", [
    (None, None, "overall", "Velg et svar på dette spørsmålet."),
    ("overall", "7", "overall", "Velg en verdi fra 1 til 5."),
    ("overall", "0", "overall", "Velg en verdi fra 1 til 5."),
    ("overall", "fem", "overall", "Velg en verdi fra 1 til 5."),
    ("recommend", "11", "recommend", "Velg en verdi fra 0 til 10."),
    ("band", "THEMES", "band", "Velg et av alternativene som står på siden."),
    ("themes", "BAND", "themes", "Velg et av alternativene som står på siden."),
    ("themes", "OTHER", "themes", "Skriv hva «Annet» gjelder."),
    ("sessions", "9", "sessions", "Vurder bare øktene som står på siden."),
    ("comment", "x" * 4001, "comment", "Svaret kan ikke være lengre enn 4000 tegn."),
])
def test_bad_answers_get_a_clear_message_and_nothing_is_stored(app, client, invited, field, value, key, message):
    g, q = invited["g"], invited["q"]
    token = invited["tokens"][g.registration_ids[1]]
    data = {f"q{q['overall']}": "4", f"q{q['comment']}": "Bra dager, takk!"}
    if field is None:  # the required question left out
        del data[f"q{q['overall']}"]
    elif value == "THEMES":  # an option id that belongs to another question
        data[f"q{q['band']}"] = str(invited["themes"]["Økonomi"])
    elif value == "BAND":
        data[f"q{q['themes']}"] = str(invited["band"]["Under 4 år"])
    elif value == "OTHER":
        data[f"q{q['themes']}"] = str(invited["themes"]["Annet"])
    elif field == "sessions":  # a session this participant was not asked about
        data[f"q{q['sessions']}-s{g.workshop_id}"] = "4"
    elif field is not None:
        data[f"q{q[field]}"] = value
    response = _post(client, token, data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert _problem(html, q[key]) == message
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert message in summary and f'href="#q{q[key]}' in summary
    if key != "comment":
        assert ">Bra dager, takk!</textarea>" in html  # what they typed is kept
    assert _stored(app) == (0, 0, 0) and _answered(app, invited["survey_id"]) == 0


def test_answers_are_kept_when_a_required_one_is_missing(client, invited):
    g, q = invited["g"], invited["q"]
    token = invited["tokens"][g.registration_ids[0]]
    themes = invited["themes"]
    response = _post(client, token, {
        f"q{q['recommend']}": "8", f"q{q['themes']}": [str(themes["Personalledelse"]), str(themes["Økonomi"])],
        f"q{q['sessions']}-s{g.workshop_id}": "3", f"q{q['themes']}-other": "Noe annet"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="q{q["recommend"]}-8" name="q{q["recommend"]}" value="8" checked' in html
    assert f'value="{themes["Personalledelse"]}" checked' in html and f'value="{themes["Økonomi"]}" checked' in html
    assert f'id="q{q["sessions"]}-s{g.workshop_id}-3" name="q{q["sessions"]}-s{g.workshop_id}" value="3" checked' in html
    assert 'value="Noe annet"' in html
    # Typing under "Annet" counts as choosing it, so it is not an error on its own.
    assert _problem(html, q["themes"]) == ""
    assert _problem(html, q["overall"]) == "Velg et svar på dette spørsmålet."


def test_a_required_sessions_block_needs_every_session(app, client, invited):
    g, q = invited["g"], invited["q"]
    with app.app_context():
        question = builder.get_question(invited["survey_id"], q["sessions"])
        question.required = True
        db.session.commit()
        db.session.remove()
    token = invited["tokens"][g.registration_ids[1]]
    response = _post(client, token, {f"q{q['overall']}": "4", f"q{q['sessions']}-s{g.plenary_ids[0]}": "4"})
    assert _problem(response.get_data(as_text=True), q["sessions"]) == "Vurder hver økt, eller velg «Deltok ikke»."
    response = _post(client, token, {f"q{q['overall']}": "4", f"q{q['sessions']}-s{g.plenary_ids[0]}": "4",
                                     f"q{q['sessions']}-s{g.plenary_ids[1]}": "0"})
    assert response.status_code == 303
