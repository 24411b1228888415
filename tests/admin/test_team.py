"""Roles per event: the team page, the creator on the team, what each role sees, and the door staff's landing."""
from __future__ import annotations

import json
import re

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Event, EventRole, TeamMember, User, UserRole
from tests.admin.test_events import FORM
from tests.checkin.helpers import api_token, enrol, scan
from tests.clients import csrf_of, log_in, user_client


def _team(app, event_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        return sorted((m.user.email, m.role.value) for m in db.session.scalars(
            select(TeamMember).where(TeamMember.event_id == event_id)))


def _audit(app, event_id: int) -> list[tuple[str, int, dict]]:
    with app.app_context():
        return [(e.action, e.entity_id, json.loads(e.changes)) for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "user", AuditEntry.event_id == event_id)
            .order_by(AuditEntry.id))]


def test_the_team_page_adds_changes_and_removes_and_audits_each(app, admin, make):
    event = make.event(title="Regionsamling Nord", slug="regionsamling-nord")
    kari = make.user(UserRole.MEMBER, email="kari@example.org")
    page = admin.html("/admin/events/regionsamling-nord/settings/team")
    assert "<h2>Teamet på arrangementet</h2>" in page and 'aria-current="page">Innstillinger</a>' in page
    assert "Ingen på teamet ennå." in page and "kari@example.org" in page  # offered to be added
    settings = admin.html("/admin/events/regionsamling-nord/settings")
    assert '<a href="/admin/events/regionsamling-nord/settings/team">Teamet på arrangementet</a>' in settings

    added = admin.post("/admin/events/regionsamling-nord/settings/team", {"add-user_id": str(kari.id), "add-role": "viewer"})
    assert added.status_code == 303
    assert _team(app, event.id) == [("kari@example.org", "viewer")]
    page = admin.html("/admin/events/regionsamling-nord/settings/team")
    assert re.search(r"<td>kari@example.org</td>\s*<td>Lesetilgang</td>", page)

    assert admin.post(f"/admin/events/regionsamling-nord/settings/team/{kari.id}", {"role": "door"}).status_code == 303
    assert _team(app, event.id) == [("kari@example.org", "door")]
    assert admin.post(f"/admin/events/regionsamling-nord/settings/team/{kari.id}", {"role": "konge"}).status_code == 303
    assert _team(app, event.id) == [("kari@example.org", "door")]
    assert admin.post(f"/admin/events/regionsamling-nord/settings/team/{kari.id}/remove").status_code == 303
    assert _team(app, event.id) == []
    assert admin.post(f"/admin/events/regionsamling-nord/settings/team/{kari.id}/remove").status_code == 404
    assert _audit(app, event.id) == [
        ("team_add", kari.id, {"team_role": [None, "viewer"]}),
        ("team_role", kari.id, {"team_role": ["viewer", "door"]}),
        ("team_remove", kari.id, {"team_role": ["door", None]}),
    ]


def test_a_new_user_made_on_the_team_page_gets_a_password_shown_once_and_the_role(app, admin, make):
    event = make.event(slug="nettverk-vest")
    response = admin.post("/admin/events/nettverk-vest/settings/team/new",
                          {"new-name": "Per Dør", "new-email": "Per@Example.org", "new-role": "door"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert '<a href="/admin/events/nettverk-vest/settings/team">Tilbake til teamet</a>' in html
    password = re.search(r"<code>(\S+)</code>", html).group(1)
    assert _team(app, event.id) == [("per@example.org", "door")]
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "per@example.org"))
        assert user.role == UserRole.MEMBER and user.check_password(password)
    assert [a for a, _id, _c in _audit(app, event.id)] == ["team_add"]
    taken = admin.post("/admin/events/nettverk-vest/settings/team/new",
                       {"new-name": "Igjen", "new-email": "per@example.org", "new-role": "viewer"})
    assert taken.status_code == 400 and "Det finnes allerede en bruker med denne e-postadressen" in taken.get_data(
        as_text=True)
    assert _team(app, event.id) == [("per@example.org", "door")]


def test_whoever_creates_an_event_is_its_arrangor(app, admin, organiser, make):
    assert admin.post("/admin/events/new", FORM).status_code == 303
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.slug == FORM["slug"]))
    assert _team(app, event_id) == [(organiser.email, "organiser")]

    # An arrangør of one event (a regional office) may make another, and is its arrangør; a viewer may not.
    home = make.event(slug="regionkontoret")
    office = make.user(EventRole.ORGANISER, email="region@example.org", events=[home])
    reader = make.user(EventRole.VIEWER, email="les@example.org", events=[home])
    region = user_client(app, office.email)
    assert region.post("/admin/events/new", {**FORM, "slug": "regionsamling-2028"}).status_code == 303
    with app.app_context():
        new_id = db.session.scalar(select(Event.id).where(Event.slug == "regionsamling-2028"))
    assert _team(app, new_id) == [("region@example.org", "organiser")]
    assert region.get("/admin/events/regionsamling-2028/settings").status_code == 200
    assert user_client(app, reader.email).get("/admin/events/new").status_code == 403


