"""Test clients that act like a person's browser: signed in through the real forms, sending the page's CSRF
token with every state-changing request. Shared by the back-office and the security tests."""
from __future__ import annotations

from flask import Flask

from tests.factories import PASSWORD, csrf_from, sign_in_speaker


class SignedIn:
    """A test client and the CSRF token its pages carry; `post` adds the token as the page's form would."""

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


def csrf_of(client) -> str:
    """The CSRF token of this client's session (every page with a form has it; /logout is one for everybody)."""
    response = client.get("/logout")
    assert response.status_code == 200, response.status_code
    return csrf_from(response.get_data(as_text=True))


def log_in(client, email: str, password: str = PASSWORD, *, remember: bool = False):
    """Sign an organiser or door-staff member in on `client` through the real login form."""
    data = {"email": email, "password": password, "csrf_token": csrf_of(client)}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


def signed_in(client, login, email: str) -> SignedIn:
    """`login` is the suite's fixture (it signs in on the `client` fixture)."""
    login(email)
    return SignedIn(client, csrf_of(client))


def user_client(app: Flask, email: str) -> SignedIn:
    """A fresh browser of a signed-in organiser or door-staff member."""
    client = app.test_client()
    log_in(client, email)
    return SignedIn(client, csrf_of(client))


def speaker_client(app: Flask, speaker_id: int) -> SignedIn:
    """A fresh browser of a speaker signed in to the portal (the link flow itself is tested in tests/speakers)."""
    client = app.test_client()
    sign_in_speaker(app, client, speaker_id)
    return SignedIn(client, csrf_of(client))


def anonymous_client(app: Flask, address: str | None = None) -> SignedIn:
    """A browser with no sign-in (a participant is one too: their link is their key), from `address`."""
    client = app.test_client()
    if address:
        client.environ_base["REMOTE_ADDR"] = address
    return SignedIn(client, csrf_of(client))
