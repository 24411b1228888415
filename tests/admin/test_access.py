"""Only the back office's roles get into /admin. Who may use which route — every /admin rule included, as anonymous, participant,
speaker and door staff, and CSRF on every state-changing request — is held against one table in
tests/security/ (test_access_matrix.py, test_csrf.py); here what is particular to the back office."""
from __future__ import annotations

import re

from flask import Flask

from app.models import UserRole
from tests.factories import PASSWORD, csrf_from


def admin_rules(app: Flask) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin")
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_the_url_map_has_the_back_office(app):
    found = admin_rules(app)
    assert len(found) >= 50
    assert {("GET", "/admin/"), ("GET", "/admin/events/<slug:slug>/program"), ("GET", "/admin/outbox"),
            ("GET", "/admin/audit"), ("POST", "/admin/events/<slug:slug>/notices/send")} <= found


def test_every_back_office_route_is_held_against_the_roles_in_the_access_table(app):
    """Every /admin route is one of the back-office rows: nobody outside gets in, and lesetilgang never changes
    anything (every POST refuses them). A moved URL (301 for everyone, to a page held here) is not a page."""
    from tests.security.access_table import LOGIN, MOVED_PAGE, TABLE

    for method, rule in admin_rules(app):
        row = TABLE[f"{method} {rule}"]
        if row is MOVED_PAGE:
            continue
        assert (row.anonymous, row.participant, row.speaker, row.door, row.administrator) == (
            LOGIN, LOGIN, LOGIN, 403, "ok"), rule
        if method == "POST":
            assert row.viewer == 403, rule


def test_an_organiser_gets_in_and_sees_the_administration_link(admin, make):
    make.event(slug="lederkonferansen-2027")
    html = admin.html("/admin/")
    assert re.search(r'<a href="/admin/">Administrasjon</a>', html)
    assert "lederkonferansen-2027" in html


def test_a_deactivated_organiser_loses_access_at_once(app, admin, organiser, make):
    other = make.user(UserRole.ADMINISTRATOR, email="annen@example.org")
    second = app.test_client()  # the other organiser's browser, signed in before
    page = second.get("/login")
    second.post("/login", data={"email": other.email, "password": PASSWORD,
                                "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert second.get("/admin/").status_code == 200
    assert admin.post(f"/admin/users/{other.id}/deactivate").status_code == 303
    assert second.get("/admin/").status_code == 302
