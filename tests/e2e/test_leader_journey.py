"""Issue 18's «Done means», in Chromium on one running server with real e-mail (aiosmtpd), real PDFs and QR codes:

a new leader (under a year as leader, from Kárášjohka, a kommune no offer has reached this year) registers for
the conference, joins the meeting place for new leaders from her registration's page (the confirmation e-mail's
link), the organiser publishes the series' next meeting and the invitation arrives, she registers for it through
the invitation's link, a scanner at the door checks her in (the API, with the QR decoded from her badge), the
organiser issues kursbevis after the meeting, she gets «Kursbeviset ditt er klart» and downloads it from her
registration's page, and sees both events and the kursbevis on Min side (signed in through the e-mailed link);
the organiser sees Kárášjohka go from «ikke nådd» to «nådd» on /admin/reach.

Every page is checked with axe-core and photographed at 1280 and 360 px (`look`) into
tests/e2e/artifacts/issue18/ (the reach page and Min side under stable names: reach-1280.png, minside-360.png …).
"""
from __future__ import annotations

import json
import urllib.request
import uuid
from datetime import UTC, datetime

import pytest

from app.core import clock
from app.core.clock import OSLO
from app.extensions import db
from app.models import EventKind, EventRole, EventStatus, Series, SeriesKind, SessionKind, UserRole
from tests.checkin.helpers import api_token
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.journey_steps import deliver, link_in, look, pdf_lines, qr_texts, sign_in, subject

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "issue18"
ORGANISER = "arrangor@example.org"
LEADER = "maret.nuvttos@example.org"
KOMMUNE = "Kárášjohka"


def oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO)


