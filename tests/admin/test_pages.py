"""The rest of the back office: the events list and dashboard, speakers, venues, people and the audit log."""
import json
import re
from datetime import timedelta

from sqlalchemy import select

from app.audit.log import Actor, record
from app.auth.access import allowed
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import AuditEntry, Checkin, EventStatus, SessionKind, Speaker, User, UserRole
from app.program import editing
from app.registration import service
from tests.factories import applicant


def test_the_events_list_shows_key_numbers(app, admin, make):
    event = make.event(title="Lederkonferansen 2027", capacity=2)
    make.event(title="Gammel samling", starts_at=clock.now() - timedelta(days=300))
    make.event(title="Utkastet", status=EventStatus.DRAFT)
    make.session(event)
    ws = make.session(event, kind=SessionKind.WORKSHOP, title="Verksted")
    with app.app_context():
        for i in range(3):
            with transaction():
                service.register(event.id, applicant(i))
        with transaction():
            editing.move_session(event.id, ws.id, event.starts_at + timedelta(hours=3), None,
                                 Actor.user(db.session.get(User, 1)))
    html = admin.html("/admin/")
    link = f'<a href="/admin/events/{event.slug}/">Lederkonferansen 2027</a>'
    row = re.search(r"<tr>\s*<th scope=\"row\">" + re.escape(link) + r"</th>(.*?)</tr>", html, re.S).group(1)
    cells = [re.sub(r"<.*?>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[2:] == ["2", "2", "1", "2", "1 programendring"]
    assert html.index("Utkastet") < html.index("Tidligere") < html.index("Gammel samling")


def test_the_dashboard_draws_charts_with_their_numbers_as_tables(app, admin, make, frozen_now):
    event = make.event(capacity=10)
    ws = make.session(event, kind=SessionKind.WORKSHOP, title="Verksted: Mestringstro", capacity=2)
    with app.app_context():
        for i, kommune in enumerate(["0301", "0301", "5501", "3405"]):
            with transaction():
                service.register(event.id, applicant(i, municipality_number=kommune), [ws.id])
    html = admin.html(f"/admin/events/{event.slug}/")
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4
    assert "Påmeldinger per dag" in html and "Påmeldinger per fylke" in html and "År som kulturskoleleder" in html
    assert '<th scope="row">Oslo</th><td>2</td><td>50 %</td>' in html
    assert '<th scope="row">Troms</th><td>1</td><td>25 %</td>' in html
    assert '<th scope="row">4–6 år</th><td>4</td><td>100 %</td>' in html
    assert re.search(r'<th scope="row">\d\d:\d\d Verksted: Mestringstro</th><td>2</td><td>2 av 2 plasser · 2 på venteliste</td>',
                     html)
    assert "Innsjekking" not in html
    with app.app_context():
        from app.models import Registration

        reg_id = db.session.scalar(select(Registration.id))
        db.session.add(Checkin(event_id=event.id, registration_id=reg_id, scanned_at=event.starts_at - timedelta(minutes=20)))
        db.session.commit()
    frozen_now(event.starts_at + timedelta(minutes=5))
    html = admin.html(f"/admin/events/{event.slug}/")
    assert "1 av 4 bekreftede deltakere er sjekket inn." in html and "Ankomster per time" in html


def test_speakers_list_edit_invite_and_their_own_changes(app, admin, make, smtp):
    speaker = make.speaker(name="Áile Gaup", email="aile@example.org")
    make.speaker(name="Bjørn Berg", email=None)
    assert "Áile Gaup" in admin.html("/admin/speakers?q=GAUP") and "Bjørn" not in admin.html("/admin/speakers?q=gaup")
    assert admin.post(f"/admin/speakers/{speaker.id}", {"name": "Áile Gaup", "email": "aile@example.org",
                                                       "organisation": "Sámi allaskuvla", "title": "", "bio": ""}
                      ).status_code == 303
    with app.app_context():  # what the speakers' portal writes when the speaker edits her bio
        record(Actor.speaker(db.session.get(Speaker, speaker.id)), "speaker", speaker.id, "update",
               {"bio": ["", "Forsker på kulturskolen."]})
        db.session.commit()
    page = admin.html(f"/admin/speakers/{speaker.id}")
    history = page.split('id="history-heading"')[1]
    assert history.index("Áile Gaup <span class=\"muted\">(Foredragsholder)") < history.index("(Administrator)")
    assert "Forsker på kulturskolen." in history and "Sámi allaskuvla" in history
    assert admin.post(f"/admin/speakers/{speaker.id}/invite").status_code == 303
    with app.app_context():
        from app.mail.outbox import deliver_due

        deliver_due()
    assert smtp.wait_for(1)[0]["To"] == "aile@example.org"
    taken = admin.post("/admin/speakers/new", {"name": "Kopi", "email": "AILE@example.org"})
    assert taken.status_code == 400 and "En annen foredragsholder har denne e-postadressen." in taken.get_data(as_text=True)


def test_venues_and_rooms(app, admin):
    response = admin.post("/admin/venues/new", {"name": "Tromsø kulturhus", "city": "Tromsø",
                                                "municipality_number": "5501"})
    assert response.status_code == 303
    url = response.headers["Location"]
    assert admin.post(url + "/rooms", {"room-name": "Lillesalen", "room-capacity": "60"}).status_code == 303
    same = admin.post(url + "/rooms", {"room-name": "lillesalen", "room-capacity": "20"})
    assert same.status_code == 400 and "Dette er allerede i bruk." in same.get_data(as_text=True)
    page = admin.html(url)
    assert "Lillesalen" in page and '<td class="num">60</td>' in page
    assert "Tromsø kulturhus" in admin.html("/admin/venues")


def test_people_create_staff_for_an_event_reset_and_deactivate(app, client, admin, organiser, make):
    event = make.event(title="Lederkonferansen 2027")
    response = admin.post("/admin/users/new", {"email": "Dor@Example.org", "name": "Dørvakt", "role": "member"})
    html = response.get_data(as_text=True)
    password = re.search(r"<code>(\S+)</code>", html).group(1)
    assert response.status_code == 200 and "Det vises bare nå." in html
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "dor@example.org"))
        assert user.check_password(password) and user.role == UserRole.MEMBER and user.team == []
        assert not allowed(user, "checkin", event.id)  # roles on events are given on the event's team page
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "user"))
        assert json.loads(entry.changes)["role"] == [None, "member"] and password not in entry.changes
        user_id = user.id
    assert "Dørvakt" in admin.html("/admin/users")
    new_password = re.search(r"<code>(\S+)</code>", admin.post(f"/admin/users/{user_id}/reset-password", {"confirm": "1"})
                             .get_data(as_text=True)).group(1)
    assert new_password != password
    own = admin.post(f"/admin/users/{organiser.id}/deactivate")
    assert own.status_code == 303
    assert "Du kan ikke deaktivere din egen konto." in admin.html(f"/admin/users/{organiser.id}")
    assert admin.post(f"/admin/users/{user_id}/deactivate").status_code == 303
    other = app.test_client()
    page = other.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    refused = other.post("/login", data={"email": "dor@example.org", "password": new_password, "csrf_token": token})
    assert refused.status_code == 200 and "Feil e-postadresse eller passord." in refused.get_data(as_text=True)


def test_the_audit_log_page_filters_and_shows_old_and_new(app, admin, make):
    event = make.event(title="Lederkonferansen 2027")
    session = make.session(event, title="Åpning")
    with app.app_context():
        actor = Actor.user(db.session.get(User, 1))
        with transaction():
            editing.move_session(event.id, session.id, event.starts_at + timedelta(hours=1), None, actor)
        record(actor, "registration", 42, "update", {"diet": [None, "<hidden>"]}, event_id=event.id)
        db.session.commit()
    html = admin.html(f"/admin/audit?type=session&event={event.id}")
    assert "Programpost Åpning" in html and "flyttet" in html
    local = clock.oslo(event.starts_at)
    assert f"{local:%d.%m.%Y} 09:00 → {local:%d.%m.%Y} 10:00" in html
    assert "1 endring" in html
    everything = admin.html("/admin/audit?actor=BRUKER")
    assert "<em>skjult</em>" in everything and "2 endringer" in everything
    assert "0 endringer" in admin.html("/admin/audit?type=tull&actor_type=speaker&id=abc")  # nonsense is ignored
