"""An organiser signed in through the real login form, and a client that sends the CSRF token like a browser."""
from __future__ import annotations

import pytest

from app.models import UserRole
from tests.factories import csrf_from


class AdminClient:
    """The test client of a signed-in user; `post` adds the form's CSRF token as the page would."""

    def __init__(self, client, token: str) -> None:
        self.client = client
        self.token = token

    def get(self, url: str, **kw):
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, **kw):
        payload = {"csrf_token": self.token, **(data or {})}
        return self.client.post(url, data=payload, **kw)

    def html(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data(as_text=True)


def signed_in(client, login, email: str) -> AdminClient:
    login(email)
    return AdminClient(client, csrf_from(client.get("/logout").get_data(as_text=True)))


@pytest.fixture
def organiser(make):
    return make.user(UserRole.ORGANISER, email="arrangor@example.org")


@pytest.fixture
def admin(client, login, organiser) -> AdminClient:
    return signed_in(client, login, organiser.email)
