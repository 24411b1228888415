"""The program editor over HTTP: the grid and list, adding and moving sessions, conflict warnings, speakers."""
import re
from datetime import timedelta

from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.models import ProgramNotice, Room, Session, SessionKind, SessionStatus, Speaker, SpeakerLoginToken
from tests.conftest import count_queries

H = timedelta(hours=1)


def local(moment):
    return clock.oslo(moment).strftime("%Y-%m-%dT%H:%M")


def _setup(make):
    venue = make.venue(rooms=[("Storsalen", 300), ("Lågen", 40)])
    event = make.event(venue_id=venue.id)
    with make.app.app_context():
        rooms = {r.name: r for r in db.session.scalars(select(Room).where(Room.venue_id == venue.id))}
        db.session.expunge_all()
    return event, rooms


def _session(app, **kw):
    with app.app_context():
        found = db.session.scalar(select(Session).filter_by(**kw))
        db.session.expunge(found)
        return found


def test_the_grid_is_a_table_of_times_and_rooms(admin, make):
    event, rooms = _setup(make)
    make.session(event, title="Åpning", room_id=rooms["Storsalen"].id)
    make.session(event, title="Verksted A", kind=SessionKind.WORKSHOP, capacity=30, room_id=rooms["Lågen"].id,
                 starts_at=event.starts_at + H)
    make.session(event, title="Kaffe", kind=SessionKind.BREAK, starts_at=event.starts_at + H)
    html = admin.html(f"/admin/events/{event.slug}/program")
    table = html[html.index('<table class="program-grid">'):html.index("</table>")]
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert [re.sub(r"<.*?>", "", h).strip() for h in headers] == ["Tid", "Storsalen (300)", "Lågen (40)", "Uten rom"]
    rows = re.findall(r'<tr><th scope="row"><time[^>]*>(\d\d:\d\d)</time></th>(.*?)</tr>', table, re.S)
    assert [t for t, _ in rows] == ["09:00", "10:00"]
    cells = re.findall(r"<td>(.*?)</td>", rows[1][1], re.S)
    assert "Verksted A" in cells[1] and "0 av 30 plasser" in cells[1] and "Kaffe" in cells[2] and cells[0].strip() == ""
    listing = admin.html(f"/admin/events/{event.slug}/program?view=list")
    assert listing.index("Åpning") < listing.index("Verksted A")


def test_add_a_workshop_then_a_clash_is_warned_and_only_saved_when_confirmed(app, admin, make):
    event, rooms = _setup(make)
    make.session(event, title="Åpning", room_id=rooms["Lågen"].id)
    form = {"title": "Verksted: Mestringstro", "kind": "workshop", "starts_at": local(event.starts_at + 2 * H),
            "ends_at": local(event.starts_at + 3 * H), "room_id": str(rooms["Lågen"].id), "track_id": "",
            "capacity": "30", "abstract": "", "description": ""}
    response = admin.post(f"/admin/events/{event.slug}/sessions/new", form)
    assert response.status_code == 303
    ws = _session(app, title="Verksted: Mestringstro")
    assert (ws.capacity, ws.room_id, ws.revision) == (30, rooms["Lågen"].id, 0)

    move = {"starts_at": local(event.starts_at + H / 2), "room_id": str(rooms["Lågen"].id)}
    response = admin.post(f"/admin/events/{event.slug}/sessions/{ws.id}/move", move)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Endringen krasjer med programmet" in html
    assert "Rommet Lågen er opptatt: «Åpning» 09:00–10:00." in html
    assert "Tidspunktet er utenfor" not in html
    fingerprint = re.search(r'name="confirm" value="([0-9a-f]+)"', html).group(1)
    assert _session(app, id=ws.id).starts_at == event.starts_at + 2 * H  # nothing saved

    response = admin.post(f"/admin/events/{event.slug}/sessions/{ws.id}/move", {**move, "confirm": fingerprint})
    assert response.status_code == 303
    moved = _session(app, id=ws.id)
    assert (moved.starts_at, moved.ends_at, moved.revision) == (event.starts_at + H / 2, event.starts_at + 3 * H / 2, 1)
    grid = admin.html(f"/admin/events/{event.slug}/program")
    assert "2 programposter krasjer med noe annet." in grid and grid.count(">Krasj<") == 2


def test_the_capacity_rule_shows_on_the_edit_form(admin, make):
    event, rooms = _setup(make)
    ws = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, capacity=30, room_id=rooms["Lågen"].id)
    form = {"title": "Verksted", "kind": "workshop", "starts_at": local(ws.starts_at), "ends_at": local(ws.ends_at),
            "room_id": str(rooms["Lågen"].id), "track_id": "", "capacity": "45"}
    response = admin.post(f"/admin/events/{event.slug}/sessions/{ws.id}", form)
    assert response.status_code == 409
    assert "Antall plasser (45) er flere enn rommet Lågen har (40)." in response.get_data(as_text=True)


