"""The contract's URLs (../shared/CONTRACT.md, «Added in the second round»): where a page moved, its old URL
answers 301 with the new one (for a year), query string kept, whoever asks; the new URL is the page."""
from __future__ import annotations

import pytest

from app.models import UserRole

SLUG = "lederkonferansen-2027"


@pytest.fixture
def event(make):
    return make.event(title="Lederkonferansen 2027", slug=SLUG)


def _moved(app, client, old: str) -> str:
    response = client.get(old)
    assert response.status_code == 301, (old, response.status_code)
    return response.headers["Location"]


def test_each_old_url_answers_301_with_the_new_one(app, client, event, make):
    user = make.user(UserRole.MEMBER, email="kari@example.org")
    assert {old: _moved(app, client, old) for old in (
        f"/admin/events/{SLUG}/edit",
        f"/admin/events/{SLUG}/team",
        f"/admin/events/{SLUG}/registrations/email?kommune=5501",
        f"/admin/surveys/event/{SLUG}",
        "/admin/people",
        "/admin/people/new",
        f"/admin/people/{user.id}",
    )} == {
        f"/admin/events/{SLUG}/edit": f"/admin/events/{SLUG}/settings",
        f"/admin/events/{SLUG}/team": f"/admin/events/{SLUG}/settings/team",
        f"/admin/events/{SLUG}/registrations/email?kommune=5501": f"/admin/events/{SLUG}/mail?kommune=5501",
        f"/admin/surveys/event/{SLUG}": f"/admin/events/{SLUG}/surveys",
        "/admin/people": "/admin/users",
        "/admin/people/new": "/admin/users/new",
        f"/admin/people/{user.id}": f"/admin/users/{user.id}",
    }


def test_the_new_urls_are_the_pages_and_the_tabs_link_them(admin, event):
    for path, marks in ((f"/admin/events/{SLUG}/settings", 'name="title"'),
                        (f"/admin/events/{SLUG}/settings/team", 'name="add-user_id"'),
                        (f"/admin/events/{SLUG}/mail", 'name="subject"'),
                        (f"/admin/events/{SLUG}/surveys", "Opprett undersøkelse"),
                        ("/admin/users", "<h1>Brukere</h1>"), ("/admin/users/new", "<h1>Ny bruker</h1>")):
        assert marks in admin.html(path), path
    tabs = admin.html(f"/admin/events/{SLUG}/")
    for path in ("mail", "surveys", "settings"):
        assert f'<a href="/admin/events/{SLUG}/{path}">' in tabs, path


def test_an_old_url_of_no_event_still_ends_in_a_404(admin):
    response = admin.get("/admin/events/finnes-ikke/edit")
    assert response.status_code == 301
    assert admin.get(response.headers["Location"]).status_code == 404
