"""Smoke test of a running Samling (used by `make prod-check`): python scripts/smoke.py http://127.0.0.1:8123"""
from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request


def get(url: str, headers: dict | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def wrong_login(base: str) -> int:
    """Post the real login form (cookie + CSRF token) with a wrong password."""
    import http.cookiejar
    import re
    import urllib.parse

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + "/login", timeout=10).read().decode("utf-8")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": "ingen@example.org", "password": "feil", "csrf_token": token}).encode()
    with opener.open(base + "/login", data=data, timeout=10) as response:
        body = response.read().decode("utf-8")
        return response.status if "Feil e-postadresse eller passord." in body else 500


def main(base: str) -> int:
    failures = []

    def check(ok: bool, what: str) -> None:
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    status, _, body = get(base + "/healthz")
    check(status == 200 and json.loads(body) == {"status": "ok", "database": "ok"}, "/healthz is ok")
    status, headers, body = get(base + "/")
    check(status == 200 and "Lederkonferansen 2027" in body, "front page lists the seeded events")
    check("unsafe-inline" not in headers.get("Content-Security-Policy", "x unsafe-inline"), "strict CSP")
    check(headers.get("X-Content-Type-Options") == "nosniff", "nosniff")
    status, _, body = get(base + "/events/lederkonferansen-2027")
    check(status == 200 and "Program" in body, "event page")
    status, _, body = get(base + "/api/v1/events?upcoming=1")
    check(status == 200 and any(e["slug"] == "lederkonferansen-2027" for e in json.loads(body)), "events API")
    status, _, body = get(base + "/events/finnes-ikke")
    check(status == 404 and "Traceback" not in body and "Vi fant ikke siden" in body, "404 page without debug output")
    status, _, body = get(base + "/api/v1/openapi.json")
    check(status == 200 and json.loads(body)["openapi"].startswith("3."), "OpenAPI document")
    check(wrong_login(base) == 200, "a wrong password is answered with the login form (and counted by the limiter)")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
