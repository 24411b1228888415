"""The client address the sign-in limit counts: from nginx's X-Forwarded-For behind the shipped nginx, and
never from a forged X-Forwarded-For when gunicorn is reached directly (PROXY_COUNT, TRUSTED_PROXIES)."""
from __future__ import annotations

import pytest

from app.extensions import limiter
from tests.clients import anonymous_client
from tests.security.apps import another_app
from tests.security.test_rate_limits import allowed_in, assert_too_many

LOGIN_LIMIT = "10 per minute"
WRONG = {"email": "arrangor@example.org", "password": "feil"}


def _app(app, proxy_count: int):
    return another_app(app, "testing", {}, PROXY_COUNT=proxy_count, RATELIMIT_ENABLED=True)


def _guesses(site, peer: str, forged: bool) -> list[int]:
    """One more guess than the limit allows, each with another X-Forwarded-For when `forged`."""
    browser = anonymous_client(site, peer)
    return [browser.post("/login", WRONG, headers={"X-Forwarded-For": f"198.51.100.{i}"} if forged else {})
            for i in range(allowed_in(LOGIN_LIMIT) + 1)]


@pytest.mark.parametrize("proxy_count", [0, 1])
def test_a_forged_forwarded_for_from_outside_does_not_escape_the_login_limit(app, proxy_count):
    with _app(app, proxy_count) as site:
        limiter.reset()
        *allowed, last = _guesses(site, "203.0.113.7", forged=True)
        assert [r.status_code for r in allowed] == [200] * allowed_in(LOGIN_LIMIT)
        assert_too_many(last, api=False)


def test_behind_nginx_the_limit_counts_each_client_from_its_forwarded_for(app):
    with _app(app, 1) as site:
        limiter.reset()
        nginx = anonymous_client(site, "127.0.0.1")
        for _ in range(allowed_in(LOGIN_LIMIT)):
            assert nginx.post("/login", WRONG, headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200
        assert_too_many(nginx.post("/login", WRONG, headers={"X-Forwarded-For": "198.51.100.1"}), api=False)
        other = nginx.post("/login", WRONG, headers={"X-Forwarded-For": "198.51.100.2"})
        assert other.status_code == 200, "another client behind the same nginx is not held back"
