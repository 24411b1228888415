"""An organiser signs in, adds a workshop, moves it onto a clash, sees the warning, confirms, and exports the list."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.audit.log import Actor
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import Registration, Room, Session, SessionKind, Speaker, User, UserRole
from app.program import editing
from app.registration import service
from tests.e2e.conftest import check_a11y, screenshot
from tests.factories import PASSWORD, applicant


@pytest.fixture
def conference(app, make):
    venue = make.venue(name="Scandic Lillehammer", rooms=[("Storsalen", 320), ("Lågen", 40)])
    event = make.event(title="Lederkonferansen 2027", venue_id=venue.id, capacity=200)
    with app.app_context():
        rooms = {r.name: r.id for r in db.session.scalars(select(Room).where(Room.venue_id == venue.id))}
    speaker = make.speaker(name="Ragnhild Fjeldstad")
    make.session(event, title="Åpning og velkommen", room_id=rooms["Storsalen"], speakers=[speaker])
    make.session(event, title="Samtale om profesjonsfellesskap", room_id=rooms["Lågen"],
                 starts_at=event.starts_at + timedelta(hours=1), kind=SessionKind.PARALLEL, capacity=40)
    with app.app_context():
        for i, (first, last) in enumerate([("Áile", "Gaup"), ("Øystein", "Ås"), ("Kari", "Nordmann")]):
            with transaction():
                service.register(event.id, applicant(i, first_name=first, last_name=last,
                                                     municipality_number=["5610", "3405", "0301"][i]))
    make.user(UserRole.ADMINISTRATOR, email="arrangor@example.org")
    return event, rooms


def local(moment) -> str:
    return clock.oslo(moment).strftime("%Y-%m-%dT%H:%M")


def test_organiser_adds_moves_sees_conflict_and_exports(page, conference, tmp_path):
    event, rooms = conference
    page.goto("/login")
    page.get_by_label("E-postadresse").fill("arrangor@example.org")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Arrangementer", level=1).is_visible()
    check_a11y(page, "arrangementslisten")
    screenshot(page, "admin-events")

    page.get_by_role("link", name="Lederkonferansen 2027").click()
    page.wait_for_url(f"**/admin/events/{event.slug}/")
    assert page.get_by_role("figure", name="Påmeldinger per fylke").is_visible()
    check_a11y(page, "oversikten")
    screenshot(page, "admin-dashboard")

    page.get_by_role("navigation", name="Arrangementets sider").get_by_role("link", name="Program", exact=True).click()
    page.get_by_role("link", name="Ny programpost").click()
    page.get_by_label("Tittel").fill("Verksted: Mestringstro")
    page.get_by_label("Type").select_option("workshop")
    page.get_by_label("Starter").fill(local(event.starts_at + timedelta(hours=3)))
    page.get_by_label("Slutter").fill(local(event.starts_at + timedelta(hours=4)))
    page.get_by_label("Rom").select_option(label="Lågen (40)")
    page.get_by_label("Antall plasser").fill("30")
    check_a11y(page, "ny programpost")
    page.get_by_role("button", name="Legg til programposten").click()
    assert page.get_by_role("status").get_by_text("Programposten «Verksted: Mestringstro» er lagt til.").is_visible()
    check_a11y(page, "programposten")

    page.get_by_role("link", name="Flytt", exact=True).click()
    page.get_by_label("Ny starttid").fill(local(event.starts_at + timedelta(hours=1, minutes=30)))
    page.get_by_role("button", name="Flytt", exact=True).click()
    warning = page.get_by_role("alert")
    assert warning.get_by_role("heading", name="Endringen krasjer med programmet").is_visible()
    assert warning.get_by_text("Rommet Lågen er opptatt: «Samtale om profesjonsfellesskap»").is_visible()
    check_a11y(page, "krasjvarselet")
    screenshot(page, "admin-conflict")

    page.get_by_role("button", name="Flytt likevel").click()
    page.wait_for_url(f"**/admin/events/{event.slug}/program")
    assert page.get_by_text("2 programposter krasjer med noe annet.").is_visible()
    assert page.locator(".grid-session.has-conflict").count() == 2
    check_a11y(page, "programrutenettet")
    screenshot(page, "admin-program-grid")

    page.get_by_role("link", name="Liste", exact=True).click()
    check_a11y(page, "programlisten")

    page.get_by_role("link", name="Programendringer").click()
    check_a11y(page, "programendringer")
    page.get_by_role("link", name="Påmeldinger", exact=True).first.click()
    assert page.get_by_role("link", name="Gaup, Áile").is_visible()
    check_a11y(page, "påmeldingslisten")
    screenshot(page, "admin-registrations")

    page.get_by_role("link", name="Lister og eksport").click()
    check_a11y(page, "eksport")
    with page.expect_download() as info:
        page.get_by_role("link", name="Påmeldinger som CSV").click()
    path = Path(info.value.path())
    assert info.value.suggested_filename == f"pameldinger-{event.slug}.csv"
    body = path.read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Etternavn;Fornavn;E-post;")
    assert [line.split(";")[1] for line in lines[1:]] == ["Áile", "Kari", "Øystein"]


def test_the_other_back_office_pages_pass_axe(page, conference, app):
    event, _rooms = conference
    page.goto("/login")
    page.get_by_label("E-postadresse").fill("arrangor@example.org")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/admin/")
    with app.app_context():
        registration_id = db.session.scalar(select(Registration.id))
        session_id = db.session.scalar(select(Session.id).where(Session.kind == SessionKind.PARALLEL))
        speaker_id = db.session.scalar(select(Speaker.id))
        organiser = db.session.scalar(select(User))
        with transaction():
            editing.move_session(event.id, session_id, event.starts_at + timedelta(hours=2), None, Actor.user(organiser))
    base = f"/admin/events/{event.slug}"
    for url, label in [
        (f"{base}/settings", "innstillinger"), (f"{base}/copy", "kopier"), (f"{base}/tracks", "spor"),
        (f"{base}/sessions/{session_id}?speaker_q=ragn", "programpost med søk"),
        (f"{base}/sessions/{session_id}/cancel", "avlys programpost"),
        (f"{base}/registrations?q=%C3%B8y&status=all", "søk i påmeldinger"),
        (f"{base}/registrations/{registration_id}", "én påmelding"), (f"{base}/registrations/new", "meld på"),
        (f"{base}/catering", "kosthold"), (f"{base}/notices", "programendringer"), ("/admin/events/new", "nytt arrangement"), ("/admin/speakers", "foredragsholdere"),
        (f"/admin/speakers/{speaker_id}", "én foredragsholder"), ("/admin/venues", "steder"), ("/admin/outbox", "utsendinger"),
        ("/admin/users", "brukere"), ("/admin/users/new", "ny bruker"), ("/admin/audit", "endringslogg"),
    ]:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        check_a11y(page, label)
        if label in ("programpost med søk", "én påmelding", "endringslogg", "programendringer"):
            screenshot(page, "admin-" + label.replace(" ", "-").replace("é", "e"))

    page.goto(f"{base}/mail")
    page.get_by_label("Emne").fill("Praktisk informasjon")
    page.get_by_label("Melding").fill("Hei {fornavn}!\n\nVelkommen til Lillehammer.")
    page.get_by_role("button", name="Forhåndsvis").click()
    assert page.locator(".mail-text").get_by_text("Hei Áile!").is_visible()  # the first by last name: Gaup
    check_a11y(page, "forhåndsvisning av e-post")
    screenshot(page, "admin-bulk-preview")

    page.goto(f"{base}/settings")
    page.get_by_label("Tittel").fill("")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_role("alert").get_by_role("link", name="Tittel: Fyll ut feltet.").is_visible()
    check_a11y(page, "skjema med feil")
