"""Property-based: whatever is typed into the registration, survey and speakers' forms, or sent to the JSON API,
the answer is never a 500; a refusal is a Norwegian page (or JSON {"error", "message"} under /api) and stores
nothing; what is accepted is stored as typed (trimmed)."""
from __future__ import annotations

import json
import uuid
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from app.checkin.service import Result
from app.core.text import one_line
from app.extensions import db
from app.models import Checkin, Registration, Speaker, SurveyInvitation, SurveyPendingResponse, SurveyResponse
from app.models import Session as ProgramSession
from tests.checkin.helpers import api_token
from tests.security.strategies import SETTINGS, form_value, json_value, text
from tests.surveys.helpers import small_survey

NORWEGIAN_PAGE = '<html lang="nb"'
FORM_ERRORS = "Noe må rettes før du kan gå videre"
BAD_REQUEST = "Forespørselen kunne ikke behandles."  # e.g. a NUL byte, refused before any form is read


def count(app, *models) -> int:
    with app.app_context():
        total = sum(db.session.scalar(select(func.count()).select_from(model)) for model in models)
        db.session.remove()
    return total


def assert_norwegian_refusal(response, *, form_errors: bool = True) -> None:
    text_ = response.get_data(as_text=True)
    assert response.status_code == 400, (response.status_code, text_[:500])
    assert NORWEGIAN_PAGE in text_
    assert BAD_REQUEST in text_ or not form_errors or FORM_ERRORS in text_, text_[:3000]


ONE_LINE = {"name", "title", "organisation"}  # the single-line fields of the speaker's profile and session forms


def typed(value, name: str) -> str:
    """What a form stores from a text field: a single-line field as one line (`one_line`), a text area with
    its line breaks as \\n, trimmed."""
    if name in ONE_LINE:
        return one_line(value)
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


# --- the registration form ---------------------------------------------------------------------------

REGISTRATION_FIELDS = ["first_name", "last_name", "email", "phone", "organisation", "kommune", "job_title",
                       "years_as_leader", "sessions", "diet", "diet_other", "accessibility_needs", "health_consent",
                       "privacy_accepted", "invoice_org_number", "uventet_felt"]


@pytest.fixture
def registering(app, people, world):
    return people["anonymous"], f"/events/{world.slug}/register"


@SETTINGS
@given(changes=st.dictionaries(st.sampled_from(REGISTRATION_FIELDS), form_value, max_size=4),
       dropped=st.sets(st.sampled_from(REGISTRATION_FIELDS), max_size=2))
@example(changes={"sessions": "2147483648"}, dropped=set())  # found on PostgreSQL: beyond integer
def test_the_registration_form_takes_anything_without_a_500(app, registering, changes, dropped):
    person, path = registering
    form = {"first_name": "Kari", "last_name": "Nordmann", "email": f"{uuid.uuid4().hex[:12]}@example.org",
            "organisation": "Lillehammer kulturskole", "kommune": "3405", "job_title": "Rektor",
            "years_as_leader": "4-6", "privacy_accepted": "y"}
    form.update(changes)
    for name in dropped:
        form.pop(name, None)
    before = count(app, Registration)
    response = person.post(path, form)
    event(f"answer {response.status_code}")
    if response.status_code == 303:  # the same answer for a new address and a known one ('check your e-mail')
        assert response.headers["Location"] == f"{path}ed"
        assert count(app, Registration) in (before, before + 1)
        return
    assert count(app, Registration) == before, "a refused registration was stored"
    assert_norwegian_refusal(response)


# --- the survey answer form --------------------------------------------------------------------------

@pytest.fixture
def ballot(app, world):
    """A published survey of every kind of question, and an invitation to rate two sessions."""
    with app.app_context():
        survey = small_survey(db.session.get(Registration, world.registration_id).event_id)
        invitation = SurveyInvitation(survey_id=survey.id, registration_id=world.other_registration_id,
                                      token_salt="propertysalt" + uuid.uuid4().hex[:8],
                                      session_ids_json=json.dumps([world.session_id, world.workshop_id]))
        from app.core import tokens
        from app.surveys import answering

        invitation.token_hash = tokens.digest(answering.token_of(invitation))
        db.session.add(invitation)
        db.session.commit()
        names = []
        for question in survey.questions:
            names += [f"q{question.id}", f"q{question.id}-other"]
            names += [f"q{question.id}-s{sid}" for sid in (world.session_id, world.workshop_id, 999999)]
        options = [str(o.id) for q in survey.questions for o in q.options]
        found = SimpleNamespace(token=answering.token_of(invitation), id=invitation.id, names=names, options=options)
        db.session.remove()
    return found


