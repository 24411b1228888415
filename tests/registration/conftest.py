"""Posting the real registration form (with its CSRF token) through the test client."""
from __future__ import annotations

import html as htmllib
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Event, Registration
from app.registration import links
from tests.factories import csrf_from


def valid_form(**overrides) -> dict:
    data = {
        "first_name": "Kari", "last_name": "Nordmann", "email": "kari@example.org", "phone": "",
        "organisation": "Lillehammer kulturskole", "kommune": "3405", "job_title": "Kulturskolerektor",
        "years_as_leader": "4-6", "privacy_accepted": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class FormClient:
    def __init__(self, client) -> None:
        self.client = client
        self._form_token: str | None = None  # a session's CSRF token stays valid: fetch the form once

    def token(self, path: str) -> str:
        response = self.client.get(path)
        assert response.status_code == 200, response.status_code
        return csrf_from(response.get_data(as_text=True))

    def register(self, slug: str, data: dict, *, csrf: bool = True):
        if csrf and self._form_token is None:
            self._form_token = self.token(f"/events/{slug}/register")
        token = self._form_token if csrf else None
        body = dict(data)
        if token:
            body["csrf_token"] = token
        response = self.client.post(f"/events/{slug}/register", data=body)
        response.registered = (self.client.application, slug, str(data.get("email", "")).strip().lower())
        return response

    def post(self, path: str, data: dict | None = None, *, token_from: str):
        return self.client.post(path, data={**(data or {}), "csrf_token": self.token(token_from)})


@pytest.fixture
def forms(client) -> FormClient:
    return FormClient(client)


def manage_path(response) -> str:
    """The answer to a registration is the same for a new and a known address ('check your e-mail'); the
    registration's own page is the link in its e-mail: `/me/<token>` of the address's registration."""
    app, slug, email = response.registered
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    assert response.headers["Location"].split("?")[0] == f"/events/{slug}/registered", response.headers["Location"]
    with app.app_context():
        registration = db.session.scalar(select(Registration).join(Event).where(
            Event.slug == slug, Registration.email == email))
        assert registration is not None, f"no registration of {email}"
        path = "/me/" + links.manage_token(registration)
        db.session.remove()
    return path


def errors_of(html: str) -> list[str]:
    """The error messages shown next to the fields (not the summary)."""
    return [htmllib.unescape(re.sub(r"\s+", " ", m).strip()) for m in
            re.findall(r'<p class="error-message"[^>]*><span class="visually-hidden">Feil:</span>(.*?)</p>', html, re.S)]
