"""The five journeys through Samling, end to end in Chromium on one running server with the seeded
Lederkonferansen 2027, real e-mail (aiosmtpd), real calendar feeds, PDFs and QR codes:

(a) a participant registers, subscribes to the calendar and downloads the badge;
(b) an organiser moves a workshop the participant chose and sends the change notices: the participant's
    feed (DTSTART, SEQUENCE) and e-mail follow;
(c) a speaker follows the e-mailed sign-in link, updates the session, and the public page shows it;
(d) door staff scan the badge decoded from its PDF: green, then orange for the second scan;
(e) after the event the participant answers the survey from the e-mail, and the organiser sees it counted.

Every page visited is checked with axe-core and photographed at 1280 and 360 px (`look`), into
tests/e2e/artifacts/journeys/ (CI keeps that folder).
"""
from __future__ import annotations

import json
import re
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.core import clock
from app.core.clock import OSLO
from app.extensions import db
from app.models import Checkin, Event, EventRole, Session, UserRole
from app.registration import links
from app.seeding.run import seed_all
from tests.checkin.helpers import api_token, enrol
from tests.e2e.journey_steps import (
    deliver,
    feed_url_on,
    fetch_feed,
    link_in,
    look,
    pdf_lines,
    qr_texts,
    sign_in,
    subject,
)
from tests.factories import Factory
from tests.smtp import SmtpServer

pytestmark = pytest.mark.e2e

SLUG = "lederkonferansen-2027"
EVENT = f"/events/{SLUG}"
WORKSHOP = "Verksted: Å lede profesjonsfellesskap"  # day 1, 12:30–14:00 in Mjøsa, Sindre Haugland
OTHER_WORKSHOP = "Verksted: Kunnskapsmedarbeidere i omstilling"  # the same time, in Lågen
OPENING = "Åpning: Å lede læring og fellesskap"
SPEAKER_EMAIL = "sindre.haugland@example.org"
ORGANISER_EMAIL = "arrangor@example.org"


@dataclass(frozen=True)
class Conference:
    event: Event
    sessions: dict[str, int]


@pytest.fixture
def conference(app) -> Conference:
    """The seed, with the clock in January 2027 (registration open); the fixtures reset both."""
    with app.app_context():
        seed_all()
        event = db.session.scalar(select(Event).where(Event.slug == SLUG))
        sessions = {s.title: s.id for s in db.session.scalars(select(Session).where(Session.event_id == event.id))}
        db.session.expunge(event)
        db.session.remove()
    clock.set_now(datetime(2027, 1, 15, 10, 0, tzinfo=UTC))
    return Conference(event, sessions)


def oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO)


def test_a_participant_registers_subscribes_to_the_calendar_and_downloads_the_badge(
        page, conference, app, smtp, live_server):
    page.goto("/")
    look(page, "a1-front-page")
    page.get_by_role("link", name="Lederkonferansen 2027").first.click()
    page.wait_for_url(f"**{EVENT}")
    look(page, "a2-event")
    page.get_by_role("link", name="Meld deg på").click()
    page.wait_for_url(f"**{EVENT}/register")
    look(page, "a3-register")

    page.get_by_label("Fornavn").fill("Siri")
    page.get_by_label("Etternavn").fill("Sæther")
    page.get_by_label("E-postadresse").fill("siri.saether@example.org")
    page.get_by_label("Arbeidssted").fill("Bodø kulturskole")
    page.get_by_role("combobox", name="Kommune").fill("Bodø")
    page.get_by_role("option", name="Bodø").click()
    page.get_by_label("Stilling", exact=True).fill("Kulturskolerektor")
    page.get_by_label("4–6 år").check()
    page.get_by_label(WORKSHOP).check()
    page.get_by_label("Organisasjonsnummer for faktura").fill("972 418 021")
    page.get_by_label("Jeg har lest og godtar personvernerklæringen").check()
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_url(f"**{EVENT}/registered")  # the same answer whoever holds the address
    assert page.get_by_role("heading", name="Sjekk e-posten din").is_visible()
    look(page, "a4-check-your-email")

    # The confirmation e-mail carries the link to the registration's page.
    [confirmation] = deliver(app, smtp, 1)
    assert confirmation["To"] == "siri.saether@example.org"
    page.goto(link_in(confirmation, r"http://127\.0\.0\.1:\d+/me/[A-Z0-9]{24}"))
    assert page.get_by_role("heading", name="Du er påmeldt").is_visible()
    look(page, "a5-manage")

    # Subscribing: the calendar client gets the common program and the chosen workshop, not the other one.
    feed_url = feed_url_on(page)
    assert re.fullmatch(rf"{live_server}/calendar/[A-Za-z0-9]+\.ics", feed_url), feed_url
    assert page.get_by_role("link", name="Abonner i kalenderen").get_attribute("href") == (
        feed_url.replace("http://", "webcal://"))
    feed = fetch_feed(feed_url)
    assert feed[WORKSHOP].start == oslo(2027, 4, 14, 12, 30)
    assert feed[OPENING].start == oslo(2027, 4, 14, 10, 0)
    assert OTHER_WORKSHOP not in feed

    # The badge: a PDF with the name and a QR code that opens /b/<code> on this server.
    badge = page.request.get(page.get_by_role("link", name="Last ned navneskilt").get_attribute("href"))
    assert badge.status == 200 and badge.headers["content-type"] == "application/pdf"
    assert badge.headers["content-disposition"] == 'inline; filename="navneskilt-lederkonferansen-2027.pdf"'
    pdf = badge.body()
    assert pdf.startswith(b"%PDF-")
    [qr] = qr_texts(pdf)
    assert qr.startswith(f"{live_server}/b/")
    code = qr.rsplit("/", 1)[1]
    grouped = "-".join(code[i:i + 4] for i in range(0, len(code), 4))
    assert pdf_lines(pdf) == ["DELTAKER", "Siri", "Sæther", "Bodø kulturskole", "Bodø", "Lederkonferansen 2027",
                              "14.–15. april 2027", grouped]
    with app.app_context():
        owner = links.by_badge_code(code)
        assert owner is not None and owner.email == "siri.saether@example.org"
        db.session.remove()


