"""Details changed on a registration's manage page become the remembered profile — only for a registration given
with «Husk meg» (linked to the person); any other registration of the same address changes nothing remembered."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Registration, SchoolSize, YearsBand
from app.registration import links
from tests.people.conftest import person_of, register
from tests.registration.conftest import FormClient, valid_form


def _manage_path(app, slug: str, email: str) -> str:
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(Registration.email == email)
                                         .where(Registration.event.has(slug=slug)))
        return "/me/" + links.manage_token(registration)


def _profile(app, email: str) -> tuple:
    person = person_of(app, email)
    return (person.first_name, person.last_name, person.organisation, person.municipality_number,
            person.job_title, person.years_as_leader, person.school_size)


def _change(client, path: str, **fields):
    forms = FormClient(client)
    response = forms.post(path + "/details", valid_form(**fields), token_from=path + "/details")
    assert response.status_code == 303 and response.headers["Location"] == path + "#details", response.status_code
    return response


def test_details_changed_on_the_manage_page_of_a_remembered_registration_become_the_profile(app, client, make):
    event = make.event(slug="konferansen")
    register(client, event.slug, "Sara@Example.org", first_name="Sara", school_size="lt100")
    before = _profile(app, "sara@example.org")
    assert before[0] == "Sara" and before[6] == SchoolSize.LT100
    path = _manage_path(app, event.slug, "sara@example.org")
    _change(app.test_client(), path, email="sara@example.org", first_name="Sáráh", last_name="Áilestad",
            organisation="Kárášjoga kulturskole", kommune="5610", job_title="Rektor", years_as_leader="gt10",
            school_size="300-599")
    assert _profile(app, "sara@example.org") == (
        "Sáráh", "Áilestad", "Kárášjoga kulturskole", "5610", "Rektor", YearsBand.GT10, SchoolSize.S300_599)
    assert person_of(app, "sara@example.org").email == "sara@example.org"


def test_a_registration_without_husk_meg_changes_nothing_remembered(app, client, make):
    remembered, other = make.event(slug="forste"), make.event(slug="andre")
    register(client, remembered.slug, "ola@example.org", first_name="Ola", school_size="lt100")
    register(app.test_client(), other.slug, "ola@example.org", first_name="Ola", school_size="lt100",
             remember=False)
    before = _profile(app, "ola@example.org")
    path = _manage_path(app, other.slug, "ola@example.org")
    _change(app.test_client(), path, email="ola@example.org", first_name="Ole", job_title="Rektor",
            school_size="gt1000")
    assert _profile(app, "ola@example.org") == before
    with app.app_context():  # the registration itself did change
        changed = db.session.scalar(select(Registration).where(Registration.event.has(slug="andre")))
        assert (changed.first_name, changed.person_id) == ("Ole", None)
