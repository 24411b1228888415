
"""The portal's pages: overview, profile, sessions, schedule — and the public program showing changes at once."""
from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.models import AuditEntry, NoticeStatus, ProgramNotice, Session, Speaker
from tests.speakers.conftest import csrf


def test_overview_lists_my_events_and_sessions_with_links(client, portal, sign_in):
    sign_in(portal.anna)
    html = client.get("/speaker/").get_data(as_text=True)
    assert "Hei, Anna Aas" in html
    assert "Lederkonferansen 2027" in html
    assert f'href="/speaker/sessions/{portal.talk.id}">Ledelse i praksis</a>' in html
    assert f'href="/speaker/sessions/{portal.panel.id}">Panelsamtale</a>' in html
    assert "Bjørns verksted" not in html
    for link in ('href="/speaker/profile"', 'href="/speaker/sessions"', 'href="/speaker/schedule"'):
        assert link in html
    assert 'action="/speaker/logout"' in html
    assert "Du kan endre sesjonene dine fram til" in html


def test_profile_change_is_saved_audited_and_public_at_once(app, client, portal, sign_in):
    sign_in(portal.anna)
    assert "Rektor i Aas." in client.get(f"/events/{portal.event.slug}").get_data(as_text=True)  # fills the cache
    response = client.post("/speaker/profile", data={
        "csrf_token": csrf(client, "/speaker/profile"), "name": "Anna Aas", "title": "rektor",
        "organisation": "Aas kulturskole", "bio": "Ny bio\r\nmed to linjer.", "speaker_id": str(portal.bjorn.id),
    })
    assert response.status_code == 303 and response.headers["Location"] == "/speaker/profile"
    assert "Profilen er lagret." in client.get("/speaker/profile").get_data(as_text=True)

    with app.app_context():
        assert db.session.get(Speaker, portal.anna.id).bio == "Ny bio\nmed to linjer."
        assert db.session.get(Speaker, portal.bjorn.id).bio == "Bjørns bio."  # the smuggled id did nothing
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.actor_type, entry.actor_speaker_id, entry.entity_type, entry.entity_id, entry.action) == (
            "speaker", portal.anna.id, "speaker", portal.anna.id, "update")
        assert json.loads(entry.changes) == {"bio": ["Rektor i Aas.", "Ny bio\nmed to linjer."]}

    public = client.get(f"/events/{portal.event.slug}").get_data(as_text=True)
    assert "<p>Ny bio<br>\nmed to linjer.</p>" in public and "Rektor i Aas." not in public  # the line break kept


def test_too_long_bio_is_refused_with_the_text_kept(app, client, portal, sign_in):
    sign_in(portal.anna)
    long_bio = "æ" * 601
    response = client.post("/speaker/profile", data={
        "csrf_token": csrf(client, "/speaker/profile"), "name": "Anna Aas", "bio": long_bio})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Teksten har 601 tegn, men kan ha høyst 600." in html
    assert 'href="#bio"' in html  # in the error summary
    assert long_bio in html  # nothing the user typed is lost
    assert 'data-maxlength="600"' in html
    with app.app_context():
        assert db.session.get(Speaker, portal.anna.id).bio == "Rektor i Aas."
        assert db.session.scalars(select(AuditEntry)).all() == []


def test_empty_name_is_refused(client, portal, sign_in):
    sign_in(portal.anna)
    response = client.post("/speaker/profile", data={"csrf_token": csrf(client, "/speaker/profile"), "name": "  "})
    assert response.status_code == 400 and "Skriv inn navnet ditt." in response.get_data(as_text=True)


