"""Cookies and headers: HttpOnly and SameSite=Lax always, Secure exactly when BASE_URL is https; a strict CSP,
nosniff, a referrer policy and `frame-ancestors 'none'` on every answer, HSTS only behind HTTPS.

(The access-matrix walk checks the headers of every one of its ~700 answers over plain HTTP too.)"""
from __future__ import annotations

from tests.clients import log_in
from tests.factories import PASSWORD, csrf_from
from tests.security import world as world_module
from tests.security.access_table import TABLE
from tests.security.apps import another_app
from tests.security.judge import header_problems
from tests.security.routes import rules, urls

HTTPS = "https://samling.kulturskoleradet.no"
SECRET = "production-secret-" + "x" * 40


def set_cookie(response, name: str) -> dict[str, str | bool]:
    """The attributes of the Set-Cookie header for `name` (names lower-cased; flags as True)."""
    for header in response.headers.getlist("Set-Cookie"):
        first, *attributes = [part.strip() for part in header.split(";")]
        if first.split("=", 1)[0] == name:
            found: dict[str, str | bool] = {}
            for attribute in attributes:
                key, _, value = attribute.partition("=")
                found[key.lower()] = value or True
            return found
    raise AssertionError(f"no Set-Cookie for {name}: {response.headers.getlist('Set-Cookie')}")


def assert_cookie(response, name: str, *, secure: bool) -> None:
    attributes = set_cookie(response, name)
    assert attributes.get("httponly") is True, (name, attributes)
    assert attributes.get("samesite") == "Lax", (name, attributes)
    assert ("secure" in attributes) is secure, (name, attributes)


def test_over_plain_http_cookies_are_httponly_and_lax_but_not_secure(app, world):
    client = app.test_client()
    assert_cookie(client.get("/login"), "session", secure=False)
    assert_cookie(log_in(client, world_module.ORGANISER, remember=True), "remember_token", secure=False)
    assert_cookie(client.get("/lang/en"), "lang", secure=False)
    speaker = app.test_client()
    page = speaker.get(f"/speaker/login/{world.speaker_link_token}")
    signed_in = speaker.post(f"/speaker/login/{world.speaker_link_token}",
                             data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert signed_in.status_code == 303
    assert_cookie(signed_in, "session", secure=False)


def test_error_answers_carry_the_headers_too(app, client):
    answers = {
        "unknown page": client.get("/finnes-ikke"),
        "unknown API path": client.get("/api/v1/finnes-ikke"),
        "wrong method": client.delete("/"),
        "NUL byte": client.get("/events/a%00b"),
        "malformed id": client.get("/admin/venues/abc"),
        "static file": client.get("/static/css/app.css"),
    }
    for what, response in answers.items():
        assert response.status_code in (200, 400, 404, 405), (what, response.status_code)
        assert not header_problems(response, None), (what, header_problems(response, None))


def test_in_production_behind_https_every_answer_has_hsts_and_every_cookie_is_secure(app, world):
    environ = {"SECRET_KEY": SECRET, "BASE_URL": HTTPS, "RATELIMIT_STORAGE_URI": "memory://"}
    with another_app(app, "production", environ) as production:
        assert production.config["DEBUG"] is False and production.config["SESSION_COOKIE_SECURE"] is True
        anonymous, organiser = production.test_client(), production.test_client()

        assert_cookie(anonymous.get("/login", base_url=HTTPS), "session", secure=True)
        token = csrf_from(organiser.get("/login", base_url=HTTPS).get_data(as_text=True))
        signed_in = organiser.post("/login", base_url=HTTPS, data={
            "email": world_module.ORGANISER, "password": PASSWORD, "remember": "y", "csrf_token": token})
        assert signed_in.status_code == 303
        assert_cookie(signed_in, "session", secure=True)
        assert_cookie(signed_in, "remember_token", secure=True)
        assert_cookie(anonymous.get("/lang/nb", base_url=HTTPS), "lang", secure=True)

        speaker = production.test_client()
        page = speaker.get(f"/speaker/login/{world.speaker_link_token}", base_url=HTTPS)
        redeemed = speaker.post(f"/speaker/login/{world.speaker_link_token}", base_url=HTTPS,
                                data={"csrf_token": csrf_from(page.get_data(as_text=True))})
        assert redeemed.status_code == 303
        assert_cookie(redeemed, "session", secure=True)

        problems, walked = [], 0
        for key, rule, method in rules(production):
            if method != "GET":
                continue
            for role, client in (("anonymous", anonymous), ("organiser", organiser)):
                for request in urls(production, rule, world, role, TABLE[key]):
                    response = client.get(request.url, base_url=HTTPS)
                    walked += 1
                    if response.status_code >= 500:
                        problems.append(f"{request.url} as {role}: {response.status_code}")
                    problems += [f"{request.url} as {role}: {p}" for p in
                                 header_problems(response, rule.endpoint, https=True)]
        assert not problems, "\n".join(problems)
        assert walked >= 150


def test_in_production_over_plain_http_nothing_claims_https(app, world):
    environ = {"SECRET_KEY": SECRET, "BASE_URL": "http://samling.intern.example", "RATELIMIT_STORAGE_URI": "memory://"}
    with another_app(app, "production", environ) as production:
        client = production.test_client()
        page = client.get("/login")
        assert_cookie(page, "session", secure=False)
        assert not header_problems(page, "auth.login", https=False)  # and so no HSTS
        token = csrf_from(page.get_data(as_text=True))
        signed_in = client.post("/login", data={"email": world_module.ORGANISER, "password": PASSWORD,
                                                "remember": "y", "csrf_token": token})
        assert_cookie(signed_in, "remember_token", secure=False)
