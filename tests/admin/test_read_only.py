"""Lesetilgang «sees lists, numbers and exports, changes nothing»: every edit page that names `reads="view"`
(found in the URL map, not listed by hand) shows a viewer the same page with its fields disabled, no form
that posts, no submit button; its POST stays 403. An arrangør gets the page that changes things."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from app.models import EventRole
from tests.admin.test_workspace import _url, workspace  # noqa: F401 (a fixture)
from tests.clients import csrf_of, log_in

CONTROLS = {"input", "select", "textarea", "button"}


class Controls(HTMLParser):
    """The page's POST forms, submit buttons and the form controls a user could change."""

    def __init__(self) -> None:
        super().__init__()
        self.post_forms: list[str] = []
        self.submits: list[str] = []
        self.enabled: list[str] = []
        self.all: list[str] = []
        self._fieldsets: list[bool] = []  # open <fieldset>s: disabled or not

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.post_forms.append(a.get("action") or "(this page)")
        if tag == "fieldset":
            self._fieldsets.append("disabled" in a)
        if tag == "button" and a.get("type", "submit") == "submit" or tag == "input" and a.get("type") == "submit":
            self.submits.append(str(a))
        if tag in CONTROLS and a.get("type") != "hidden":
            name = f"{tag} {a.get('name') or a.get('id')}"
            self.all.append(name)
            if "disabled" not in a and not any(self._fieldsets):
                self.enabled.append(name)

    def handle_endtag(self, tag):
        if tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()


def controls(html: str) -> Controls:
    parser = Controls()
    parser.feed(html)
    return parser


def _read_only_pages(app):
    for rule in app.url_map.iter_rules():
        if getattr(app.view_functions[rule.endpoint], "reads", None) == "view" and "GET" in rule.methods:
            yield rule


@pytest.fixture
def team(app, make, workspace):  # noqa: F811
    from app.extensions import db
    from app.models import Event

    with app.app_context():
        event = db.session.query(Event).filter_by(slug=workspace["slug"]).one()
    clients = {}
    for role in (EventRole.VIEWER, EventRole.ORGANISER):
        user = make.user(role, email=f"{role.value}@example.org", events=[event])
        client = app.test_client()
        log_in(client, user.email)
        clients[role] = client
    return clients


def _mentoring(app, slug: str) -> None:
    """A mentee and a mentor at the workspace's event: /admin/mentoring has a pair to show (and to change)."""
    from app.core.transaction import transaction
    from app.extensions import db
    from app.mentoring import service as mentoring
    from app.models import Event
    from app.registration import service
    from tests.factories import applicant

    with app.app_context(), transaction():
        event_id = db.session.query(Event.id).filter_by(slug=slug).scalar()
        for who, kommune, role in (("ny", "3405", "mentee"), ("erfaren", "3401", "mentor")):
            mentoring.opt_in(service.register(event_id, applicant(who, municipality_number=kommune)), role, (), "")


def test_every_read_only_page_shows_lesetilgang_no_way_to_change_anything(app, workspace, team):  # noqa: F811
    viewer, organiser = team[EventRole.VIEWER], team[EventRole.ORGANISER]
    _mentoring(app, workspace["slug"])
    walked = []
    for rule in _read_only_pages(app):
        path = _url(rule, workspace)
        response = viewer.get(path)
        assert response.status_code == 200, (path, response.status_code)
        seen = controls(response.get_data(as_text=True))
        assert (seen.post_forms, seen.submits, seen.enabled) == ([], [], []), path
        assert organiser.get(path).status_code == 200, path
        changes = controls(organiser.get(path).get_data(as_text=True))
        assert changes.post_forms and changes.submits and changes.enabled, path  # the page does change things
        if "POST" in rule.methods:
            assert viewer.post(path, data={"csrf_token": csrf_of(viewer)}).status_code == 403, path
        walked.append(rule.endpoint)
    assert set(walked) == {
        "program_organiser.edit_event", "program_organiser.edit_session", "program_organiser.tracks",
        "program_organiser.edit_track", "registration_organiser.registration", "admin.event_team",
        "surveys_organiser.edit", "surveys_organiser.edit_question", "mentoring_organiser.index"}


def test_a_read_only_page_shows_the_values_in_disabled_fields(app, workspace, team):  # noqa: F811
    viewer = team[EventRole.VIEWER]
    html = viewer.get(f"/admin/events/{workspace['slug']}/settings").get_data(as_text=True)
    seen = controls(html)
    assert "input title" in seen.all and "select venue_id" in seen.all
    assert 'value="Ledersamling Innlandet"' in html and 'class="form read-only"' in html
    assert re.search(r'<input (?=[^>]*\bdisabled\b)(?=[^>]*name="title")', html)  # disabled itself, too
    session = viewer.get(f"/admin/events/{workspace['slug']}/sessions/{workspace['session_id']}").get_data(as_text=True)
    assert 'value="Åpning"' in session and "Kari Nordmann" in session
    assert "Legg til en ny foredragsholder" not in session and ">Flytt</a>" not in session
    team_page = viewer.get(f"/admin/events/{workspace['slug']}/settings/team").get_data(as_text=True)
    assert "<td>Lesetilgang</td>" in team_page and "<td>Arrangør</td>" in team_page
    assert "Ny bruker" not in team_page and "Endre rolle" not in team_page


def test_lesetilgang_posts_are_refused_and_change_nothing(app, workspace, team):  # noqa: F811
    viewer = team[EventRole.VIEWER]
    slug = workspace["slug"]
    response = viewer.post(f"/admin/events/{slug}/settings", data={"csrf_token": csrf_of(viewer), "title": "Kapret"})
    assert response.status_code == 403
    assert 'value="Ledersamling Innlandet"' in viewer.get(f"/admin/events/{slug}/settings").get_data(as_text=True)


def test_the_lists_link_lesetilgang_to_the_read_only_pages(app, workspace, team):  # noqa: F811
    viewer = team[EventRole.VIEWER]
    slug = workspace["slug"]
    program = viewer.get(f"/admin/events/{slug}/program?view=list").get_data(as_text=True)
    assert f'<a href="/admin/events/{slug}/sessions/{workspace["session_id"]}">Åpning</a>' in program
    surveys = viewer.get(f"/admin/events/{slug}/surveys").get_data(as_text=True)
    assert f'<a href="/admin/surveys/{workspace["survey_id"]}">Evaluering</a>' in surveys
    survey = viewer.get(f"/admin/surveys/{workspace['survey_id']}").get_data(as_text=True)
    assert "/preview" not in survey and "Send en testinvitasjon" not in survey
    settings = viewer.get(f"/admin/events/{slug}/settings").get_data(as_text=True)
    assert f'href="/admin/events/{slug}/settings/team"' in settings and f'/admin/events/{slug}/copy"' not in settings
