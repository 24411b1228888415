"""An organiser signed in through the real login form, and a client that sends the CSRF token like a browser."""
from __future__ import annotations

import pytest

from app.models import UserRole
from tests.clients import SignedIn, signed_in

AdminClient = SignedIn  # the back-office tests' name for it

__all__ = ["AdminClient", "signed_in"]


@pytest.fixture
def organiser(make):
    return make.user(UserRole.ADMINISTRATOR, email="arrangor@example.org")


@pytest.fixture
def admin(client, login, organiser) -> AdminClient:
    return signed_in(client, login, organiser.email)
