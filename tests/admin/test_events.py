"""Events through the back office: create, edit, publish, cancel, copy; tracks; the audit log's old → new values."""
import json
import re
from datetime import date, time, timedelta

from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.models import AuditEntry, Event, EventKind, EventStatus, Session, SessionKind, Track
from app.program import versioning

FORM = {
    "title": "Ledersamling Sør 2027", "slug": "ledersamling-sor-2027", "kind": "regional",
    "starts_at": "2027-03-30T10:00", "ends_at": "2027-03-30T15:30", "venue_id": "", "capacity": "60",
    "fee_nok": "", "registration_opens_at": "2026-11-01T09:00", "registration_closes_at": "2027-03-20T23:59",
    "change_deadline": "2027-03-25T23:59", "speaker_deadline": "", "contact_name": "Åse Ødegård",
    "contact_email": "ase@example.org", "theme": "Kulturskolen i lokalsamfunnet", "description": "",
}


def _audit(app, entity_type, entity_id):
    with app.app_context():
        return [(e.action, e.actor_label, json.loads(e.changes)) for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id))]


def _event(app, slug):
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        db.session.expunge(event)
        return event


def test_create_an_event_as_a_draft_with_oslo_times(app, admin):
    response = admin.post("/admin/events/new", FORM)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/events/ledersamling-sor-2027/"
    event = _event(app, "ledersamling-sor-2027")
    assert (event.status, event.kind, event.capacity, event.fee_nok) == (EventStatus.DRAFT, EventKind.REGIONAL, 60, None)
    assert event.starts_at == clock.local_datetime(date(2027, 3, 30), time(10, 0))  # summer time since 28 March: UTC+2
    assert event.starts_at.hour == 8
    assert event.contact_name == "Åse Ødegård"
    [(action, label, changes)] = _audit(app, "event", event.id)
    assert action == "create" and changes["title"] == [None, "Ledersamling Sør 2027"]
    assert changes["starts_at"] == [None, "2027-03-30T08:00:00+00:00"]
    assert "Ledersamling Sør 2027" in admin.html("/admin/")


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(app, admin, make):
    make.event(slug="tatt")
    response = admin.post("/admin/events/new", {**FORM, "slug": "tatt", "ends_at": "2027-03-29T10:00",
                                                 "capacity": "-3", "starts_at": "30.03.2027"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Skriv dato og klokkeslett" in html and "Tallet kan ikke være negativt." in html
    assert 'value="Ledersamling Sør 2027"' in html and 'value="30.03.2027"' in html
    response = admin.post("/admin/events/new", {**FORM, "slug": "tatt", "ends_at": "2027-03-29T10:00"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Et annet arrangement har allerede denne nettadressen." in html
    assert "Slutten må være etter starten." in html
    with app.app_context():
        assert db.session.scalar(select(Event).where(Event.title == FORM["title"])) is None


def test_editing_records_old_and_new_values(app, admin, organiser, make):
    event = make.event(title="Lederkonferansen 2027", capacity=280, fee_nok=4200)
    form = admin.html(f"/admin/events/{event.slug}/settings")
    assert 'value="280"' in form and 'name="starts_at"' in form
    local = clock.oslo(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local}"' in form
    data = {**FORM, "title": "Lederkonferansen 2027", "slug": event.slug, "kind": "conference", "capacity": "300",
            "fee_nok": "4500", "starts_at": local, "ends_at": clock.oslo(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "registration_opens_at": "", "registration_closes_at": "", "change_deadline": "", "venue_id": ""}
    assert admin.post(f"/admin/events/{event.slug}/settings", data).status_code == 303
    [(action, label, changes)] = _audit(app, "event", event.id)
    assert action == "update" and label == organiser.name
    assert changes["capacity"] == ["280", "300"] and changes["fee_nok"] == ["4200", "4500"]
    assert changes["venue"][1] is None and changes["registration_opens_at"][1] is None
    assert "title" not in changes and "starts_at" not in changes


def test_publish_then_cancel(app, admin, make):
    event = make.event(status=EventStatus.DRAFT)
    assert "Publiser arrangementet" in admin.html(f"/admin/events/{event.slug}/")
    assert admin.post(f"/admin/events/{event.slug}/publish").status_code == 303
    assert _event(app, event.slug).status == EventStatus.PUBLISHED
    assert "Dette kan ikke angres." in admin.html(f"/admin/events/{event.slug}/cancel")
    assert admin.post(f"/admin/events/{event.slug}/cancel").status_code == 303
    assert _event(app, event.slug).status == EventStatus.CANCELLED
    admin.post(f"/admin/events/{event.slug}/publish")
    assert _event(app, event.slug).status == EventStatus.CANCELLED
    assert [a for a, _l, _c in _audit(app, "event", event.id)] == ["publish", "cancel"]


def test_copy_last_years_event_from_the_back_office(app, admin, make):
    event = make.event(title="Lederkonferansen 2026", slug="lederkonferansen-2026",
                       starts_at=clock.local_datetime(date(2026, 4, 15), time(9, 0)))
    make.session(event, title="Åpning")
    page = admin.html(f"/admin/events/{event.slug}/copy")
    assert 'value="Lederkonferansen 2027"' in page and 'value="lederkonferansen-2027"' in page
    assert 'value="2027-04-14"' in page
    response = admin.post(f"/admin/events/{event.slug}/copy", {"title": "Lederkonferansen 2027",
                                                                "slug": "lederkonferansen-2027", "starts_on": "2027-04-14"})
    assert response.headers["Location"] == "/admin/events/lederkonferansen-2027/settings"
    copy = _event(app, "lederkonferansen-2027")
    assert clock.oslo(copy.starts_at).strftime("%d.%m.%Y %H:%M") == "14.04.2027 09:00"
    assert "Åpning" in admin.html("/admin/events/lederkonferansen-2027/program?view=list")


def test_tracks_add_rename_delete(app, admin, make):
    event = make.event()
    assert admin.post(f"/admin/events/{event.slug}/tracks", {"name": "Strategisk ledelse", "color": "#8a3b12"}
                      ).status_code == 303
    again = admin.post(f"/admin/events/{event.slug}/tracks", {"name": "strategisk ledelse", "color": "#000000"})
    assert again.status_code == 400 and "Dette er allerede i bruk." in again.get_data(as_text=True)
    with app.app_context():
        track = db.session.scalar(select(Track))
        track_id = track.id
    session = make.session(event, track_id=track_id)
    admin.post(f"/admin/events/{event.slug}/tracks/{track_id}", {"name": "Strategi", "color": "#8a3b12"})
    assert "Strategi" in admin.html(f"/admin/events/{event.slug}/tracks")
    admin.post(f"/admin/events/{event.slug}/tracks/{track_id}/delete")
    with app.app_context():
        from app.models import Session

        assert db.session.get(Session, session.id).track_id is None
    assert [a for a, _l, _c in _audit(app, "track", track_id)] == ["create", "update", "delete"]
    assert admin.get(f"/admin/events/{event.slug}/tracks/99999").status_code == 404


def test_a_published_events_slug_cannot_change(app, admin, make):
    event = make.event(slug="lederkonferansen-2027")
    page = admin.html(f"/admin/events/{event.slug}/settings")
    assert re.search(r'<input[^>]*id="slug"[^>]*readonly', page)
    data = {**FORM, "slug": "nytt-navn", "starts_at": clock.oslo(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": clock.oslo(event.ends_at).strftime("%Y-%m-%dT%H:%M"), "registration_opens_at": "",
            "registration_closes_at": "", "change_deadline": ""}
    response = admin.post(f"/admin/events/{event.slug}/settings", data)
    assert response.status_code == 400
    assert "Nettadressen kan ikke endres etter at arrangementet er publisert" in response.get_data(as_text=True)
    assert _event(app, "lederkonferansen-2027").title != FORM["title"]


# --- a new start day takes the programme along (issue 15, item 7) -------------------------------

def _programme(app, event_id):
    with app.app_context():
        rows = db.session.execute(select(Session.title, Session.starts_at, Session.ends_at, Session.revision)
                                  .where(Session.event_id == event_id).order_by(Session.starts_at)).all()
        db.session.remove()
        return [(title, clock.oslo(s).strftime("%d.%m %H:%M"), clock.oslo(e).strftime("%H:%M"), s.hour, rev)
                for title, s, e, rev in rows]


def _moving_event(make):
    start = clock.local_datetime(date(2027, 3, 24), time(9, 0))  # a Wednesday in winter time (UTC+1)
    event = make.event(title="Ledersamling Vest 2027", slug="ledersamling-vest-2027", starts_at=start,
                       ends_at=start + timedelta(days=1, hours=6))
    make.session(event, title="Åpning", starts_at=start, ends_at=start + timedelta(hours=1))
    make.session(event, title="Verksted: Å lede profesjonsfellesskap", kind=SessionKind.WORKSHOP,
                 starts_at=start + timedelta(days=1, hours=4), ends_at=start + timedelta(days=1, hours=5, minutes=30))
    return event


def _dates(event, starts_at: str, ends_at: str, **extra) -> dict:
    return {**FORM, "title": event.title, "slug": event.slug, "kind": "conference", "starts_at": starts_at,
            "ends_at": ends_at, "registration_opens_at": "", "registration_closes_at": "", "change_deadline": "",
            **extra}


def test_moving_an_event_moves_its_programme_across_summer_time_and_says_so(app, admin, make):
    event = _moving_event(make)
    form = admin.html(f"/admin/events/{event.slug}/settings")
    assert re.search(r'<input[^>]*checked[^>]*name="move_program"|<input[^>]*name="move_program"[^>]*checked', form)
    assert "flyttes programmets 2 programpunkter like mange dager" in form
    with app.app_context():
        version = versioning.current()
        db.session.remove()
    feed_before = admin.get(f"/events/{event.slug}/calendar.ics").get_data(as_text=True)

    response = admin.post(f"/admin/events/{event.slug}/settings",
                          _dates(event, "2027-03-31T09:00", "2027-04-01T15:00", move_program="y"))
    assert response.status_code == 303
    page = admin.html(response.headers["Location"])
    assert "2 programpunkter er flyttet 7 dager fram, på samme klokkeslett." in page
    # 09:00 and 13:00 Oslo time still, a week later: now in summer time (UTC+2), so two hours from UTC.
    assert _programme(app, event.id) == [("Åpning", "31.03 09:00", "10:00", 7, 1),
                                         ("Verksted: Å lede profesjonsfellesskap", "01.04 13:00", "14:30", 11, 1)]
    with app.app_context():
        assert versioning.current() > version  # the feeds change
        db.session.remove()
    feed = admin.get(f"/events/{event.slug}/calendar.ics").get_data(as_text=True)
    assert "DTSTART;TZID=Europe/Oslo:20270324T090000" in feed_before and "SEQUENCE:1" not in feed_before
    assert "DTSTART;TZID=Europe/Oslo:20270331T090000" in feed and "SEQUENCE:1" in feed
    [(action, _label, changes)] = _audit(app, "event", event.id)
    assert action == "update" and changes["sessions_moved"] == [None, "2"] and changes["days_moved"] == [None, "+7"]

    back = admin.post(f"/admin/events/{event.slug}/settings",
                      _dates(event, "2027-03-30T09:00", "2027-03-31T15:00", move_program="y"))
    assert "2 programpunkter er flyttet 1 dag tilbake, på samme klokkeslett." in admin.html(back.headers["Location"])
    assert [row[1] for row in _programme(app, event.id)] == ["30.03 09:00", "31.03 13:00"]


def test_leaving_the_programme_behind_is_said_too(app, admin, make):
    event = _moving_event(make)
    response = admin.post(f"/admin/events/{event.slug}/settings", _dates(event, "2027-03-31T09:00", "2027-04-01T15:00"))
    page = admin.html(response.headers["Location"])
    assert "Programmet er ikke flyttet: 2 programpunkter ligger fortsatt på de gamle dagene." in page
    assert [row[1] for row in _programme(app, event.id)] == ["24.03 09:00", "25.03 13:00"]
    # A new time on the same day moves nothing and says nothing about the programme.
    response = admin.post(f"/admin/events/{event.slug}/settings",
                          _dates(event, "2027-03-31T10:00", "2027-04-01T15:00", move_program="y"))
    assert "programpunkt" not in admin.html(response.headers["Location"]).split("Innstillinger")[0]
    assert [row[1] for row in _programme(app, event.id)] == ["24.03 09:00", "25.03 13:00"]


def test_the_reminder_days_and_the_meeting_link_are_set_in_the_settings(app, admin, make):
    event = make.event(is_online=True)
    form = admin.html(f"/admin/events/{event.slug}/settings")
    assert 'name="reminder_days"' in form and 'value="7"' in form and 'name="meeting_url"' in form
    local = {"starts_at": clock.oslo(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
             "ends_at": clock.oslo(event.ends_at).strftime("%Y-%m-%dT%H:%M")}
    data = {**FORM, **local, "slug": event.slug, "kind": "conference", "is_online": "y", "reminder_days": "3",
            "meeting_url": "https://meet.example.org/samling-123", "registration_closes_at": ""}
    bad = admin.post(f"/admin/events/{event.slug}/settings", {**data, "reminder_days": "61", "meeting_url": "møtet"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "Skriv et tall fra 0 til 60." in html and "Skriv hele nettadressen, som begynner med https://." in html
    assert (_event(app, event.slug).reminder_days, _event(app, event.slug).meeting_url) == (7, "")
    assert admin.post(f"/admin/events/{event.slug}/settings", data).status_code == 303
    saved = _event(app, event.slug)
    assert (saved.reminder_days, saved.meeting_url) == (3, "https://meet.example.org/samling-123")
    [(action, _label, changes)] = _audit(app, "event", event.id)
    assert changes["reminder_days"] == ["7", "3"]
    assert changes["meeting_url"] == ["", "https://meet.example.org/samling-123"]
    assert admin.post(f"/admin/events/{event.slug}/settings", {**data, "reminder_days": "0"}).status_code == 303
    assert _event(app, event.slug).reminder_days == 0
    script = admin.post(f"/admin/events/{event.slug}/settings", {**data, "meeting_url": "javascript://x.no/%0aalert(1)"})
    assert script.status_code == 400 and "Skriv hele nettadressen, som begynner med https://." in script.get_data(True)
    assert _event(app, event.slug).meeting_url == "https://meet.example.org/samling-123"