def _answer_values(options: list[str]):
    plausible = st.sampled_from(options + ["0", "1", "3", "5", "10", "11", "-1"])
    return st.lists(st.one_of(plausible, text), min_size=1, max_size=3)


@SETTINGS
@given(data=st.data())
def test_the_survey_form_takes_anything_without_a_500(app, people, ballot, data):
    answers = data.draw(st.dictionaries(st.one_of(st.sampled_from(ballot.names), text), _answer_values(ballot.options),
                                        max_size=6))
    person = people["participant"]
    before = count(app, SurveyPendingResponse, SurveyResponse)
    response = person.client.post(f"/survey/{ballot.token}", data={**answers, "csrf_token": person.token})
    event(f"answer {response.status_code}")
    if response.status_code == 303:
        assert response.headers["Location"] == f"/survey/{ballot.token}/takk"
        assert count(app, SurveyPendingResponse, SurveyResponse) == before + 1
        with app.app_context():  # let the next example answer through the same link again
            db.session.execute(update(SurveyInvitation).where(SurveyInvitation.id == ballot.id).values(answered=False))
            db.session.commit()
        return
    assert count(app, SurveyPendingResponse, SurveyResponse) == before, "a refused answer was stored"
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and NORWEGIAN_PAGE in body, (response.status_code, body[:500])
    assert BAD_REQUEST in body or 'class="error-message"' in body or "error-summary" in body, body[:3000]


# --- the speakers' forms -----------------------------------------------------------------------------

def _stored(app, model, row_id: int, fields) -> dict:
    with app.app_context():
        row = db.session.get(model, row_id)
        values = {name: getattr(row, name) for name in fields}
        db.session.remove()
    return values


PROFILE = ("name", "title", "organisation", "bio")
SESSION = ("title", "abstract", "description", "technical_needs")


@SETTINGS
@given(form=st.dictionaries(st.sampled_from(PROFILE), text, min_size=1, max_size=4))
def test_the_speaker_profile_form_takes_anything_without_a_500(app, people, world, form):
    speaker = people["speaker"]
    before = _stored(app, Speaker, world.speaker_id, PROFILE)
    response = speaker.post("/speaker/profile", form)
    event(f"answer {response.status_code}")
    after = _stored(app, Speaker, world.speaker_id, PROFILE)
    if response.status_code == 303:
        assert after == {**before, **{name: typed(value, name) for name, value in form.items()}}
    else:
        assert after == before, "a refused profile was stored"
        assert_norwegian_refusal(response)


@SETTINGS
@given(form=st.dictionaries(st.sampled_from(SESSION), text, min_size=1, max_size=4))
def test_the_speaker_session_form_takes_anything_without_a_500(app, people, world, form):
    speaker = people["speaker"]
    before = _stored(app, ProgramSession, world.session_id, SESSION)
    response = speaker.post(f"/speaker/sessions/{world.session_id}", form)
    event(f"answer {response.status_code}")
    after = _stored(app, ProgramSession, world.session_id, SESSION)
    if response.status_code == 303:
        assert after == {**before, **{name: typed(value, name) for name, value in form.items()}}
    else:
        assert after == before, "a refused session text was stored"
        assert_norwegian_refusal(response)


# --- the JSON API ------------------------------------------------------------------------------------

def assert_json_error(response) -> None:
    body = response.get_json(silent=True)
    assert isinstance(body, dict) and set(body) == {"error", "message"}, response.get_data(as_text=True)[:500]
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["message"], str) and body["message"].strip()


@pytest.fixture
def device(app, world) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token(app, SimpleNamespace(id=world.door_id))}"}


BADGE = "<the participant's badge>"  # replaced by her real badge code
scan_bodies = st.one_of(
    json_value,
    st.fixed_dictionaries({}, optional={
        "code": st.one_of(st.just(BADGE), json_value, text), "nonce": st.one_of(json_value, text),
        "session_id": json_value, "registration_id": json_value, "scanned_at": st.one_of(json_value, text)}),
)


