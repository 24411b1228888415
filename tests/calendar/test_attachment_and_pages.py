"""The program in the confirmation e-mail (a real SMTP server), and the buttons on the pages."""
from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from app.core.transaction import transaction
from app.mail import outbox
from app.models import EventStatus, UserRole
from app.registration import links, service
from tests.calendar.ics import parse_both, unfolded, vevents, vobject_vevents
from tests.factories import applicant
from tests.smtp import SmtpServer


def _calendar_part(message):
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0]


def test_the_confirmation_and_change_emails_carry_my_program_as_an_ics_file(app, program, smtp, frozen_now):
    stamp = frozen_now(datetime(2027, 1, 10, 12, 30, tzinfo=UTC))
    with app.app_context():
        with transaction():
            reg = service.register(program["event"].id, applicant(1), [program["workshop_b"].id])
        reg_id, token = reg.id, links.feed_token(reg)
        outbox.deliver_due()
    (confirmation,) = smtp.wait_for(1)
    part = _calendar_part(confirmation)
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "lederkonferansen.ics"
    data = part.get_payload(decode=True)
    cal, vcal = parse_both(data)
    assert "METHOD:REQUEST" in unfolded(data)
    uids = {f"session-{program[k].id}@samling.test" for k in ("plenary", "workshop_b", "lunch")}
    assert set(vevents(cal)) == uids == set(vobject_vevents(vcal))
    assert {e.decoded("DTSTAMP") for e in vevents(cal).values()} == {stamp}
    body = SmtpServer.text_of(confirmation)
    assert f"http://samling.test/calendar/{token}.ics" in body

    frozen_now(datetime(2027, 1, 11, 9, 0, tzinfo=UTC))
    with app.app_context():
        with transaction():
            service.change_sessions(reg_id, [program["workshop_a"].id])
        outbox.deliver_due()
    changed = smtp.wait_for(2)[1]
    cal, _vcal = parse_both(_calendar_part(changed).get_payload(decode=True))
    assert {str(e["SUMMARY"]) for e in vevents(cal).values()} == {
        "Åpning: Sámi giellagáldu – ŋ, ŧ, đ, ž, š, æ, ø, å", "Verksted A", "Lunsj",
    }


def test_the_event_page_has_the_three_buttons_and_each_session_its_file(client, program):
    page = client.get("/events/lederkonferansen").get_data(as_text=True)
    feed = "http://samling.test/events/lederkonferansen/calendar.ics"
    assert 'href="webcal://samling.test/events/lederkonferansen/calendar.ics">Abonner i kalenderen</a>' in page
    google = "https://calendar.google.com/calendar/render?cid=" + quote("webcal://samling.test/events/lederkonferansen/"
                                                                        "calendar.ics", safe="")
    assert f'href="{google}">Legg til i Google Kalender</a>' in page
    assert f'href="{feed}" download>Last ned .ics</a>' in page
    assert "Google Kalender henter endringer sjelden" in page
    assert "Viktige endringer sender vi derfor alltid på e-post." in page
    plenary = program["plenary"]
    assert (f'href="/events/lederkonferansen/sessions/{plenary.id}.ics" download aria-label="Legg til denne i '
            f'kalenderen: {plenary.title}">Legg til denne i kalenderen</a>') in page
    assert f'/sessions/{program["lunch"].id}.ics' not in page  # no "add this one" for a meal


def test_drafts_and_past_events_offer_no_subscription(client, make, login, frozen_now):
    frozen_now(datetime(2027, 1, 10, tzinfo=UTC))
    draft = make.event(slug="utkastet", status=EventStatus.DRAFT)
    make.session(draft)
    past = make.event(slug="i-fjor", starts_at=datetime(2026, 4, 14, 7, tzinfo=UTC),
                      ends_at=datetime(2026, 4, 15, 14, tzinfo=UTC))
    make.session(past)
    organiser = make.user(UserRole.ADMINISTRATOR)
    login(organiser.email)
    for slug in ("utkastet", "i-fjor"):
        page = client.get(f"/events/{slug}").get_data(as_text=True)
        assert "Abonner i kalenderen" not in page and "webcal://" not in page
    assert "Legg til denne i kalenderen" not in client.get("/events/utkastet").get_data(as_text=True)


def test_the_manage_page_offers_my_feed_and_the_new_link_form(client, app, program):
    with app.app_context():
        with transaction():
            reg = service.register(program["event"].id, applicant(1), [])
        token, manage, reg_id = links.feed_token(reg), links.manage_token(reg), reg.id
    page = client.get(f"/me/{manage}").get_data(as_text=True)
    assert "Sesjonene dine i kalenderen" in page
    assert f'href="webcal://samling.test/calendar/{token}.ics">Abonner i kalenderen</a>' in page
    assert f'action="/me/{manage}/calendar/reset"' in page
    assert "Lag ny kalenderlenke" in page
    with app.app_context():
        with transaction():
            service.cancel(reg_id)
    assert "Abonner i kalenderen" not in client.get(f"/me/{manage}").get_data(as_text=True)
