"""Registering through the real form with or without «Husk meg», and signing in to Min side."""
from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import Person, Registration
from tests.factories import csrf_from, sign_in_person
from tests.registration.conftest import FormClient, valid_form
from tests.smtp import SmtpServer


def register(client, slug: str, email: str = "kari@example.org", *, remember: bool = True, contact: bool = False,
             **fields):
    """Post the registration form of `slug` as a new browser visit would (with the page's CSRF token)."""
    data = valid_form(email=email, **fields)
    if remember:
        data["remember_consent"] = "y"
    if contact:
        data["contact_ok"] = "y"
    response = FormClient(client).register(slug, data)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    return response


def person_of(app, email: str) -> Person | None:
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.email == email.lower()))
        if person is not None:
            db.session.expunge(person)
        return person


def registrations_of(app, person_id: int) -> list[tuple[str, int | None]]:
    """(event slug, person_id) of the person's registrations, in id order."""
    with app.app_context():
        rows = db.session.scalars(select(Registration).where(Registration.person_id == person_id)
                                  .order_by(Registration.id))
        return [(r.event.slug, r.person_id) for r in rows]


def link_from(message) -> str:
    return re.search(r"http://\S+/me/signin/\S+", SmtpServer.text_of(message)).group(0)


def newest_link(app, smtp, timeout: float = 10.0) -> str:
    """Deliver the outbox; the path of the newest Min side link the real SMTP server received."""
    with app.app_context():
        deliver_due()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in smtp.messages if "/me/signin/" in SmtpServer.text_of(m)]
        if found:
            return link_from(found[-1]).split(app.config["BASE_URL"], 1)[1]
        time.sleep(0.05)
    raise AssertionError("no Min side link arrived")


def request_link(client, email: str):
    token = csrf_from(client.get("/me/signin").get_data(as_text=True))
    return client.post("/me/signin", data={"email": email, "csrf_token": token})


def sign_in_by_link(app, client, smtp, email: str) -> str:
    """Ask for a link, take it from the real SMTP server, press the button; the link's path."""
    request_link(client, email)
    path = newest_link(app, smtp)
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(path, data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 303 and response.headers["Location"] == "/me/", response.status_code
    return path


@pytest.fixture
def signed_in(app, client):
    """sign_in(email): this client is signed in to Min side as the person with that address."""
    def sign_in(email: str) -> None:
        sign_in_person(app, client, person_of(app, email).id)
    return sign_in
