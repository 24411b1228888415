"""Only organisers get into /admin: every route in the app's URL map under /admin (also those other
packages add) refuses anonymous visitors, door staff and participants; every state-changing request
without a CSRF token is refused."""
from __future__ import annotations

import re

import pytest
from flask import Flask

from app.models import UserRole
from app.registration import links, service
from tests.admin.conftest import AdminClient, signed_in
from tests.factories import PASSWORD, applicant, csrf_from

SAFE = {"GET", "HEAD", "OPTIONS"}


def admin_routes(app: Flask, slug: str) -> list[tuple[str, str]]:
    """(method, url) for every /admin rule and method, with sample values for its arguments."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        values = {}
        for name in rule.arguments:
            converter = rule._converters[name]  # noqa: SLF001
            kind = converter.__class__.__name__
            if name == "slug" or kind == "SlugConverter":
                values[name] = slug
            elif kind in ("IntegerConverter", "NumberConverter"):
                values[name] = 1
            elif kind == "AnyConverter":
                values[name] = sorted(converter.items)[0]
            else:
                values[name] = "x"
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return found


@pytest.fixture
def routes(app, make):
    event = make.event(slug="lederkonferansen-2027")
    return event, admin_routes(app, event.slug)


def test_the_url_map_has_the_back_office(routes):
    _event, found = routes
    urls = {url for _m, url in found}
    assert len(found) >= 50
    assert {"/admin/", "/admin/events/lederkonferansen-2027/program", "/admin/outbox", "/admin/audit"} <= urls
    assert ("POST", "/admin/events/lederkonferansen-2027/notices/send") in found


def test_anonymous_visitors_are_sent_to_the_login(client, routes):
    _event, found = routes
    token = csrf_from(client.get("/login").get_data(as_text=True))
    for method, url in found:
        response = client.open(url, method=method, data={"csrf_token": token} if method not in SAFE else None)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response.headers["Location"].startswith("/login?next="), (method, url)


def test_door_staff_are_refused(client, login, make, routes):
    event, found = routes
    staff = make.user(UserRole.STAFF, email="dor@example.org", events=[event])
    user = signed_in(client, login, staff.email)
    for method, url in found:
        response = user.client.open(url, method=method, data={"csrf_token": user.token} if method not in SAFE else None)
        assert response.status_code == 403, (method, url, response.status_code)
        assert "Du har ikke tilgang" in response.get_data(as_text=True)


def test_a_participant_with_a_manage_link_is_not_let_in(app, client, routes):
    event, found = routes
    with app.app_context():
        registration = service.register(event.id, applicant(1))
        token = links.manage_token(registration)
    assert client.get(f"/me/{token}").status_code == 200
    csrf = csrf_from(client.get("/login").get_data(as_text=True))
    for method, url in found:
        response = client.open(url + (f"?token={token}" if "?" not in url else f"&token={token}"), method=method,
                               data={"csrf_token": csrf} if method not in SAFE else None)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), (method, url)


def test_every_state_changing_request_without_csrf_is_refused(app, admin: AdminClient, routes):
    assert app.config.get("WTF_CSRF_ENABLED", True) is not False  # CSRF is checked in testing too
    _event, found = routes
    unsafe = [(m, u) for m, u in found if m not in SAFE]
    assert len(unsafe) >= 30
    for method, url in unsafe:
        response = admin.client.open(url, method=method, data={"title": "x"})
        assert response.status_code == 400, (method, url, response.status_code)
        assert "sikkerhetsnøkkel" in response.get_data(as_text=True), (method, url)


def test_an_organiser_gets_in_and_sees_the_administration_link(admin, routes):
    html = admin.html("/admin/")
    assert re.search(r'<a href="/admin/">Administrasjon</a>', html)
    assert "lederkonferansen-2027" in html


def test_a_deactivated_organiser_loses_access_at_once(app, admin, organiser, make):
    other = make.user(UserRole.ORGANISER, email="annen@example.org")
    second = app.test_client()  # the other organiser's browser, signed in before
    page = second.get("/login")
    second.post("/login", data={"email": other.email, "password": PASSWORD,
                                "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert second.get("/admin/").status_code == 200
    assert admin.post(f"/admin/people/{other.id}/deactivate").status_code == 303
    assert second.get("/admin/").status_code == 302
