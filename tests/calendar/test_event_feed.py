"""The event's feed and the one-session file: what a calendar app reads, parsed two independent ways."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.core import clock
from app.extensions import db
from app.models import Event, EventStatus, Session, SessionKind, SessionStatus
from tests.calendar.conftest import oslo
from tests.calendar.ics import lines, parse_both, unfolded, vevents, vobject_vevents

FEED = "/events/lederkonferansen/calendar.ics"
NOT_FOUND = "Fant ikke kalenderen. Lenken kan være feil, eller den er byttet ut.\n"


def _uid(session) -> str:
    return f"session-{session.id}@samling.test"


def test_event_feed_is_a_calendar_both_parsers_read_with_every_session(client, program):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="lederkonferansen.ics"'
    data = response.data
    cal, vcal = parse_both(data)
    expected = {_uid(program[k]) for k in ("plenary", "workshop_a", "workshop_b", "lunch")}
    assert set(vevents(cal)) == expected
    assert set(vobject_vevents(vcal)) == expected

    # Calendar properties, as the content lines say them.
    content = unfolded(data)
    assert content[0] == "BEGIN:VCALENDAR" and content[-1] == "END:VCALENDAR"
    for line in (
        "VERSION:2.0",
        "PRODID:-//Kulturskolerådet//Samling//NO",
        "NAME:Lederkonferansen 2027",
        "X-WR-CALNAME:Lederkonferansen 2027",
        "X-WR-CALDESC:Programmet for Lederkonferansen 2027\\, 14.–15. april 2027. Kulturskolerådet "
        "oppdaterer det når noe endres.",
        "X-WR-TIMEZONE:Europe/Oslo",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "URL:http://samling.test/events/lederkonferansen",
    ):
        assert line in content, line
    assert vcal.x_wr_calname.value == "Lederkonferansen 2027"
    assert str(cal["DESCRIPTION"]).startswith("Programmet for Lederkonferansen 2027, 14.–15. april 2027.")
    assert vcal.x_wr_caldesc.value.startswith("Programmet for Lederkonferansen 2027")


def test_each_session_carries_every_property_a_client_needs(client, program, app):
    plenary = program["plenary"]
    cal, vcal = parse_both(client.get(FEED).data)
    event = vevents(cal)[_uid(plenary)]
    title = "Åpning: Sámi giellagáldu – ŋ, ŧ, đ, ž, š, æ, ø, å"
    assert str(event["SUMMARY"]) == title
    assert event.decoded("DTSTART") == datetime(2027, 4, 14, 10, 0, tzinfo=clock.OSLO)
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("DTEND") == datetime(2027, 4, 14, 11, 0, tzinfo=clock.OSLO)
    assert str(event["LOCATION"]) == "Storsalen, Kulturhuset Čáhppes, Storgata 1, 0155 Oslo"
    assert str(event["URL"]) == f"http://samling.test/events/lederkonferansen#session-{plenary.id}"
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Plenum", "Pedagogisk ledelse"]
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["DESCRIPTION"]) == (
        "Foredragsholder: Áile Ŋuolláš Sámi, Sámi allaskuvla – Guovdageaidnu\n"
        "Foredragsholder: Ola Nordmann, Kulturskolerådet\n\n"
        + ("Vi åpner konferansen med joik og en samtale om språk. " * 3).strip()
        + f"\n\nMer om sesjonen: http://samling.test/events/lederkonferansen#session-{plenary.id}"
    )
    with app.app_context():
        stored = db.session.get(Session, plenary.id)
        modified = max(stored.updated_at, *(link.speaker.updated_at for link in stored.speaker_links))
    assert event.decoded("LAST-MODIFIED") == modified.replace(microsecond=0)
    assert event.decoded("DTSTAMP") == modified.replace(microsecond=0)

    # The second parser reads the same values (and the Sami letters survive it too).
    other = vobject_vevents(vcal)[_uid(plenary)]
    assert other.summary.value == title
    assert other.location.value == "Storsalen, Kulturhuset Čáhppes, Storgata 1, 0155 Oslo"
    assert other.dtstart.value.utcoffset() == timedelta(hours=2)
    assert other.dtstart.value.astimezone(UTC) == datetime(2027, 4, 14, 8, 0, tzinfo=UTC)
    assert other.description.value.startswith("Foredragsholder: Áile Ŋuolláš Sámi")

    # A room-less session is 'venue, address'; a lunch has no track.
    lunch = vevents(cal)[_uid(program["lunch"])]
    assert str(lunch["LOCATION"]) == "Kulturhuset Čáhppes, Storgata 1, 0155 Oslo"
    assert [str(c) for c in lunch["CATEGORIES"].cats] == ["Måltid"]


def test_long_lines_are_folded_and_nothing_stands_before_begin(client, program):
    data = client.get(FEED).data
    raw = lines(data)  # ≤ 75 octets each, CRLF, no blank line, no character split by a fold
    assert any(line.startswith(b" ") for line in raw), "the long description is folded"
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    for i, line in enumerate(raw):
        if line.startswith(b"BEGIN:"):
            assert i == 0 or raw[i - 1] != b""
    assert "SUMMARY:Åpning: Sámi giellagáldu – ŋ\\, ŧ\\, đ\\, ž\\, š\\, æ\\, ø\\, å" in unfolded(data)


def test_uids_are_unique_and_the_same_on_every_fetch(client, program):
    first, second = client.get(FEED).data, client.get(FEED).data
    uids = [line for line in unfolded(first) if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == 4
    assert uids == [line for line in unfolded(second) if line.startswith("UID:")]
    assert first == second  # the same data gives the same bytes: the ETag can be strong


def test_dtstart_carries_the_oslo_offset_on_both_sides_of_daylight_saving_changes(client, make, frozen_now):
    frozen_now(datetime(2027, 1, 10, tzinfo=UTC))
    event = make.event(slug="sommertid", starts_at=oslo(2027, 3, 27, 9), ends_at=oslo(2027, 11, 1, 16))
    moments = [(2027, 3, 27), (2027, 3, 29), (2027, 10, 30), (2027, 11, 1)]
    sessions = [make.session(event, title=f"Dag {d}.{m}", starts_at=oslo(y, m, d, 10), ends_at=oslo(y, m, d, 11))
                for y, m, d in moments]
    data = client.get("/events/sommertid/calendar.ics").data
    cal, vcal = parse_both(data)
    expected_offsets = [1, 2, 2, 1]  # CET, CEST, CEST, CET
    ours, theirs = vevents(cal), vobject_vevents(vcal)
    for session, (y, m, d), hours in zip(sessions, moments, expected_offsets, strict=True):
        assert f"DTSTART;TZID=Europe/Oslo:{y}{m:02d}{d:02d}T100000" in unfolded(data)
        assert ours[_uid(session)].decoded("DTSTART").utcoffset() == timedelta(hours=hours)
        # vobject builds its zone from our VTIMEZONE: this checks the transitions we wrote.
        start = theirs[_uid(session)].dtstart.value
        assert start.utcoffset() == timedelta(hours=hours), (y, m, d)
        assert start.astimezone(UTC) == datetime(y, m, d, 10 - hours, tzinfo=UTC)
    # One VTIMEZONE, the yearly rules (tests/calendar/test_timezone.py reads it for every year).
    zones = list(cal.walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in zones] == ["Europe/Oslo"]
    starts = sorted(str(line) for line in unfolded(data) if line.startswith(("DTSTART:", "RRULE:", "RDATE")))
    assert starts == ["DTSTART:19700329T020000", "DTSTART:19701025T030000",
                      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"]


def test_moving_a_session_raises_its_sequence_and_changes_the_etag(client, program, app, frozen_now):
    first = client.get(FEED)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and not etag.startswith('W/')  # strong
    frozen_now(datetime(2027, 1, 11, 9, 0, tzinfo=UTC))
    with app.app_context():
        session = db.session.get(Session, program["workshop_b"].id)
        session.starts_at, session.ends_at = oslo(2027, 4, 15, 9), oslo(2027, 4, 15, 10)
        session.revision += 1
        db.session.commit()
    second = client.get(FEED, headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert second.status_code == 200
    assert second.headers["ETag"] != etag
    assert second.headers["Last-Modified"] == "Mon, 11 Jan 2027 09:00:00 GMT"
    moved = vevents(parse_both(second.data)[0])[_uid(program["workshop_b"])]
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == datetime(2027, 4, 15, 9, 0, tzinfo=clock.OSLO)
    assert moved.decoded("LAST-MODIFIED") == datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


def test_a_cancelled_session_disappears_from_the_feeds(client, program, app):
    url = f"/events/lederkonferansen/sessions/{program['workshop_a'].id}.ics"
    assert client.get(url).status_code == 200
    with app.app_context():
        db.session.get(Session, program["workshop_a"].id).status = SessionStatus.CANCELLED
        db.session.commit()
    uids = set(vevents(parse_both(client.get(FEED).data)[0]))
    assert _uid(program["workshop_a"]) not in uids and len(uids) == 3
    gone = client.get(url)
    assert (gone.status_code, gone.mimetype, gone.get_data(as_text=True)) == (404, "text/plain", NOT_FOUND)


def test_one_session_file_holds_just_that_session(client, program):
    session = program["workshop_b"]
    response = client.get(f"/events/lederkonferansen/sessions/{session.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal, vcal = parse_both(response.data)
    assert list(vevents(cal)) == [_uid(session)] == list(vobject_vevents(vcal))
    assert str(vevents(cal)[_uid(session)]["SUMMARY"]) == "Verksted B"
    assert response.headers["ETag"] != client.get(FEED).headers["ETag"]
    other_event = client.get(f"/events/lederkonferansen/sessions/{session.id + 100}.ics")
    assert other_event.status_code == 404


def test_drafts_and_cancelled_events_have_no_feed(client, program, make, app):
    draft = make.event(slug="utkast", status=EventStatus.DRAFT)
    draft_session = make.session(draft, kind=SessionKind.PLENARY)
    for url in ("/events/utkast/calendar.ics", f"/events/utkast/sessions/{draft_session.id}.ics",
                f"/events/lederkonferansen/sessions/{draft_session.id}.ics"):
        response = client.get(url)
        assert (response.status_code, response.mimetype, response.get_data(as_text=True)) == (404, "text/plain",
                                                                                                NOT_FOUND), url
    with app.app_context():
        db.session.get(Event, program["event"].id).status = EventStatus.CANCELLED
        db.session.commit()
    assert client.get(FEED).status_code == 404
    assert client.get(f"/events/lederkonferansen/sessions/{program['plenary'].id}.ics").status_code == 404


def test_unknown_or_malformed_slugs_and_ids_are_a_plain_404(client, program):
    for url in ("/events/finnes-ikke/calendar.ics", "/events/STORE-BOKSTAVER/calendar.ics",
                "/events/lederkonferansen/sessions/abc.ics", "/events/lederkonferansen/sessions/0.ics",
                "/events/lederkonferansen/sessions/99999999999999999999.ics",
                "/events/lederkonferansen/sessions/-1.ics", "/events/%C3%A6%C3%B8/calendar.ics"):
        response = client.get(url)
        assert (response.status_code, response.mimetype, response.get_data(as_text=True)) == (404, "text/plain",
                                                                                                NOT_FOUND), url