def test_session_page_shows_co_speakers_and_saves_changes(app, client, portal, sign_in):
    sign_in(portal.anna)
    path = f"/speaker/sessions/{portal.panel.id}"
    html = client.get(path).get_data(as_text=True)
    assert "Bjørn Berg (Berg kulturskole), moderator" in html
    assert "Anna Aas (" not in html  # not listed as her own co-speaker

    response = client.post(path, data={
        "csrf_token": csrf(client, path), "title": "Panelsamtale om ledelse", "abstract": "Kort.",
        "description": "**Viktig** tema.", "technical_needs": "Fire mikrofoner."})
    assert response.status_code == 303
    with app.app_context():
        session = db.session.get(Session, portal.panel.id)
        assert (session.title, session.abstract, session.description, session.technical_needs, session.revision) == (
            "Panelsamtale om ledelse", "Kort.", "**Viktig** tema.", "Fire mikrofoner.", 1)
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.entity_type, entry.entity_id, entry.event_id) == ("session", portal.panel.id, portal.event.id)
        assert json.loads(entry.changes) == {
            "title": ["Panelsamtale", "Panelsamtale om ledelse"], "abstract": ["", "Kort."],
            "description": ["", "**Viktig** tema."], "technical_needs": ["", "Fire mikrofoner."]}
        # A new title is a programme change: a notice waits for the organiser's review (app/program/notices.py).
        notice = db.session.scalars(select(ProgramNotice)).one()
        assert (notice.session_id, notice.status, notice.old_title, notice.new_title) == (
            portal.panel.id, NoticeStatus.PENDING, "Panelsamtale", "Panelsamtale om ledelse")

    public = client.get(f"/events/{portal.event.slug}").get_data(as_text=True)
    assert "Panelsamtale om ledelse" in public
    assert "<p><strong>Viktig</strong> tema.</p>" in public
    assert "Fire mikrofoner." not in public  # a note for the organisers only


def test_a_new_abstract_alone_is_no_programme_change(app, client, portal, sign_in):
    sign_in(portal.anna)
    path = f"/speaker/sessions/{portal.talk.id}"
    response = client.post(path, data={"csrf_token": csrf(client, path), "title": "Ledelse i praksis",
                                       "abstract": "Et nytt sammendrag.", "description": "", "technical_needs": ""})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Session, portal.talk.id).revision == 0
        assert db.session.scalars(select(ProgramNotice)).all() == []


def test_after_the_deadline_the_session_is_read_only(app, client, portal, sign_in, frozen_now):
    sign_in(portal.anna)
    path = f"/speaker/sessions/{portal.talk.id}"
    token = csrf(client, path)
    frozen_now(portal.event.speaker_deadline + timedelta(minutes=1))

    html = client.get(path).get_data(as_text=True)
    assert "Fristen for å endre sesjonen gikk ut" in html
    assert "kari@kulturskoleradet.no" in html
    assert 'name="title"' not in html and "Last opp filen" not in html

    response = client.post(path, data={"csrf_token": token, "title": "For sent"})
    assert response.status_code == 409
    assert "Fristen for å endre denne sesjonen har gått ut." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Session, portal.talk.id).title == "Ledelse i praksis"
        assert db.session.scalars(select(AuditEntry)).all() == []


def test_a_cancelled_session_is_read_only(app, client, portal, sign_in):
    from app.models import SessionStatus

    with app.app_context():
        db.session.get(Session, portal.talk.id).status = SessionStatus.CANCELLED
        db.session.commit()
    sign_in(portal.anna)
    html = client.get(f"/speaker/sessions/{portal.talk.id}").get_data(as_text=True)
    assert "Sesjonen er avlyst og kan ikke endres." in html and 'name="title"' not in html


def test_schedule_shows_times_rooms_venue_and_the_organisers_contact(client, portal, sign_in):
    sign_in(portal.anna)
    html = client.get("/speaker/schedule").get_data(as_text=True)
    assert "Storgata 1, 0155 Oslo" in html
    assert 'Kari Arrangør, <a href="mailto:kari@kulturskoleradet.no">' in html
    assert "Storsalen" in html  # the room of her talk
    start = clock.oslo(portal.talk.starts_at).strftime("%H:%M")
    assert f">{start}</time>" in html
    assert "moderator" not in html and html.count("Rolle: foredragsholder") == 2
    # The speaker's own calendar feed: subscribe buttons, and the feed holds her sessions.
    assert "Sesjonene dine i kalenderen" in html and "webcal://samling.test/calendar/" in html
    feed_path = re.search(r'href="http://samling\.test(/calendar/[A-Z0-9]+\.ics)"', html).group(1)
    feed = client.get(feed_path)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert feed_path in client.get("/speaker/schedule").get_data(as_text=True)  # made once, stored
    assert f"UID:session-{portal.talk.id}@samling.test" in feed.get_data(as_text=True)


def test_sign_out(client, portal, sign_in):
    sign_in(portal.anna)
    response = client.post("/speaker/logout", data={"csrf_token": csrf(client)})
    assert response.status_code == 303
    assert client.get("/speaker/profile").headers["Location"].startswith("/speaker/login")