@pytest.fixture
def world(app, make):
    """The conference in April, the new leaders' series with one member, its next meeting as a draft."""
    clock.set_now(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    conference = make.event(title="Lederkonferansen 2027", slug="lederkonferansen-2027",
                            starts_at=oslo(2027, 4, 14, 9, 0), ends_at=oslo(2027, 4, 15, 15, 0))
    make.session(conference, title="Åpning: Å lede læring og fellesskap")
    with app.app_context():
        series = Series(slug="moteplass-nye-ledere", title="Møteplass for nye kulturskoleledere",
                        kind=SeriesKind.NEW_LEADERS, description="For deg som er ny som leder i kulturskolen.")
        db.session.add(series)
        db.session.commit()
        series_id = series.id
        db.session.remove()
    meeting = make.event(title="Møteplass for nye ledere: de første hundre dagene", slug="nye-ledere-mars",
                         kind=EventKind.WEBINAR, is_online=True, status=EventStatus.DRAFT, series_id=series_id,
                         meeting_url="https://meet.example.org/nye-ledere", starts_at=oslo(2027, 3, 10, 14, 0),
                         ends_at=oslo(2027, 3, 10, 15, 30))
    make.session(meeting, title="Startpakken: det du trenger de første hundre dagene",
                 starts_at=oslo(2027, 3, 10, 14, 0), ends_at=oslo(2027, 3, 10, 14, 45))
    make.session(meeting, title="Mentorordningen og digitale nettverk", starts_at=oslo(2027, 3, 10, 14, 45),
                 ends_at=oslo(2027, 3, 10, 15, 30))
    make.session(meeting, title="Pause", kind=SessionKind.BREAK, starts_at=oslo(2027, 3, 10, 15, 30),
                 ends_at=oslo(2027, 3, 10, 15, 35))
    make.user(UserRole.ADMINISTRATOR, email=ORGANISER)
    door = make.user(EventRole.DOOR, events=[meeting])
    return conference, meeting, api_token(app, door)


def _organiser(browser, live_server, page):
    context = browser.new_context(base_url=live_server, locale="nb-NO", timezone_id="Europe/Oslo",
                                  viewport={"width": 1280, "height": 900})
    organiser = context.new_page()
    organiser.on("pageerror", lambda err: page.problems.append(f"organiser page error: {err}"))
    sign_in(organiser, ORGANISER, "/admin/reach?year=2027")
    return organiser


def _look_up(organiser) -> str:
    """Rekkevidde's «Finn en kommune»: the organiser types the kommune, picks it, and reads the answer."""
    organiser.get_by_role("combobox", name="Kommune").fill(KOMMUNE)
    organiser.get_by_role("option", name="Kárášjohka - Karasjok").click()
    organiser.get_by_role("button", name="Se om kommunen er nådd").click()
    return organiser.locator("#lookup-result").inner_text()


def _not_reached(organiser) -> list[str]:
    return [" ".join(t.split()) for t in organiser.locator("ul.not-reached li").all_text_contents()]


def _register(page, *, remember: bool) -> None:
    page.get_by_label("Fornavn").fill("Máret")
    page.get_by_label("Etternavn").fill("Ŋuvttoš")
    page.get_by_label("E-postadresse").fill("Maret.Nuvttos@Example.org")
    page.get_by_label("Arbeidssted").fill("Kárášjoga kulturskole")
    page.get_by_role("combobox", name="Kommune").fill(KOMMUNE)
    page.get_by_role("option", name="Kárášjohka - Karasjok").click()
    page.get_by_label("Stilling", exact=True).fill("Kulturskolerektor")
    page.get_by_label("Mindre enn 1 år").check()
    page.get_by_role("group", name="Antall elever i kulturskolen").get_by_label("100–299 elever").check()
    if remember:
        page.get_by_label("Husk meg til neste gang").check()
    page.get_by_label("Jeg har lest og godtar personvernerklæringen").check()
    page.get_by_role("button", name="Meld meg på").click()


def _scan(live_server: str, token: str, slug: str, code: str) -> dict:
    body = json.dumps({"code": code, "session_id": None, "nonce": uuid.uuid4().hex}).encode()
    request = urllib.request.Request(f"{live_server}/api/v1/events/{slug}/checkins", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_a_new_leader_across_conference_series_meeting_kursbevis_min_side_and_reach(
        page, browser, world, app, smtp, live_server):
    conference, meeting, door_token = world

    # Before: no offer has reached Kárášjohka this year.
    organiser = _organiser(browser, live_server, page)
    assert organiser.get_by_text("0 av 357 kommuner nådd").is_visible()
    assert "Kárášjohka (Finnmark)" in _not_reached(organiser)
    assert _look_up(organiser) == "Kárášjohka - Karasjok er ikke nådd i perioden."
    look(organiser, "reach-before", SHOTS)

    # She registers for the conference.
    page.goto(f"/events/{conference.slug}")
    page.get_by_role("link", name="Meld deg på").first.click()
    page.wait_for_url(f"**/events/{conference.slug}/register")
    _register(page, remember=True)
    page.wait_for_url(f"**/events/{conference.slug}/registered?for=nye-ledere")  # a new leader: the start package
    look(page, "conference-registered", SHOTS)
    arrived = deliver(app, smtp, 2)  # the confirmation, and the welcome with the start package (under a year)
    [confirmation] = [m for m in arrived if subject(m).startswith("Du er påmeldt")]
    assert sorted(subject(m) for m in arrived if m is not confirmation) == ["Velkommen som kulturskoleleder"]
    assert confirmation["To"] == LEADER
    assert subject(confirmation).startswith("Du er påmeldt")

    # Her registration's page (the confirmation's link) offers the meeting place for new leaders.
    page.goto(link_in(confirmation, r"http://127\.0\.0\.1:\d+/me/[A-Z0-9]{24}"))
    offer = page.get_by_role("region", name="Ny som leder? Bli med i Møteplass for nye kulturskoleledere")
    assert offer.is_visible()
    look(page, "conference-manage-offer", SHOTS)
    offer.get_by_role("button", name="Bli med i nettverket").click()  # without the consent: nothing stored
    assert page.get_by_text("Kryss av for samtykket for å bli med i Møteplass for nye kulturskoleledere.").is_visible()
    offer = page.get_by_role("region", name="Ny som leder? Bli med i Møteplass for nye kulturskoleledere")
    offer.get_by_label("Jeg samtykker i at Kulturskolerådet lagrer navn").check()
    offer.get_by_role("button", name="Bli med i nettverket").click()
    assert page.get_by_text("Du er med i Møteplass for nye kulturskoleledere.").is_visible()
    assert page.get_by_role("button", name="Bli med i nettverket").count() == 0  # offered no more
    look(page, "conference-manage-joined", SHOTS)
    member_link = deliver(app, smtp, 3)[2]
    assert subject(member_link) == "Din lenke til Møteplass for nye kulturskoleledere"

    # The organiser publishes the series' next meeting: its members are invited.
    organiser.goto(f"/admin/events/{meeting.slug}/")
    organiser.get_by_role("button", name="Publiser arrangementet").click()
    assert organiser.get_by_text("Arrangementet er publisert. 1 medlem av nettverket er invitert.").is_visible()
    look(organiser, "meeting-published", SHOTS)
    invitation = deliver(app, smtp, 4)[3]
    assert invitation["To"] == LEADER
    assert subject(invitation) == ("Nytt møte i Møteplass for nye kulturskoleledere: "
                                   "Møteplass for nye ledere: de første hundre dagene")

    # She registers for the meeting through the invitation's link.
    page.goto(link_in(invitation, rf"http://127\.0\.0\.1:\d+/events/{meeting.slug}"))
    look(page, "meeting-event-page", SHOTS)
    page.get_by_role("link", name="Meld deg på").first.click()
    page.wait_for_url(f"**/events/{meeting.slug}/register")
    _register(page, remember=True)
    page.wait_for_url(f"**/events/{meeting.slug}/registered?for=nye-ledere")
    meeting_confirmation = deliver(app, smtp, 5)[4]  # no second welcome
    page.goto(link_in(meeting_confirmation, r"http://127\.0\.0\.1:\d+/me/[A-Z0-9]{24}"))
    meeting_manage = page.url
    assert page.get_by_role("heading", name="Du er påmeldt").is_visible()
    assert page.get_by_role("link", name="Lenke til møtet").get_attribute("href") == (
        "https://meet.example.org/nye-ledere")
    assert page.get_by_role("button", name="Bli med i nettverket").count() == 0  # a member already
    look(page, "meeting-manage", SHOTS)

    # At the meeting: the scanner at the door reads the QR of her badge.
    badge = page.request.get(page.get_by_role("link", name="Last ned navneskilt").get_attribute("href"))
    [scanned] = qr_texts(badge.body())
    clock.set_now(oslo(2027, 3, 10, 13, 55))
    answer = _scan(live_server, door_token, meeting.slug, scanned)
    assert answer["result"] == "ok" and answer["registration"]["name"] == "Máret Ŋuvttoš"

    # After the meeting the organiser issues the kursbevis; she is told by e-mail.
    clock.set_now(oslo(2027, 3, 11, 9, 0))
    organiser.goto(f"/admin/events/{meeting.slug}/certificates")
    look(organiser, "certificates-before", SHOTS)
    organiser.get_by_role("button", name="Utsted kursbevis").click()
    assert organiser.get_by_text("1 nytt kursbevis er utstedt.").is_visible()
    ready = deliver(app, smtp, 6)[5]
    assert ready["To"] == LEADER
    assert subject(ready) == "Kursbeviset ditt er klart: Møteplass for nye ledere: de første hundre dagene"
    certificate_url = link_in(ready, r"http://127\.0\.0\.1:\d+/me/[A-Z0-9]{24}/certificate\.pdf")

    # She downloads it from her registration's page: her name, the sessions, the hours, a QR that verifies.
    page.goto(meeting_manage)
    certificate_path = page.get_by_role("link", name="Last ned kursbevis").get_attribute("href")
    assert live_server + certificate_path == certificate_url
    pdf = page.request.get(certificate_url)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    lines = pdf_lines(pdf.body())
    assert "Máret Ŋuvttoš" in lines
    assert lines[lines.index("Program") + 1:lines.index("Til sammen: 1,5 timer")] == [
        "10.03 14:00–14:45 Startpakken: det du trenger de første", "hundre dagene",  # wrapped under its title
        "10.03 14:45–15:30 Mentorordningen og digitale nettverk"]  # the break is not on it
    assert "Til sammen: 1,5 timer" in lines
    [verify_url] = qr_texts(pdf.body())
    page.goto(verify_url)
    assert page.get_by_role("heading", name="Kursbeviset er ekte").is_visible()
    look(page, "verify", SHOTS)

    # Min side, through the e-mailed sign-in link: both events, and the kursbevis.
    page.goto("/me/")
    page.wait_for_url("**/me/signin?next=/me/")
    page.get_by_label("E-postadresse").fill(LEADER)
    page.get_by_role("button", name="Send meg en innloggingslenke").click()
    signin = deliver(app, smtp, 7)[6]
    assert subject(signin) == "Lenke til Min side"
    page.goto(link_in(signin, r"http://\S+/me/signin/\S+"))
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/me/")
    upcoming = page.get_by_role("region", name="Kommende arrangementer")
    assert upcoming.get_by_role("link", name="Lederkonferansen 2027", exact=True).is_visible()
    past = page.get_by_role("region", name="Tidligere arrangementer")
    assert past.get_by_role("link", name="Møteplass for nye ledere: de første hundre dagene", exact=True).is_visible()
    assert past.get_by_role("link", name="Kursbevis (PDF) – Møteplass for nye ledere: de første hundre dagene") \
        .get_attribute("href") == certificate_path
    networks = page.get_by_role("region", name="Nettverkene dine")
    assert networks.get_by_role("link", name="Møteplass for nye kulturskoleledere", exact=True).get_attribute("href") == (
        link_in(member_link, r"http://127\.0\.0\.1:\d+/series/moteplass-nye-ledere/m/\S+").split(live_server)[1])
    look(page, "minside", SHOTS)

    # The organiser: Kárášjohka is reached now.
    organiser.goto("/admin/reach?year=2027")
    assert organiser.get_by_text("1 av 357 kommuner nådd").is_visible()
    assert "Kárášjohka (Finnmark)" not in _not_reached(organiser)
    assert _look_up(organiser) == "Kárášjohka - Karasjok er nådd i perioden."
    assert organiser.get_by_role("row", name="Hele landet").inner_text().split() == [
        "Hele", "landet", "357", "1", "under", "1", "%", "0"]
    look(organiser, "reach", SHOTS)
    organiser.context.close()
