"""The scanner page, what a badge's QR opens (/b/<code>), and the organisers' arrivals overview."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.checkin import stats
from app.extensions import db
from app.models import Checkin, EventRole, SessionKind, UserRole
from tests.checkin.helpers import api_token, enrol, scan
from tests.factories import csrf_from


def test_scanner_page_is_for_this_events_staff_and_organisers(app, client, make, login):
    event = make.event(title="Lederkonferansen 2027")
    other = make.event()
    make.session(event, title="Åpning")
    make.session(event, title="Lunsj", kind=SessionKind.MEAL, starts_at=event.starts_at + timedelta(hours=3))
    anonymous = client.get(f"/checkin/{event.slug}")
    assert anonymous.status_code == 302
    assert "/login?next=/checkin/" in anonymous.headers["Location"]

    outsider = make.user(EventRole.DOOR, events=[other])
    login(outsider.email)
    assert client.get(f"/checkin/{event.slug}").status_code == 403
    assert client.get("/checkin/no-such-event").status_code == 404
    client.post("/logout")

    staff = make.user(EventRole.DOOR, events=[event])
    login(staff.email)
    page = client.get(f"/checkin/{event.slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Lederkonferansen 2027" in html
    assert '<option value="">Inngangen</option>' in html
    assert "Åpning" in html and "Lunsj" not in html  # meals and breaks have no door
    assert 'aria-live="assertive"' in html
    assert "<script>" not in html and "style=" not in html
    # Only this page may compile WebAssembly (the camera decoder); every other page keeps the strict CSP.
    assert page.headers["Content-Security-Policy"].count("script-src 'self' 'wasm-unsafe-eval'") == 1
    assert "wasm-unsafe-eval" not in client.get("/").headers["Content-Security-Policy"]
    assert "wasm-unsafe-eval" not in client.get(f"/admin/events/{event.slug}/badges").headers.get(
        "Content-Security-Policy", "")


def test_vendored_decoder_is_served_by_us(client):
    wasm = client.get("/static/vendor/zxing-wasm/zxing_reader.wasm")
    assert wasm.status_code == 200
    assert wasm.mimetype == "application/wasm"
    assert wasm.data[:4] == b"\0asm"
    assert b"prepareZXingModule" in client.get("/static/vendor/barcode-detector/ponyfill.js").data


def test_a_badge_link_shows_nothing_personal_to_anyone_but_door_staff(app, client, make, login):
    event = make.event()
    kari = enrol(app, event, 1, first_name="Kari", organisation="Bodø kulturskole")
    valid = client.get(f"/b/{kari.code}")
    invalid = client.get("/b/ACDEFGHJKMNPQRTWXY3467")
    assert valid.status_code == invalid.status_code == 200
    # The same page either way (only the path itself, in the language switch's link, differs).
    assert valid.get_data(as_text=True).replace(kari.code, "X") == invalid.get_data(as_text=True).replace(
        "ACDEFGHJKMNPQRTWXY3467", "X")
    assert "Kari" not in valid.get_data(as_text=True) and "Bodø" not in valid.get_data(as_text=True)

    outsider = make.user(EventRole.DOOR, events=[make.event()])
    login(outsider.email)
    assert "Kari" not in client.get(f"/b/{kari.code}").get_data(as_text=True)
    client.post("/logout")

    staff = make.user(EventRole.DOOR, events=[event])
    login(staff.email)
    page = client.get(f"/b/{kari.code.lower()}")
    html = page.get_data(as_text=True)
    assert "Kari Nordmann" in html and "Bodø kulturskole" in html
    done = client.post(f"/b/{kari.code.lower()}", data={"csrf_token": csrf_from(html)})
    assert done.status_code == 200
    assert "Velkommen!" in done.get_data(as_text=True)
    again = client.post(f"/b/{kari.code}", data={"csrf_token": csrf_from(html)}).get_data(as_text=True)
    assert "Allerede sjekket inn" in again
    assert f"av {staff.name}" in again
    with app.app_context():
        [row] = db.session.scalars(select(Checkin)).all()
        assert (row.registration_id, row.session_id, row.by_user_id) == (kari.id, None, staff.id)


def test_arrivals_chart_and_sessions_for_organisers(app, client, make, login, frozen_now):
    event = make.event(title="Lederkonferansen 2027")
    workshop = make.session(event, kind=SessionKind.WORKSHOP, capacity=10, title="Verksted A")
    token = api_token(app, make.user(UserRole.ADMINISTRATOR))
    people = [enrol(app, event, n, sessions=[workshop.id] if n < 2 else []) for n in range(4)]
    frozen_now(event.starts_at + timedelta(hours=1))
    start = event.starts_at - timedelta(minutes=50)  # 08:10 Oslo time
    for n, minutes in enumerate([0, 3, 20]):  # two in 08:00–08:15, one in 08:30–08:45
        scan(client, event.slug, people[n].code, token, scanned_at=(start + timedelta(minutes=minutes)).isoformat())
    for n in (0, 3):
        scan(client, event.slug, people[n].code, token, session_id=workshop.id)

    staff = make.user(EventRole.DOOR, events=[event])
    login(staff.email)
    assert client.get(f"/admin/events/{event.slug}/checkins").status_code == 403
    client.post("/logout")
    login(make.user(UserRole.ADMINISTRATOR).email)
    html = client.get(f"/admin/events/{event.slug}/checkins").get_data(as_text=True)
    assert "3 av 4 bekreftede deltakere er sjekket inn ved inngangen." in html
    assert "<title>08:00: 2</title>" in html
    assert "<title>08:15: 0</title>" in html
    assert "<title>08:30: 1</title>" in html
    assert '<th scope="row">Verksted A</th><td>2</td><td>2</td><td>1</td>' in html


def test_manage_page_links_to_the_badge_for_confirmed_only(app, client, make):
    event = make.event(capacity=1)
    kari = enrol(app, event, 1)
    waiting = enrol(app, event, 2)
    page = client.get(f"/me/{kari.token}").get_data(as_text=True)
    assert f'href="/me/{kari.token}/badge.pdf">Last ned navneskilt</a>' in page
    assert "(PDF – skriv ut i faktisk størrelse og klipp langs merkene)" in page
    assert "badge.pdf" not in client.get(f"/me/{waiting.token}").get_data(as_text=True)


def test_the_arrivals_chart_has_a_bounded_number_of_columns_whatever_the_data(app, client, make, login):
    """Scans years apart (old data, a device's wild clock before it was refused) still make at most 48 columns."""
    event = make.event(title="Lederkonferansen 2027")
    people = [enrol(app, event, n) for n in range(4)]
    moments = [datetime(2001, 1, 1, 8, tzinfo=UTC), datetime(2026, 6, 1, 7, tzinfo=UTC),
               event.starts_at - timedelta(minutes=30), event.starts_at - timedelta(minutes=20)]
    with app.app_context():
        db.session.add_all(Checkin(event_id=event.id, registration_id=p.id, session_id=None, scanned_at=m)
                           for p, m in zip(people, moments, strict=True))
        db.session.commit()
    login(make.user(UserRole.ADMINISTRATOR).email)
    html = client.get(f"/admin/events/{event.slug}/checkins").get_data(as_text=True)
    columns = re.findall(r"<title>[^<]*: (\d+)</title>", html)
    assert 2 <= len(columns) <= stats.MAX_COLUMNS
    assert sum(map(int, columns)) == 4
    [days] = set(re.findall(r"Innsjekkinger ved inngangen per (\d+) dager \(norsk tid\)", html))
    assert int(days) * stats.MAX_COLUMNS > (moments[-1] - moments[0]).days


def test_column_sizes_step_up_from_quarter_hours_to_days():
    quarter = stats.BUCKET_SECONDS
    assert stats.bucket_size(0, 47) == quarter
    assert stats.bucket_size(0, 48) == 30 * 60
    assert stats.bucket_size(0, 4 * 47) == 3600
    assert stats.bucket_size(0, 4 * 24 * 47) == 86400
    for last in (4 * 24 * 48, 10**6, 10**8):
        size = stats.bucket_size(0, last)
        assert size % 86400 == 0 and last * quarter // size + 1 <= stats.MAX_COLUMNS
