"""Real concurrent requests, each in its own thread, browser and database connection (PostgreSQL with
TEST_DATABASE_URL): a Min side link signs in exactly one browser, and two registrations of one address at
the same moment make one person."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from app.extensions import db
from app.models import Person, PersonLoginToken, Registration
from tests.clients import csrf_of
from tests.people.conftest import register, request_link
from tests.registration.conftest import FormClient, valid_form

BROWSERS = 6


def _token(app) -> str:
    """The link's token, read from the queued e-mail (only its hash is stored)."""
    from app.models import OutboxMessage

    with app.app_context():
        text = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.kind == "person.login")).one()
        db.session.remove()
    return text.split("/me/signin/", 1)[1].split()[0]


def test_six_simultaneous_presses_of_one_link_sign_in_one_browser(app, client, make):
    register(client, make.event().slug, "maret@example.org")
    request_link(client, "maret@example.org")
    path = f"/me/signin/{_token(app)}"
    browsers = [app.test_client() for _ in range(BROWSERS)]
    tokens = [csrf_of(b) for b in browsers]
    start = threading.Barrier(BROWSERS)

    def press(i: int):
        start.wait()
        return browsers[i].post(path, data={"csrf_token": tokens[i]}).status_code

    with ThreadPoolExecutor(BROWSERS) as pool:
        statuses = sorted(pool.map(press, range(BROWSERS)))
    assert statuses == [303] + [410] * (BROWSERS - 1)
    assert len([b for b in browsers if b.get("/me/").status_code == 200]) == 1
    with app.app_context():
        rows = list(db.session.scalars(select(PersonLoginToken)))
        assert len(rows) == 1 and rows[0].used_at is not None


def test_one_address_registering_for_several_events_at_once_is_one_person(app, make):
    events = [make.event() for _ in range(BROWSERS)]
    forms = [FormClient(app.test_client()) for _ in events]
    for form, event in zip(forms, events, strict=True):
        form._form_token = form.token(f"/events/{event.slug}/register")
    start = threading.Barrier(BROWSERS)

    def post(i: int):
        start.wait()
        data = valid_form(email="Samtidig@Example.org" if i % 2 else "samtidig@example.org", remember_consent="y")
        return forms[i].register(events[i].slug, data).status_code

    with ThreadPoolExecutor(BROWSERS) as pool:
        assert list(pool.map(post, range(BROWSERS))) == [303] * BROWSERS
    with app.app_context():
        [person] = db.session.scalars(select(Person)).all()
        linked = db.session.scalars(select(Registration.person_id)).all()
        assert person.email == "samtidig@example.org" and linked == [person.id] * BROWSERS
