"""The scanner page in Chromium: a hand-held scanner typing the code, the name search, undo, the
offline queue (two doors offline at once), the camera with the vendored decoder, and axe."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import Checkin, EventRole, UserRole
from tests.checkin.helpers import enrol, render_pages
from tests.e2e.conftest import check_a11y, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def _login(page, email: str, next_path: str) -> None:
    page.goto(f"/login?next={next_path}")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"**{next_path}")
    page.wait_for_selector("#scanner[data-ready='1']")


def _checkins(app) -> list[Checkin]:
    with app.app_context():
        rows = list(db.session.scalars(select(Checkin).order_by(Checkin.id)))
        db.session.expunge_all()
        return rows


@pytest.fixture
def door(app, make):
    event = make.event(title="Lederkonferansen 2027")
    staff = make.user(EventRole.DOOR, events=[event])
    return event, staff


def _type_like_a_scanner(page, text: str) -> None:
    page.locator("#code").press_sequentially(text, delay=5)
    page.keyboard.press("Enter")


def test_hand_scanner_then_already_checked_in_then_undo(app, page, door, live_server):
    event, staff = door
    kari = enrol(app, event, 1, first_name="Kari", last_name="Nordmann", organisation="Bodø kulturskole")
    enrol(app, event, 2)
    _login(page, staff.email, f"/checkin/{event.slug}")
    assert page.locator("#count-in").inner_text() == "0"
    assert page.locator("#count-expected").inner_text() == "2"
    check_a11y(page, "skanneren")
    assert page.evaluate("document.activeElement.id") == "code"

    _type_like_a_scanner(page, f"{live_server}/b/{kari.code}")
    result = page.locator("#result")
    result.wait_for(state="visible")
    assert page.locator("#result-title").inner_text() == "Velkommen!"
    assert page.locator("#result-name").inner_text() == "Kari Nordmann"
    assert page.locator("#result-org").inner_text() == "Bodø kulturskole"
    assert "tone-ok" in result.get_attribute("class")
    page.wait_for_function("() => document.getElementById('announce').textContent.includes('Kari Nordmann')")
    assert page.locator("#count-in").inner_text() == "1"
    check_a11y(page, "skanneren med grønt svar")
    screenshot(page, "checkin-ok")

    # The scanner goes on typing: the focus stayed in the code field. The same badge again is orange.
    assert page.evaluate("document.activeElement.id") == "code"
    grouped = "-".join(kari.code[i:i + 4] for i in range(0, 22, 4))
    _type_like_a_scanner(page, grouped)
    page.wait_for_function("() => document.getElementById('result-title').textContent === 'Allerede sjekket inn'")
    assert "tone-warn" in result.get_attribute("class")
    assert f"av {staff.name}" in page.locator("#result-detail").inner_text()
    assert page.locator("#result-undo").is_hidden()  # only a check-in this scan made can be undone
    screenshot(page, "checkin-already")

    page.get_by_role("button", name="Neste").click()
    assert result.is_hidden()
    recent = page.locator("#recent li")
    assert recent.count() == 2
    recent.nth(1).get_by_role("button", name="Angre Kari Nordmann").click()
    page.wait_for_function("() => document.querySelector('#recent li:nth-child(2)').textContent.includes('Angret')")
    [row] = _checkins(app)
    assert row.undone_at is not None
    assert page.locator("#count-in").inner_text() == "0"

    _type_like_a_scanner(page, "AAAA-BBBB")
    page.wait_for_function("() => document.getElementById('result-title').textContent === 'Ukjent kode'")
    assert "tone-bad" in result.get_attribute("class")
    check_a11y(page, "skanneren med rødt svar")


def test_name_search_checks_in_the_one_who_forgot_the_badge(app, page, door):
    event, staff = door
    enrol(app, event, 1, first_name="Ánde", last_name="Ŋuorra-Đávvet", organisation="Guovdageaidnu kulturskole")
    enrol(app, event, 2, first_name="Kari", last_name="Nordmann")
    page.set_viewport_size({"width": 320, "height": 640})  # a small phone held in one hand
    _login(page, staff.email, f"/checkin/{event.slug}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_label("Søk på navn, organisasjon eller slutten av koden").fill("ande nuorra")
    results = page.locator("#search-results li")
    results.first.wait_for()
    assert results.count() == 1
    assert "Guovdageaidnu kulturskole" in results.first.inner_text()
    check_a11y(page, "navnesøk")
    screenshot(page, "checkin-search-320")
    results.first.get_by_role("button", name="Sjekk inn Ánde Ŋuorra-Đávvet").click()
    page.wait_for_function("() => document.getElementById('result-title').textContent === 'Velkommen!'")
    assert page.locator("#result-name").inner_text() == "Ánde Ŋuorra-Đávvet"
    page.locator("#result-undo").click()
    page.wait_for_function("() => document.getElementById('result').hidden")
    [row] = _checkins(app)
    assert row.undone_at is not None


def test_workshop_door_flags_a_walk_in_but_lets_them_in(app, page, door, make):
    event, staff = door
    from app.models import SessionKind

    workshop = make.session(event, kind=SessionKind.WORKSHOP, capacity=10, title="Verksted: Å lede")
    enrol(app, event, 1, sessions=[workshop.id])
    walk_in = enrol(app, event, 2, first_name="Per")
    _login(page, staff.email, f"/checkin/{event.slug}")
    page.get_by_label("Hvor sjekker du inn?").select_option(label=page.locator("#door option").nth(1).inner_text())
    page.wait_for_function("() => document.getElementById('count-expected').textContent === '1'")
    _type_like_a_scanner(page, walk_in.code)
    page.wait_for_function("() => document.getElementById('result-title').textContent === 'Velkommen!'")
    flag = page.locator("#result-flag")
    assert flag.is_visible()
    assert flag.inner_text() == "Ikke påmeldt denne økten – slipp inn hvis det er ledige plasser."
    page.wait_for_function("() => document.getElementById('announce').textContent.includes('Ikke påmeldt')")
    check_a11y(page, "verkstedsdøren")
    [row] = _checkins(app)
    assert (row.registration_id, row.session_id) == (walk_in.id, workshop.id)


def test_offline_scans_wait_in_indexeddb_and_sync_with_their_time(app, page, door):
    event, staff = door
    kari = enrol(app, event, 1, first_name="Kari", organisation="Bodø kulturskole")
    ola = enrol(app, event, 2, first_name="Ola")
    _login(page, staff.email, f"/checkin/{event.slug}")

    page.context.set_offline(True)
    page.wait_for_function("() => document.getElementById('net-status').classList.contains('is-offline')")
    before = clock.now()
    _type_like_a_scanner(page, kari.code)
    page.wait_for_function("() => document.getElementById('result-title').textContent === 'Velkommen!'")
    assert page.locator("#result-name").inner_text() == "Kari Nordmann"  # recognised from the roster
    assert page.locator("#result-pending").is_visible()
    _type_like_a_scanner(page, kari.code)  # the same badge again, still offline: orange, not counted twice
    page.wait_for_function("() => document.getElementById('result-title').textContent === 'Allerede sjekket inn'")
    _type_like_a_scanner(page, ola.code)
    page.wait_for_function("() => document.getElementById('pending-count').textContent === '3'")
    assert page.locator("#count-in").inner_text() == "2"
    check_a11y(page, "skanneren uten nett")
    screenshot(page, "checkin-offline")
    assert _checkins(app) == []
    # Reloading the page keeps the queue (IndexedDB) — but not while offline; wait a little, then go online.
    page.wait_for_timeout(1200)

    page.context.set_offline(False)
    page.wait_for_function("() => document.getElementById('pending-count').textContent === '0'", timeout=15000)
    rows = _checkins(app)
    assert [(r.registration_id, r.by_user_id) for r in rows] == [(kari.id, staff.id), (ola.id, staff.id)]
    # The scan's own time, not the sync's.
    assert before - timedelta(seconds=2) <= rows[0].scanned_at <= before + timedelta(seconds=5)
    assert rows[0].recorded_at - rows[0].scanned_at >= timedelta(seconds=1)
    assert page.locator("#count-in").inner_text() == "2"


def test_two_doors_offline_scan_the_same_badge_and_it_counts_once(app, browser, live_server, door):
    event, staff = door
    other_staff_email = "dor2@example.org"
    from tests.factories import Factory

    Factory(app).user(EventRole.DOOR, email=other_staff_email, events=[event])
    kari = enrol(app, event, 1, first_name="Kari")
    pages = []
    for email in (staff.email, other_staff_email):
        context = browser.new_context(base_url=live_server, locale="nb-NO", timezone_id="Europe/Oslo")
        pg = context.new_page()
        _login(pg, email, f"/checkin/{event.slug}")
        pages.append(pg)
    try:
        for pg in pages:
            pg.context.set_offline(True)
            _type_like_a_scanner(pg, kari.code)
            pg.wait_for_function("() => document.getElementById('result-title').textContent === 'Velkommen!'")
        for pg in pages:
            pg.context.set_offline(False)
            pg.wait_for_function("() => document.getElementById('pending-count').textContent === '0'", timeout=15000)
        texts = [pg.locator("#recent li").first.inner_text() for pg in pages]
        assert "Velkommen!" in texts[0]
        assert "Duplikat: var allerede sjekket inn" in texts[1]
        assert len(_checkins(app)) == 1
    finally:
        for pg in pages:
            pg.context.close()


def _y4m_of(image: Image.Image, path, frames: int = 6) -> None:
    """A short Y4M video of `image` (640×480), for Chromium's fake camera."""
    frame = Image.new("RGB", (640, 480), "white")
    image.thumbnail((460, 460))
    frame.paste(image, ((640 - image.width) // 2, (480 - image.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    chroma = [c.resize((320, 240)) for c in (cb, cr)]
    with open(path, "wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F5:1 Ip A1:1 C420jpeg\n")
        for _ in range(frames):
            out.write(b"FRAME\n" + y.tobytes() + chroma[0].tobytes() + chroma[1].tobytes())


def test_the_camera_reads_a_printed_badge_with_the_vendored_decoder(app, browser, live_server, door, tmp_path):
    event, staff = door
    kari = enrol(app, event, 1, first_name="Kari")
    client = app.test_client()
    [badge] = render_pages(client.get(f"/me/{kari.token}/badge.pdf").data, dpi=110)
    # The QR and its code, cut from the rendered A4 page (the badge is centred on it).
    w, h = badge.size
    qr = badge.crop((int(w * 0.33), int(h * 0.45), int(w * 0.67), int(h * 0.72)))
    video = tmp_path / "badge.y4m"
    _y4m_of(qr, video)
    camera_browser = browser.browser_type.launch(
        executable_path=browser_path(), headless=True,
        args=["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
              f"--use-file-for-fake-video-capture={video}"])
    try:
        context = camera_browser.new_context(base_url=live_server, locale="nb-NO", timezone_id="Europe/Oslo",
                                             permissions=["camera"])
        page = context.new_page()
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        _login(page, staff.email, f"/checkin/{event.slug}")
        assert page.evaluate("'BarcodeDetector' in window") is False  # Linux Chromium: the wasm decoder is used
        page.get_by_role("button", name="Start kamera").click()
        page.wait_for_function("() => document.getElementById('result-title').textContent === 'Velkommen!'", timeout=30000)
        assert page.locator("#result-name").inner_text() == "Kari Nordmann"
        assert page.evaluate("typeof window.BarcodeDetectionAPI") == "object"
        screenshot(page, "checkin-camera")
        page.get_by_role("button", name="Neste").click()
        page.get_by_role("button", name="Stopp kamera").click()
        assert not [p for p in problems if "Content Security Policy" in p], problems
        assert len(_checkins(app)) == 1
    finally:
        camera_browser.close()


def browser_path() -> str:
    from tests.e2e.conftest import CHROMIUM

    return CHROMIUM


def test_organiser_pages_and_badge_links_pass_axe(app, page, make, door, live_server):
    event, _ = door
    organiser = make.user(UserRole.ADMINISTRATOR)
    people = [enrol(app, event, n, last_name=name) for n, name in enumerate(["Aune", "Berg", "Øye"])]
    page.goto(f"/b/{people[0].code}")  # anonymous: the neutral page
    assert page.get_by_role("heading", name="Et navneskilt fra Kulturskolerådet").is_visible()
    check_a11y(page, "nøytral navneskiltside")

    page.goto(f"/login?next=/admin/events/{event.slug}/badges")
    page.get_by_label("E-postadresse").fill(organiser.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"**/admin/events/{event.slug}/badges")
    check_a11y(page, "utskrift av navneskilt")
    screenshot(page, "badges-form")
    page.get_by_label("Etternavn fra").fill("K")
    page.get_by_label("Etternavn til og med").fill("B")
    page.get_by_role("button", name="Last ned PDF").click()
    assert page.get_by_text("«Til og med» må komme etter «fra» i alfabetet.").first.is_visible()
    check_a11y(page, "utskrift av navneskilt med feil")

    page.goto(f"/b/{people[1].code}")
    page.get_by_role("button", name="Sjekk inn ved inngangen").click()
    assert page.get_by_role("heading", name="Velkommen!").is_visible()
    check_a11y(page, "innsjekket fra navneskiltlenke")
    page.goto(f"/admin/events/{event.slug}/checkins")
    assert page.get_by_text("1 av 3 bekreftede deltakere er sjekket inn ved inngangen.").is_visible()
    check_a11y(page, "innsjekkingsoversikt")
    screenshot(page, "checkin-overview")


SHOTS = Path("/work/shots/door")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))  # what the phone shows, not the whole page


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("width", [360, 1280])
def test_search_results_come_into_view_and_a_checked_in_person_shows_who_when_and_angre(app, page, door, make,
                                                                                         width):
    event, staff = door
    other_door = make.user(EventRole.DOOR, events=[event])
    kari = enrol(app, event, 1, first_name="Kari", last_name="Nordmann", organisation="Bodø kulturskole")
    enrol(app, event, 2, first_name="Ola", last_name="Nordmann", organisation="Tromsø kulturskole")
    aile = enrol(app, event, 3, first_name="Áile", last_name="Gaup", organisation="Kárášjoga suohkan")
    with app.app_context():
        from app.checkin import service

        at = clock.now() - timedelta(minutes=12)
        with transaction():
            service.scan(service.Door(event.id), nonce="other-door-1", code=kari.code, scanned_at=at,
                         user_id=other_door.id)
        db.session.remove()
    page.set_viewport_size({"width": width, "height": 640})
    _login(page, staff.email, f"/checkin/{event.slug}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_label("Søk på navn, organisasjon eller slutten av koden").fill("nordmann")
    results = page.locator("#search-results li")
    results.nth(1).wait_for()
    assert results.count() == 2
    for n in range(2):
        assert _in_view(page, results.nth(n)), n  # not below the fold
    checked, waiting = results.nth(0), results.nth(1)
    local = clock.oslo(at).strftime("%H:%M")
    assert checked.inner_text().startswith("Kari Nordmann")
    assert f"Sjekket inn kl. {local} av {other_door.name}." in checked.inner_text()
    assert checked.locator("button").count() == waiting.locator("button").count() == 1
    assert checked.get_by_role("button", name="Angre Kari Nordmann", exact=True).count() == 1
    assert waiting.get_by_role("button", name="Sjekk inn Ola Nordmann", exact=True).count() == 1
    check_a11y(page, f"navnesøk med innsjekket person, {width} px")
    _shot(page, f"scanner-search-checked-in-{width}")

    checked.get_by_role("button", name="Angre Kari Nordmann").click()
    page.wait_for_function("() => document.getElementById('announce').textContent.includes('er angret')")
    [row] = _checkins(app)
    assert row.undone_at is not None
    page.get_by_label("Søk på navn, organisasjon eller slutten av koden").fill("kari")
    results.first.get_by_role("button", name="Sjekk inn Kari Nordmann").wait_for()

    # The end of the code printed under the QR (6–8 symbols, typed into the code field) finds the person.
    page.locator("#code").fill(aile.code[-6:].lower())
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Sjekk inn Áile Gaup").wait_for()
    assert results.count() == 1 and _in_view(page, results.first)
    _shot(page, f"scanner-code-tail-{width}")
    results.first.get_by_role("button", name="Sjekk inn Áile Gaup").click()
    page.wait_for_function("() => document.getElementById('result-title').textContent === 'Velkommen!'")
    page.locator("#result-close").click()
    page.get_by_label("Søk på navn, organisasjon eller slutten av koden").fill(aile.code[-8:])
    gaup = page.locator("#search-results li").first
    gaup.get_by_role("button", name="Angre Áile Gaup").wait_for()
    assert "Sjekket inn kl." in gaup.inner_text()
    _shot(page, f"scanner-own-check-in-{width}")


def test_scrollable_tables_are_reachable_by_keyboard_at_360(app, page, make, door):
    event, _ = door
    organiser = make.user(UserRole.ADMINISTRATOR)
    make.session(event, title="Verksted med et langt navn som ikke får plass på en liten skjerm")
    enrol(app, event, 1)
    with app.app_context():
        from app.audit.log import Actor, record
        from app.models import User

        record(Actor.user(db.session.get(User, organiser.id)), "user", organiser.id, "update",
               {"name": ["Arrangør med et langt navn", "Arrangør med et enda lengre navn"]})
        db.session.commit()
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"/login?next=/admin/events/{event.slug}/checkins")
    page.get_by_label("E-postadresse").fill(organiser.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"**/admin/events/{event.slug}/checkins")
    for url in (f"/admin/events/{event.slug}/checkins", "/admin/audit"):
        page.goto(url)
        regions = page.locator(".table-scroll")
        assert regions.count() >= 1, url
        for n in range(regions.count()):
            region = regions.nth(n)
            assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region", url
            assert region.get_attribute("aria-label"), url
        check_a11y(page, f"{url} at 360 px")
        _shot(page, "scroll-region-" + url.strip("/").replace("/", "-"))
