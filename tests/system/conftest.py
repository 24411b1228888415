"""The system tests run Samling as deployed (gunicorn, the outbox worker, `flask` commands) against a
database of their own; they need none of the suite's per-test fixtures."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _clean_database():
    """Overrides the suite's autouse fixture: no shared test database to empty here."""
    yield