def test_moving_a_published_session_queues_a_notice_for_review(app, admin, make):
    event, rooms = _setup(make)
    ws = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, room_id=rooms["Lågen"].id)
    admin.post(f"/admin/events/{event.slug}/sessions/{ws.id}/move",
               {"starts_at": local(event.starts_at + 4 * H), "room_id": str(rooms["Storsalen"].id)})
    page = admin.html(f"/admin/events/{event.slug}/notices")
    assert "Rom:</li>" not in page and "<del>Lågen</del> → <ins>Storsalen</ins>" in page
    assert "Send 1 programendring" in page
    assert "1 programendring venter" in admin.html(f"/admin/events/{event.slug}/")
    assert admin.post(f"/admin/events/{event.slug}/notices/send").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(ProgramNotice)).status.value == "sent"


def test_cancel_asks_first_and_then_the_session_leaves_the_program(app, admin, make):
    event, _rooms = _setup(make)
    ws = make.session(event, title="Verksted som avlyses", kind=SessionKind.WORKSHOP)
    page = admin.html(f"/admin/events/{event.slug}/sessions/{ws.id}/cancel")
    assert "Ingen får e-post om avlysningen." in page
    asked = admin.post(f"/admin/events/{event.slug}/sessions/{ws.id}/cancel")  # without confirm=1: asks again
    assert asked.status_code == 200 and _session(app, id=ws.id).status == SessionStatus.SCHEDULED
    assert admin.post(f"/admin/events/{event.slug}/sessions/{ws.id}/cancel", {"confirm": "1"}).status_code == 303
    assert _session(app, id=ws.id).status == SessionStatus.CANCELLED
    assert "Verksted som avlyses" not in app.test_client().get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Avlyst" in admin.html(f"/admin/events/{event.slug}/program?view=list")


def test_speakers_are_found_added_invited_and_removed(app, admin, make):
    event, _rooms = _setup(make)
    ws = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP)
    make.speaker(name="Ragnhild Fjeldstad", organisation="Høgskolen i Innlandet")
    url = f"/admin/events/{event.slug}/sessions/{ws.id}"
    found = admin.html(url + "?speaker_q=fjeld")
    speaker_id = re.search(r'name="add-speaker_id" value="(\d+)"', found).group(1)
    assert "Ragnhild Fjeldstad, Høgskolen i Innlandet" in found
    assert admin.post(url + "/speakers", {"add-speaker_id": speaker_id, "add-role": "moderator"}).status_code == 303
    assert "Ragnhild Fjeldstad</a>, Høgskolen i Innlandet <span class=\"muted\">(moderator)" in admin.html(url)

    response = admin.post(url + "/speakers/new", {"sp-name": "Nils-Aslak Valkeapää", "sp-email": "nils@example.org",
                                                  "sp-role": "speaker", "sp-invite": "y"})
    assert response.status_code == 303
    with app.app_context():
        newcomer = db.session.scalar(select(Speaker).where(Speaker.email == "nils@example.org"))
        assert db.session.scalar(select(SpeakerLoginToken.purpose).where(
            SpeakerLoginToken.speaker_id == newcomer.id)) == "invitation"
        newcomer_id = newcomer.id
    taken = admin.post(url + "/speakers/new", {"sp-name": "Noen andre", "sp-email": "NILS@example.org",
                                               "sp-role": "speaker"})
    assert taken.status_code == 400 and "finnes allerede" in taken.get_data(as_text=True)
    admin.post(f"{url}/speakers/{newcomer_id}/remove", {"confirm": "1"})
    assert "Nils-Aslak" not in admin.html(url).split('id="speakers"')[1].split("<h4>")[0]


def test_the_program_page_has_a_bounded_number_of_queries(app, admin, make):
    event, rooms = _setup(make)
    speakers = [make.speaker() for _ in range(6)]
    for i in range(10):
        make.session(event, kind=SessionKind.WORKSHOP, capacity=20, room_id=rooms["Lågen"].id,
                     starts_at=event.starts_at + i * H, speakers=[speakers[i % 6]])
    with count_queries(app) as small:
        admin.get(f"/admin/events/{event.slug}/program")
    for i in range(10, 40):
        make.session(event, kind=SessionKind.WORKSHOP, capacity=20, room_id=rooms["Storsalen"].id,
                     starts_at=event.starts_at + (i - 10) * H, speakers=[speakers[i % 6]])
    with count_queries(app) as large:
        admin.get(f"/admin/events/{event.slug}/program")
    assert len(large) == len(small) <= 12
