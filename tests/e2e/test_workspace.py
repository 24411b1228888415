"""From /admin/ to every tab of an event's workspace, as each role that works there, at 1280 and 360 px.

Screenshots: tests/e2e/artifacts/workspace/<role>-<tab>-<width>.png. A role is a parameter: the roles per event
(arrangør for named events, lesetilgang, dørvakt) join ROLES with what each may see.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.transaction import transaction
from app.extensions import db
from app.models import EventRole, Room, SessionKind, UserRole
from app.registration import service
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.journey_steps import look, sign_in
from tests.factories import PASSWORD, applicant

WORKSPACE = ARTIFACTS / "workspace"
TABS = ["Oversikt", "Program", "Påmeldinger", "E-post", "Navneskilt", "Innsjekk", "Tilbakemeldinger", "Fakturaer",
        "Innstillinger"]
# role → (the user's role, the tabs it sees): lesetilgang sees lists and numbers and the settings read-only, no E-post.
ROLES = {
    "administrator": (UserRole.ADMINISTRATOR, TABS),
    "arrangor": (EventRole.ORGANISER, TABS),
    "lesetilgang": (EventRole.VIEWER, [t for t in TABS if t != "E-post"]),
}
# What each tab's page shows (a heading or link of its own), so a click that lands elsewhere fails.
SHOWS = {
    "Oversikt": ("heading", "Dette må gjøres"),
    "Program": ("link", "Ny programpost"),
    "Påmeldinger": ("link", "Meld på noen"),
    "E-post": ("heading", "E-post til deltakerne"),
    "Navneskilt": ("button", "Last ned PDF"),
    "Innsjekk": ("link", "Åpne skanneren"),
    "Tilbakemeldinger": ("heading", "Ny undersøkelse"),
    "Fakturaer": ("button", "Lag fakturaer nå"),
    "Innstillinger": ("link", "Kopier"),
}

# The tabs whose SHOWS element is a way to change something: lesetilgang must not see it.
CHANGES = {"Program", "Påmeldinger", "Tilbakemeldinger", "Fakturaer", "Innstillinger"}


@pytest.fixture
def event(app, make):
    venue = make.venue(name="Scandic Lillehammer", rooms=[("Storsalen", 320)])
    event = make.event(title="Lederkonferansen 2027", venue_id=venue.id, capacity=3)
    with app.app_context():
        room = db.session.scalar(select(Room.id).where(Room.venue_id == venue.id))
    make.session(event, title="Åpning og velkommen", room_id=room, speakers=[make.speaker(name="Ragnhild Fjeldstad")])
    make.session(event, title="Verksted: Mestringstro", kind=SessionKind.WORKSHOP, capacity=10,
                 starts_at=event.starts_at + timedelta(hours=2))
    with app.app_context(), transaction():
        for i in range(4):
            service.register(event.id, applicant(i))
    return event


@pytest.mark.parametrize("role", sorted(ROLES))
def test_from_the_back_office_to_every_tab_of_an_event(page, make, event, role):
    user_role, visible = ROLES[role]
    user = make.user(user_role, email=f"{role}@example.org", events=[event])
    sign_in(page, user.email, "/admin/")
    page.get_by_role("link", name="Lederkonferansen 2027").click()
    page.wait_for_url(f"**/admin/events/{event.slug}/")
    tabs = page.get_by_role("navigation", name="Arrangementets sider")
    assert [t.strip() for t in tabs.get_by_role("link").all_inner_texts()] == visible
    for label in visible:
        tabs.get_by_role("link", name=label, exact=True).click()
        page.wait_for_load_state()
        current = tabs.locator('a[aria-current="page"]')
        assert current.inner_text().strip() == label
        kind, name = SHOWS[label]
        if role == "lesetilgang" and label in CHANGES:  # sees the page, not the way to change it
            assert page.get_by_role(kind, name=name, exact=True).count() == 0, label
            if label == "Innstillinger":  # the event's settings, read-only: the values in disabled fields
                assert page.get_by_label("Tittel").input_value() == "Lederkonferansen 2027"
                assert page.get_by_label("Tittel").is_disabled()
                assert page.get_by_role("button", name="Lagre").count() == 0
        else:
            assert page.get_by_role(kind, name=name, exact=True).first.is_visible(), label
        crumbs = page.get_by_role("navigation", name="Brødsmuler")
        assert crumbs.get_by_role("link", name="Arrangementer").is_visible()
        look(page, f"{role}-{label.lower()}", WORKSPACE)
        tabs = page.get_by_role("navigation", name="Arrangementets sider")


def test_door_staff_land_at_their_scanner_and_the_workspace_is_closed_to_them(page, make, event):
    """dørvakt: signing in without a destination opens the scanner of their event; the workspace says 403."""
    user = make.user(EventRole.DOOR, email="dorvakt@example.org", events=[event])
    page.goto("/login")
    page.get_by_label("E-postadresse").fill(user.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"**/checkin/{event.slug}")
    assert page.get_by_role("heading", level=1).first.is_visible()
    look(page, "dorvakt-scanner", WORKSPACE)
    assert page.goto("/admin/").status == 403
    assert page.goto(f"/admin/events/{event.slug}/").status == 403