def test_b_organiser_moves_a_chosen_workshop_and_the_feed_and_e_mail_follow(page, conference, app, smtp):
    event = conference.event
    siri = enrol(app, event, 1, first_name="Siri", last_name="Sæther", email="siri.saether@example.org",
                 sessions=[conference.sessions[WORKSHOP]])
    enrol(app, event, 2, sessions=[conference.sessions[OTHER_WORKSHOP]])  # not concerned by the change
    deliver(app, smtp, 2)  # the two confirmations
    Factory(app).user(UserRole.ADMINISTRATOR, email=ORGANISER_EMAIL)

    page.goto(f"/me/{siri.token}")
    feed_url = feed_url_on(page)
    before = fetch_feed(feed_url)[WORKSHOP]
    assert before.start == oslo(2027, 4, 14, 12, 30)

    page.context.clear_cookies()
    sign_in(page, ORGANISER_EMAIL, "/admin/")
    look(page, "b1-admin-events")
    page.get_by_role("link", name="Lederkonferansen 2027").first.click()
    page.wait_for_url(f"**/admin/events/{SLUG}/")
    look(page, "b2-admin-event")
    page.get_by_role("navigation", name="Arrangementets sider").get_by_role("link", name="Program", exact=True).click()
    page.wait_for_url(f"**/admin/events/{SLUG}/program")
    look(page, "b3-admin-program")
    page.get_by_role("link", name=WORKSHOP).first.click()
    page.wait_for_url(f"**/admin/events/{SLUG}/sessions/{conference.sessions[WORKSHOP]}")
    look(page, "b4-admin-session")
    page.get_by_role("link", name="Flytt", exact=True).click()
    look(page, "b5-admin-move")
    page.get_by_label("Ny starttid").fill("2027-04-14T13:00")
    page.get_by_role("button", name="Flytt", exact=True).click()
    page.wait_for_url(f"**/admin/events/{SLUG}/program")
    assert page.get_by_role("status").get_by_text(f"«{WORKSHOP}» er flyttet.").is_visible()

    page.get_by_role("link", name="Programendringer").first.click()
    page.wait_for_url(f"**/admin/events/{SLUG}/notices")
    look(page, "b6-admin-notices")
    page.get_by_role("button", name="Send 1 programendring").click()
    assert page.get_by_role("status").get_by_text("1 programendring er sendt som 2 e-poster.").is_visible()
    look(page, "b7-admin-notices-sent")

    # The speaker and the participant who chose the workshop are told; the other participant is not.
    messages = deliver(app, smtp, 4)[2:]
    assert sorted(m["To"] for m in messages) == [SPEAKER_EMAIL, "siri.saether@example.org"]
    to_siri = next(m for m in messages if m["To"] == "siri.saether@example.org")
    assert subject(to_siri) == f"Programendring: {WORKSHOP} – Lederkonferansen 2027"
    text = SmtpServer.text_of(to_siri)
    assert "Tid: onsdag 14. april 2027 13:00–14:30 (før: 12:30–14:00)\r\nRom: Mjøsa\r\n" in text, text
    assert f"/me/{siri.token}" in text

    # The subscribed calendar follows: the new start, and a higher SEQUENCE so clients replace the event.
    after = fetch_feed(feed_url)[WORKSHOP]
    assert after.start == oslo(2027, 4, 14, 13, 0)
    assert after.sequence == before.sequence + 1
    page.context.clear_cookies()
    page.goto(f"/me/{siri.token}")
    assert page.locator("ul.my-choices").get_by_text("kl. 13:00–14:30").is_visible()
    look(page, "b8-manage-after-the-move")


