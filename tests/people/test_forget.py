"""«Glem meg»: the profile and everything optional go, registrations are unlinked (and anonymised once their
event is over, unless an invoice needs them), and it is audited; «mine data» covers the whole person."""
import json
from datetime import timedelta

from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.models import AuditEntry, Person, PersonLoginToken, PersonSignIn, Registration
from tests.factories import csrf_from
from tests.people.conftest import person_of, register


def _forget(client):
    page = client.get("/me/forget")
    assert page.status_code == 200 and "Vil du at vi skal glemme deg?" in page.get_data(as_text=True)
    return client.post("/me/forget", data={"csrf_token": csrf_from(page.get_data(as_text=True))})


def test_glem_meg(app, client, make, signed_in):
    now = clock.now()
    past = make.event(slug="over", starts_at=now + timedelta(days=2))
    paid = make.event(slug="betalt", starts_at=now + timedelta(days=3), fee_nok=1500)
    coming = make.event(slug="kommer", starts_at=now + timedelta(days=60))
    register(client, past.slug, "Kari@Example.org", first_name="Kári", contact=True)
    register(app.test_client(), paid.slug, "kari@example.org", invoice_org_number="974760673")
    register(app.test_client(), coming.slug, "kari@example.org")
    person_id = person_of(app, "kari@example.org").id
    clock.set_now(now + timedelta(days=10))  # two of the events are over
    signed_in("kari@example.org")

    response = _forget(client)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert client.get("/me/").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Person)).all() == []
        assert db.session.scalars(select(PersonSignIn)).all() == []
        assert db.session.scalars(select(PersonLoginToken)).all() == []
        rows = {r.event.slug: r for r in db.session.scalars(select(Registration))}
        assert {slug: r.person_id for slug, r in rows.items()} == {"over": None, "betalt": None, "kommer": None}
        assert (rows["over"].first_name, rows["over"].email, rows["over"].anonymised_at is not None) == (
            "", None, True)
        assert rows["over"].municipality_number == "3405"  # counts per kommune stay
        assert (rows["betalt"].first_name, rows["betalt"].email) == ("Kari", "kari@example.org")  # the invoice's
        assert rows["betalt"].anonymised_at is None and rows["kommer"].anonymised_at is None
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "person"))
        assert (entry.entity_id, entry.action, entry.actor_type, entry.actor_label) == (
            person_id, "forget", "participant", "Min side")
        assert json.loads(entry.changes) == {"registrations_unlinked": [None, "3"], "anonymised": [None, "1"]}


def test_glem_meg_needs_the_confirming_post_and_a_sign_in(app, client, make, signed_in):
    register(client, make.event().slug, "ola@example.org")
    assert client.get("/me/forget").headers["Location"] == "/me/signin?next=/me/forget"
    signed_in("ola@example.org")
    assert client.post("/me/forget", data={}).status_code == 400  # no CSRF token: nothing happens
    assert person_of(app, "ola@example.org") is not None


def test_mine_data_covers_the_profile_and_every_registration(app, client, make, signed_in):
    first, second = make.event(slug="forste"), make.event(slug="andre")
    register(client, first.slug, "Sara@Example.org", first_name="Sáráh", school_size="300-599", contact=True)
    register(app.test_client(), second.slug, "sara@example.org", first_name="Sáráh", school_size="300-599",
             contact=True)
    register(app.test_client(), make.event(slug="uten").slug, "sara@example.org", remember=False)
    signed_in("sara@example.org")
    response = client.get("/me/data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert 'filename="mine-data.json"' in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    person = data["person"]
    assert (person["email"], person["first_name"], person["school_size"], person["years_as_leader"]) == (
        "sara@example.org", "Sáráh", "300-599", "4-6")
    assert person["kommune"] == {"number": "3405", "name": "Lillehammer"}
    assert person["remember_consent_given_at"] and person["contact_ok_given_at"]
    assert [r["event"]["slug"] for r in data["registrations"]] == ["forste", "andre"]
    assert {r["person"]["school_size"] for r in data["registrations"]} == {"300-599"}
