"""/admin/mentoring in Chromium with leaders from across the country (Sami names among them): the organiser's
page and lesetilgang's, Min side's opt-in and the follow-up question, each at 1280 and 360 px (axe-core, no
sideways scrolling). Screenshots in tests/e2e/artifacts/mentoring/ (or MENTORING_SHOTS)."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mentoring import followup, service
from app.models import EventRole, MentoringFollowup
from app.people import identity
from app.registration import service as registration_service
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.journey_steps import look, sign_in
from tests.factories import applicant, sign_in_person

SHOTS = Path(os.environ.get("MENTORING_SHOTS", ARTIFACTS / "mentoring"))

LEADERS = [  # first, last, kommune, organisation, role, themes, school size
    ("Máret", "Ŋuvttja-Somby", "5601", "Alta kulturskole", "mentee", ("juss", "okonomi"), "300-599"),
    ("Áile", "Juuso", "5636", "Unjárgga kulturskole", "mentee", ("personalledelse",), "lt100"),
    ("Čorgá", "Vars", "3405", "Lillehammer kulturskole", "mentee", ("rammeplan",), "100-299"),
    ("Sunniva", "Đuolja", "0301", "Oslo kulturskole", "mentee", (), "gt1000"),
    ("Ánde", "Bals", "1804", "Bodø kulturskole", "mentee", ("legitimering",), "300-599"),
    ("Inger Ánne", "Gaino", "5501", "Tromsø kulturskole", "mentor", ("juss", "personalledelse"), "600-999"),
    ("Per Ŧomas", "Nilsen", "3401", "Kongsvinger kulturskole", "mentor", ("rammeplan", "okonomi"), "100-299"),
    ("Kari", "Žáhkoš Berg", "3201", "Bærum kulturskole", "mentor", ("utvikling",), "gt1000"),
]


def _world(app, make):
    event = make.event(title="Lederkonferansen 2027", starts_at=clock.now() + timedelta(days=30))
    admin = make.user(email="arrangor@example.org")
    make.user(EventRole.VIEWER, email="les@example.org", events=[event])
    from app.models import SchoolSize

    ids = {}
    with app.app_context():
        for first, last, kommune, org, role, themes, size in LEADERS:
            with transaction():
                registration = registration_service.register(event.id, applicant(
                    first_name=first, last_name=last, email=f"{first.split()[0].lower()}@example.org",
                    municipality_number=kommune, organisation=org, school_size=SchoolSize(size)))
                identity.remember(registration, identity.Consents(remember=True))
                profile = service.opt_in(registration, role, themes, f"{first} i {org}")
                ids[first] = (profile.id, registration.person_id)
        with transaction():
            service.lock(ids["Čorgá"][0], ids["Per Ŧomas"][0], SYSTEM)
            service.approve(event.id, 2, SYSTEM)
        db.session.remove()
    return event, admin, ids


def test_the_mentoring_pages_at_both_widths(app, make, page, live_server):
    event, admin, ids = _world(app, make)
    sign_in(page, admin.email, "/admin/mentoring")
    page.goto(f"/admin/mentoring?event={event.id}&capacity=2")
    assert page.get_by_role("heading", name="Mentorordning", exact=True).is_visible()
    look(page, "admin-mentoring", SHOTS)
    viewer = page.context.browser.new_context(base_url=live_server, locale="nb-NO", viewport={"width": 1280,
                                                                                               "height": 900})
    other = viewer.new_page()
    sign_in(other, "les@example.org", "/admin/mentoring")
    assert other.get_by_text("Du har lesetilgang").is_visible()
    look(other, "admin-mentoring-lesetilgang", SHOTS)
    viewer.close()

    with app.app_context(), transaction():
        clock.set_now(clock.now() + followup.AFTER + timedelta(hours=1))
        followup.send_due()
        row = db.session.query(MentoringFollowup).first()
        path = f"/mentoring/followup/{followup.token_of(row)}?svar=yes"
    page.goto(path)
    look(page, "mentoring-followup", SHOTS)

    person_id = ids["Áile"][1]
    minside = page.context.browser.new_context(base_url=live_server, locale="nb-NO",
                                               viewport={"width": 1280, "height": 900})
    leader = minside.new_page()
    client = app.test_client()
    sign_in_person(app, client, person_id)
    cookie = client.get_cookie("session")
    minside.add_cookies([{"name": "session", "value": cookie.value, "url": live_server}])
    leader.goto("/me/#mentoring")
    assert leader.get_by_role("heading", name="Mentorordningen").is_visible()
    look(leader, "minside-mentoring", SHOTS)
    minside.close()