def test_c_speaker_signs_in_from_the_e_mail_and_updates_the_session(page, conference, app, smtp, live_server):
    new_title = "Verksted: Profesjonsfellesskap som varer"
    new_abstract = "Faste team, korte møter og felles planer: slik holder profesjonsfellesskapet seg levende."
    event_feed = fetch_feed(f"{live_server}{EVENT}/calendar.ics")
    assert WORKSHOP in event_feed

    page.goto("/speaker/login")
    look(page, "c1-speaker-login")
    page.get_by_label("E-postadresse").fill(SPEAKER_EMAIL)
    page.get_by_role("button", name="Send meg en innloggingslenke").click()
    look(page, "c2-speaker-link-sent")
    [mail] = deliver(app, smtp, 1)
    assert mail["To"] == SPEAKER_EMAIL
    link = link_in(mail, r"http://127\.0\.0\.1:\d+/speaker/login/\S+")

    page.goto(link)
    assert page.get_by_role("heading", name="Hei, Sindre Haugland").is_visible()
    look(page, "c3-speaker-redeem")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/speaker/")
    look(page, "c4-speaker-home")
    page.get_by_role("link", name=WORKSHOP).first.click()
    page.wait_for_url(f"**/speaker/sessions/{conference.sessions[WORKSHOP]}")
    look(page, "c5-speaker-session")
    page.get_by_label("Tittel").fill(new_title)
    page.get_by_label("Kort sammendrag").fill(new_abstract)
    page.get_by_role("button", name="Lagre sesjonen").click()
    assert page.get_by_text("Sesjonen er lagret.").is_visible()
    assert page.get_by_role("heading", name=new_title, level=1).is_visible()
    look(page, "c6-speaker-session-saved")

    # The public program shows it at once, and the event's calendar feed carries the new title.
    page.goto(EVENT)
    item = page.locator(f"#session-{conference.sessions[WORKSHOP]}")
    assert item.get_by_text(new_title).is_visible()
    assert item.get_by_text(new_abstract).is_visible()
    assert page.get_by_text(WORKSHOP, exact=True).count() == 0
    look(page, "c7-event-after-the-speaker")
    feed = fetch_feed(f"{live_server}{EVENT}/calendar.ics")
    assert WORKSHOP not in feed
    assert feed[new_title].sequence == event_feed[WORKSHOP].sequence + 1


def _type_like_a_scanner(page, text: str) -> None:
    page.locator("#code").press_sequentially(text, delay=5)
    page.keyboard.press("Enter")


def test_d_door_staff_scan_the_badge_from_its_pdf_green_then_orange(page, conference, app, live_server):
    event = conference.event
    siri = enrol(app, event, 1, first_name="Siri", last_name="Sæther", organisation="Bodø kulturskole")
    staff = Factory(app).user(EventRole.DOOR, email="dor@example.org", events=[event])

    # What is printed: the participant's own badge PDF, rendered and read like a camera would.
    with urllib.request.urlopen(f"{live_server}/me/{siri.token}/badge.pdf", timeout=10) as response:
        pdf = response.read()
    [scanned] = qr_texts(pdf)
    assert scanned == f"{live_server}/b/{siri.code}"

    sign_in(page, staff.email, f"/checkin/{SLUG}")
    page.wait_for_selector("#scanner[data-ready='1']")
    assert page.locator("#count-expected").inner_text() == "1"
    look(page, "d1-scanner")

    _type_like_a_scanner(page, scanned)
    result = page.locator("#result")
    result.wait_for(state="visible")
    page.wait_for_function("() => document.getElementById('result-title').textContent === 'Velkommen!'")
    assert "tone-ok" in result.get_attribute("class")
    assert page.locator("#result-name").inner_text() == "Siri Sæther"
    assert page.locator("#result-org").inner_text() == "Bodø kulturskole"
    assert page.locator("#count-in").inner_text() == "1"
    look(page, "d2-scanner-green")

    _type_like_a_scanner(page, scanned)
    page.wait_for_function("() => document.getElementById('result-title').textContent === 'Allerede sjekket inn'")
    assert "tone-warn" in result.get_attribute("class")
    assert page.locator("#count-in").inner_text() == "1"
    look(page, "d3-scanner-orange")

    with app.app_context():
        rows = db.session.execute(select(Checkin.registration_id, Checkin.session_id, Checkin.by_user_id)).all()
        db.session.remove()
    assert [tuple(r) for r in rows] == [(siri.id, None, staff.id)]