@SETTINGS
@given(body=scan_bodies, endpoint=st.sampled_from(["", "/undo"]))
@example(body={"nonce": "n", "registration_id": 2**31}, endpoint="")  # found: a 500 from the database
@example(body={"nonce": "n", "code": "x", "session_id": 2**63}, endpoint="")
@example(body={"nonce": "a\x00b", "code": BADGE}, endpoint="")  # found: a 500 from PostgreSQL
@example(body={"nonce": "a\x00b"}, endpoint="/undo")
def test_the_checkin_api_takes_any_json_without_a_500(app, world, device, body, endpoint):
    if isinstance(body, dict) and body.get("code") == BADGE:
        body = {**body, "code": world.badge_code}
    before = count(app, Checkin)
    response = app.test_client().post(f"/api/v1/events/{world.slug}/checkins{endpoint}", json=body, headers=device)
    event(f"answer {response.status_code}")
    assert response.status_code in (200, 400, 404, 409), (response.status_code, response.get_data(as_text=True))
    if response.status_code != 200:
        assert_json_error(response)
        assert count(app, Checkin) == before, "a refused scan was stored"
        return
    answer = response.get_json()
    if endpoint:
        assert answer["result"] == "undone" and count(app, Checkin) == before - 1
    else:
        assert answer["result"] in {r.value for r in Result}
        assert count(app, Checkin) == before + (answer["result"] == "ok")


@SETTINGS
@given(raw=st.one_of(st.binary(max_size=200), text.map(lambda t: t.encode())),
       content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"]))
@example(raw=b"[" * 5_000, content_type="application/json")  # found by hypothesis: deeper than json can parse
def test_the_checkin_api_takes_any_bytes_without_a_500(app, world, device, raw, content_type):
    response = app.test_client().post(f"/api/v1/events/{world.slug}/checkins", data=raw,
                                      headers={**device, "Content-Type": content_type})
    assert response.status_code in (200, 400), (response.status_code, response.get_data(as_text=True))
    if response.status_code == 400:
        assert_json_error(response)


@SETTINGS
@given(slug=text, upcoming=text, session_id=text)
@example(slug="x", upcoming="1", session_id="99999999999999999999999")  # found: a 500 from the database
@example(slug="", upcoming="", session_id="0" * 5000)  # found by CI: int() refuses over 4300 digits
@example(slug="", upcoming="", session_id="²")  # str.isdigit says yes, int() says no
def test_the_event_endpoints_take_any_slug_and_query_without_a_500(app, world, device, slug, upcoming, session_id):
    client = app.test_client()
    listed = client.get("/api/v1/events", query_string={"upcoming": upcoming})
    assert listed.status_code in (200, 400) and isinstance(listed.get_json(), list | dict)
    one = client.get(f"/api/v1/events/{quote(slug, safe='')}")
    assert one.status_code in (200, 400, 404), one.status_code
    if one.status_code != 200:
        assert_json_error(one)
    counts = client.get(f"/api/v1/events/{world.slug}/checkins/counts", query_string={"session_id": session_id},
                        headers=device)
    # An empty or malformed session_id is a 400, one that is no session of the event a 404 (both JSON errors).
    assert counts.status_code in (200, 400, 404), (counts.status_code, counts.get_data(as_text=True))
    if counts.status_code != 200:
        assert_json_error(counts)



def test_ids_beyond_any_row_are_refused_before_the_database(app, registering, people, world):
    """PostgreSQL's integer ends at 2³¹−1: a larger id in a form is a Norwegian message, in a URL a 404."""
    person, path = registering
    too_big = str(2**31)
    before = count(app, Registration)
    response = person.post(path, {"first_name": "Kari", "last_name": "Nordmann", "email": "stor@example.org",
                                  "organisation": "Lillehammer kulturskole", "kommune": "3405", "job_title": "Rektor",
                                  "years_as_leader": "4-6", "privacy_accepted": "y", "sessions": too_big})
    assert_norwegian_refusal(response)
    assert "Et av valgene finnes ikke i programmet" in response.get_data(as_text=True)
    assert count(app, Registration) == before
    organiser = people["administrator"]
    for url in (f"/admin/events/{world.slug}/sessions/{too_big}", f"/admin/events/{world.slug}/registrations/{too_big}",
                f"/events/{world.slug}/sessions/{too_big}.ics"):
        assert organiser.get(url).status_code == 404, url
