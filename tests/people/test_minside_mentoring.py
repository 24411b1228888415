"""Mentoring on Min side: a remembered leader opts in (behind its own consent), changes the answer or withdraws;
the answer is the person's, so it holds at every event, and the matching sees each leader once."""
from __future__ import annotations

import html

from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.mentoring import service
from app.models import MentoringProfile, MentorPair, PairStatus, Person
from tests.factories import csrf_from
from tests.people.conftest import register


def _profiles(app) -> list[tuple]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(select(
            MentoringProfile.person_id.is_not(None), MentoringProfile.registration_id, MentoringProfile.role,
            MentoringProfile.themes, MentoringProfile.note, MentoringProfile.withdrawn_at.is_not(None))
            .order_by(MentoringProfile.id))]


def _post(client, data: dict, path: str = "/me/mentoring"):
    token = csrf_from(client.get("/me/").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def test_opt_in_on_min_side_needs_its_own_consent_and_is_stored_for_the_person(app, client, make, signed_in):
    event = make.event(title="Lederkonferansen")
    register(client, event.slug, "Máret@example.org", first_name="Máret", last_name="Ŋuvttja")
    signed_in("máret@example.org")
    page = client.get("/me/").get_data(as_text=True)
    assert 'action="/me/mentoring"' in page and 'name="mentoring_consent"' in page
    refused = _post(client, {"mentoring": "mentee", "mentoring_themes": ["juss"]})
    assert refused.status_code == 400
    assert "Du må samtykke i at kontaktinformasjonen deles for å være med." in refused.get_data(as_text=True)
    unknown = _post(client, {"mentoring": "sjef", "mentoring_consent": "y"})
    assert unknown.status_code == 400
    assert "Velg om du vil være mentee eller mentor." in unknown.get_data(as_text=True)
    assert _profiles(app) == []

    ok = _post(client, {"mentoring": "mentee", "mentoring_themes": ["juss", "rammeplan"],
                        "mentoring_note": "Ny rektor i Kárášjohka", "mentoring_consent": "y"})
    assert ok.status_code == 303 and ok.headers["Location"].endswith("/me/#mentoring")
    assert _profiles(app) == [(True, None, "mentee", "juss,rammeplan", "Ny rektor i Kárášjohka", False)]
    page = html.unescape(client.get("/me/").get_data(as_text=True))
    assert "Du er med som mentee." in page and 'value="Ny rektor i Kárášjohka"' in page

    changed = _post(client, {"mentoring": "mentor", "mentoring_themes": ["okonomi"], "mentoring_consent": "y"})
    assert changed.status_code == 303
    assert _profiles(app) == [(True, None, "mentor", "okonomi", "", False)]

    gone = _post(client, {}, "/me/mentoring/withdraw")
    assert gone.status_code == 303
    assert _profiles(app) == [(True, None, "mentor", "okonomi", "", True)]
    page = client.get("/me/").get_data(as_text=True)
    assert "Du meldte deg av mentorordningen" in page and 'action="/me/mentoring/withdraw"' not in page
    again = _post(client, {"mentoring": "mentee", "mentoring_consent": "y"})
    assert again.status_code == 303
    assert _profiles(app) == [(True, None, "mentee", "", "", False)]


def test_a_remembered_leaders_answers_on_two_forms_are_one_profile_seen_once_by_the_matching(app, client, make,
                                                                                               login):
    first, second = make.event(title="Høstsamling"), make.event(title="Vårsamling")
    register(app.test_client(), first.slug, "anne@example.org", first_name="Ánne", last_name="Ny", kommune="3405",
             mentoring="mentee", mentoring_themes=["juss"])
    register(app.test_client(), second.slug, "anne@example.org", first_name="Ánne", last_name="Ny",
             kommune="3405", mentoring="mentee", mentoring_themes=["juss", "okonomi"])
    register(app.test_client(), second.slug, "per@example.org", first_name="Per", last_name="Erfaren",
             kommune="3201", remember=False, mentoring="mentor")
    assert _profiles(app) == [(True, None, "mentee", "juss,okonomi", "", False),
                              (False, _profiles(app)[1][1], "mentor", "", "", False)]
    login(make.user().email)
    page = html.unescape(client.get("/admin/mentoring").get_data(as_text=True))
    assert page.count('<tr><th scope="row">Ánne Ny') == 1 and "Per Erfaren" in page
    for event in (first, second):  # the person's profile is at each event she is confirmed for
        page = html.unescape(client.get(f"/admin/mentoring?event={event.id}").get_data(as_text=True))
        assert page.count("Ánne Ny") >= 1


def test_a_change_of_role_while_paired_is_refused_and_withdrawing_ends_the_pair(app, client, make, signed_in):
    event = make.event(title="Lederkonferansen")
    register(app.test_client(), event.slug, "anne@example.org", first_name="Ánne", last_name="Ny",
             kommune="3405", mentoring="mentee")
    register(app.test_client(), event.slug, "mari@example.org", first_name="Máret", last_name="Erfaren",
             kommune="3401", mentoring="mentor")
    with app.app_context(), transaction():
        [pair] = service.approve(event.id, 1, SYSTEM)
        pair_id = pair.id
    signed_in("anne@example.org")
    refused = _post(client, {"mentoring": "mentor", "mentoring_consent": "y"})
    assert refused.status_code == 400
    assert "kan ikke bytte rolle nå" in refused.get_data(as_text=True)
    themes = _post(client, {"mentoring": "mentee", "mentoring_themes": ["juss"], "mentoring_consent": "y"})
    assert themes.status_code == 303
    with app.app_context():
        assert db.session.get(MentorPair, pair_id).status == PairStatus.APPROVED
    _post(client, {}, "/me/mentoring/withdraw")
    with app.app_context():
        assert db.session.get(MentorPair, pair_id).status == PairStatus.ENDED


def test_glem_meg_takes_the_mentoring_profile_with_it(app, client, make, signed_in):
    event = make.event()
    register(client, event.slug, "anne@example.org", mentoring="mentee")
    signed_in("anne@example.org")
    assert _profiles(app)[0][0] is True
    token = csrf_from(client.get("/me/forget").get_data(as_text=True))
    assert client.post("/me/forget", data={"csrf_token": token}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Person.id))) == 0
    assert _profiles(app) == []