def _check_in_by_api(live_server: str, token: str, code: str) -> dict:
    """A hand-held scanner device at the door, with its bearer token."""
    body = json.dumps({"code": code, "session_id": None, "nonce": uuid.uuid4().hex}).encode()
    request = urllib.request.Request(f"{live_server}/api/v1/events/{SLUG}/checkins", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _send_due(app) -> str:
    result = app.test_cli_runner().invoke(args=["surveys", "send-due"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_e_after_the_event_the_participant_answers_and_the_organiser_sees_it_counted(
        page, conference, app, smtp, live_server):
    event = conference.event
    siri = enrol(app, event, 1, first_name="Siri", last_name="Sæther", email="siri.saether@example.org",
                 sessions=[conference.sessions[WORKSHOP]])
    enrol(app, event, 2)  # registered, never came: not asked
    deliver(app, smtp, 2)
    staff = Factory(app).user(EventRole.DOOR, events=[event])
    Factory(app).user(UserRole.ADMINISTRATOR, email=ORGANISER_EMAIL)

    # Before the event the organiser prepares the evaluation from the standard template.
    sign_in(page, ORGANISER_EMAIL, f"/admin/events/{SLUG}/surveys")
    look(page, "e1-admin-surveys")
    page.get_by_label("Tittel").fill("Evaluering av Lederkonferansen 2027")
    page.get_by_label("Start fra").select_option(label="Mal: Evaluering av konferansen")
    page.get_by_role("button", name="Opprett undersøkelse").click()
    page.wait_for_url(re.compile(r".*/admin/surveys/\d+$"))
    survey_path = page.url.split(live_server, 1)[1]
    page.get_by_label("Publisert (sendes når arrangementet er over)").check()
    page.get_by_label("Stenger").fill("2027-04-29T12:00")
    page.get_by_role("button", name="Lagre innstillingene").click()
    assert page.get_by_role("status").get_by_text("Innstillingene er lagret.").is_visible()
    look(page, "e2-admin-survey-settings")

    # The conference: Siri is scanned in at the door.
    clock.set_now(oslo(2027, 4, 14, 9, 5))
    assert _check_in_by_api(live_server, api_token(app, staff), siri.code)["result"] == "ok"

    # Two and a quarter hours after the end, the cron line sends the invitations that are due.
    clock.set_now(oslo(2027, 4, 15, 17, 0))
    assert _send_due(app) == "invited 1, reminded 0, stored 0 pooled answer(s)"
    [invitation] = deliver(app, smtp, 3)[2:]
    assert invitation["To"] == "siri.saether@example.org"
    link = link_in(invitation, r"http://127\.0\.0\.1:\d+/survey/\S+")

    page.context.clear_cookies()  # Siri, on her own phone
    page.goto(link)
    assert page.get_by_role("heading", name="Evaluering av Lederkonferansen 2027", level=1).is_visible()
    look(page, "e3-survey")
    page.get_by_role("group", name="2. Hvor fornøyd er du med konferansen alt i alt?").get_by_role(
        "radio", name="5 – Svært fornøyd").check()
    page.get_by_role("group", name="3. Hvor sannsynlig er det at du vil anbefale konferansen til en kollega?").get_by_role(
        "radio", name="9").check()
    page.get_by_role("button", name="Send svarene").click()
    page.wait_for_url("**/takk")
    assert page.get_by_role("heading", name="Takk for svarene!").is_visible()
    look(page, "e4-survey-thanks")

    # The organiser sees the answer counted: the invitation answered, the answer waiting in the pool
    # (stored with at least five others, or when the survey closes, so nobody can tell who said what).
    sign_in(page, ORGANISER_EMAIL, f"{survey_path}/results")
    assert " ".join(page.locator("#response-rate").inner_text().split()) == "1 av 1 inviterte har svart (100 %)"
    assert page.locator("#held-back").inner_text() == (
        "1 svar vises når det er minst 5, for å verne anonymiteten.")
    assert page.locator("#answer-count").count() == 0  # what is held back is said, never shown as «0 svar»
    look(page, "e5-admin-results-pooled")

    # When the survey has closed, the next run stores the pooled answer: one answer in the results.
    clock.set_now(oslo(2027, 4, 29, 12, 5))
    assert _send_due(app) == "invited 0, reminded 0, stored 1 pooled answer(s)"
    page.reload()
    assert page.locator("#held-back").inner_text() == (
        "1 svar vises ikke: undersøkelsen er stengt, og det må være minst 5 svar for å verne anonymiteten.")
    look(page, "e6-admin-results")