def test_the_dashboard_lists_only_the_events_on_ones_team(app, make):
    mine = make.event(title="Min samling", slug="min-samling")
    make.event(title="Andres samling", slug="andres-samling")
    reader = make.user(EventRole.VIEWER, email="les@example.org", events=[mine])
    nobody = make.user(UserRole.MEMBER, email="ingen@example.org")
    client = app.test_client()
    log_in(client, reader.email)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Min samling" in page and "Andres samling" not in page
    assert "Nytt arrangement" not in page  # lesetilgang makes nothing
    assert ">Brukere</a>" not in page and ">Endringslogg</a>" not in page and ">Utsendinger</a>" not in page
    assert client.get("/admin/events/andres-samling/").status_code == 403
    other = app.test_client()
    log_in(other, nobody.email)
    assert other.get("/admin/").status_code == 403


def test_lesetilgang_sees_lists_and_numbers_but_no_buttons_that_change_anything(app, make):
    event = make.event(title="Lederkonferansen", slug="lk")
    make.session(event, title="Åpning")
    reader = make.user(EventRole.VIEWER, email="les@example.org", events=[event])
    client = app.test_client()
    log_in(client, reader.email)
    tabs = client.get("/admin/events/lk/").get_data(as_text=True)
    assert ">Program</a>" in tabs and ">Påmeldinger</a>" in tabs
    assert ">Innstillinger</a>" in tabs and ">E-post</a>" not in tabs  # the settings read-only (test_read_only.py)
    for url in ("/admin/events/lk/program", "/admin/events/lk/registrations", "/admin/events/lk/exports",
                "/admin/events/lk/registrations.csv", "/admin/events/lk/checkins", "/admin/events/lk/surveys",
                "/admin/events/lk/settings", "/admin/events/lk/settings/team", "/admin/events/lk/tracks"):
        assert client.get(url).status_code == 200, url
    for url in ("/admin/events/lk/copy", "/admin/events/lk/sessions/new", "/admin/events/lk/registrations/new",
                "/admin/events/lk/mail"):
        assert client.get(url).status_code == 403, url
    program = client.get("/admin/events/lk/program").get_data(as_text=True)
    assert 'method="post"' not in program and "/admin/events/lk/sessions/new" not in program
    registrations = client.get("/admin/events/lk/registrations").get_data(as_text=True)
    assert 'method="post"' not in registrations and "/admin/events/lk/registrations/new" not in registrations
    for url, button in (("/admin/speakers", "Ny foredragsholder"), ("/admin/venues", "Nytt sted"),
                        ("/admin/events/lk/surveys", "Opprett undersøkelse"), ("/admin/events/lk/", "Avlys arrangementet")):
        page = client.get(url).get_data(as_text=True)
        assert button not in page and 'method="post"' not in page, url
    assert client.post("/admin/events/lk/publish", data={"csrf_token": csrf_of(client)}).status_code == 403


def test_the_scanner_links_to_the_arrivals_for_those_who_may_see_them(app, make):
    event = make.event(slug="lk")
    door = make.user(EventRole.DOOR, email="dor@example.org", events=[event])
    boss = make.user(EventRole.ORGANISER, email="sjef@example.org", events=[event])
    link = '<a href="/admin/events/lk/checkins">Se ankomstene nå</a>'
    for user, shown in ((door, False), (boss, True)):
        client = app.test_client()
        log_in(client, user.email)
        assert (link in client.get("/checkin/lk").get_data(as_text=True)) is shown
    client = app.test_client()
    log_in(client, door.email)
    assert client.get("/admin/events/lk/checkins").status_code == 403


def test_a_device_token_of_a_team_member_scans_only_at_their_own_event(app, client, make):
    event, other = make.event(), make.event()
    kari = enrol(app, event, 1)
    for role in (EventRole.DOOR, EventRole.ORGANISER, EventRole.VIEWER):
        token = api_token(app, make.user(role, events=[other]))
        assert scan(client, event.slug, kari.code, token).status_code == 403, role
    viewer_here = api_token(app, make.user(EventRole.VIEWER, events=[event]))
    assert scan(client, event.slug, kari.code, viewer_here).status_code == 403  # lesetilgang does not check in
    arranger_here = api_token(app, make.user(EventRole.ORGANISER, events=[event]))
    assert scan(client, event.slug, kari.code, arranger_here).get_json()["result"] == "ok"


def test_a_device_scan_reads_its_token_user_event_and_team_role_in_one_statement(app, client, make):
    from tests.conftest import count_queries

    event = make.event()
    kari = enrol(app, event, 1)
    token = api_token(app, make.user(EventRole.DOOR, events=[event]))
    with count_queries(app) as statements:
        assert scan(client, event.slug, kari.code, token).get_json()["result"] == "ok"
    reads = [s for s in statements if "api_tokens" in s]
    assert len(reads) == 1 and "event_team" in reads[0] and "events" in reads[0]
    assert not [s for s in statements if "event_team" in s and "api_tokens" not in s]
