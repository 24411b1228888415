"""CSRF: every state-changing route refuses a request without the page's token, or with a forged or another
session's token, also for a role that may otherwise use it. Only a scanner device's bearer token needs none."""
from __future__ import annotations

import uuid
from types import SimpleNamespace

from itsdangerous import URLSafeTimedSerializer

from app.models import Checkin
from tests.checkin.helpers import api_token
from tests.clients import csrf_of
from tests.security.access_table import OK, ROLES, TABLE
from tests.security.judge import CSRF_MESSAGE, send
from tests.security.routes import UNSAFE, rules, urls
from tests.security.world import row_counts

# Routes that take no CSRF token by design, and why.
WITHOUT_CSRF = {
    "POST /mail/unsubscribe/<token>": "RFC 8058 one-click opt-out: the mail provider posts it, with no session; "
                                      "the token in the URL opts out that one address and nothing else",
}


def _forged() -> str:
    """A well-formed token signed with somebody else's key."""
    return URLSafeTimedSerializer("not-our-secret", salt="wtf-csrf-token").dumps(uuid.uuid4().hex)


def _refused_for_csrf(response, url: str) -> bool:
    if response.status_code != 400:
        return False
    if url.startswith("/api/"):
        return response.get_json(silent=True) == {"error": "csrf_failed", "message": response.get_json()["message"]}
    return CSRF_MESSAGE in response.get_data(as_text=True)


def test_every_state_changing_route_needs_the_sessions_own_csrf_token(app, world, people):
    assert app.config.get("WTF_CSRF_ENABLED", True) is not False  # checked in testing too
    before = row_counts(app)
    problems, tried = [], 0
    for key, rule, method in rules(app):
        row = TABLE.get(key)
        if method not in UNSAFE or row is None or key in WITHOUT_CSRF:
            continue
        role = row.smoke.role if row.smoke else next(r for r in ROLES if row.of(r) == OK)
        person = people[role]
        stranger = people["participant" if role == "anonymous" else "anonymous"]
        body = (row.smoke.json if row.smoke.json is not None else row.smoke.data) if row.smoke else None
        [request] = urls(app, rule, world, role, row)
        for label, token in (("no token", None), ("a forged token", _forged()),
                             ("another session's token", stranger.token)):
            response = send(person, method, request.url, token=token, body=body)
            tried += 1
            if not _refused_for_csrf(response, request.url):
                problems.append(f"{key} as {role} with {label}: {response.status_code} "
                                f"{response.get_data(as_text=True)[:200]!r}")
    assert not problems, "accepted without a valid CSRF token:\n" + "\n".join(problems)
    assert tried >= 3 * 60
    assert row_counts(app) == before


def test_the_scanner_page_sends_its_token_in_a_header_and_a_device_its_bearer_token(app, world, people):
    staff = people["door"]
    url = f"/api/v1/events/{world.slug}/checkins"
    scan = {"code": world.badge_code, "session_id": None, "nonce": "dør-1"}
    refused = staff.client.post(url, json=scan)
    assert refused.status_code == 400 and refused.get_json()["error"] == "csrf_failed"
    foreign = staff.client.post(url, json=scan, headers={"X-CSRFToken": people["anonymous"].token})
    assert foreign.status_code == 400 and foreign.get_json()["error"] == "csrf_failed"
    assert row_counts(app)[Checkin.__tablename__] == 0
    staff.token = csrf_of(staff.client)
    ok = staff.client.post(url, json=scan, headers={"X-CSRFToken": staff.token})
    assert ok.status_code == 200 and ok.get_json()["result"] == "ok"
    # A scanner device has no cookie and no CSRF token: its bearer token is the credential.
    device = api_token(app, SimpleNamespace(id=world.door_id))
    again = app.test_client().post(url, json={**scan, "nonce": "dør-2"}, headers={"Authorization": f"Bearer {device}"})
    assert again.status_code == 200 and again.get_json()["result"] == "already_checked_in"
