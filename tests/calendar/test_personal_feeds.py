"""My program (a participant's feed) and a speaker's sessions, at /calendar/<token>.ics."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.calendar import tokens as speaker_tokens
from app.core.transaction import transaction
from app.extensions import db
from app.models import ContentVersion, Event, EventStatus, Registration, Session, SessionStatus, Speaker
from app.registration import links, service
from tests.calendar.conftest import oslo
from tests.calendar.ics import parse_both, vevents, vobject_vevents
from tests.factories import applicant, csrf_from

NOT_FOUND = "Fant ikke kalenderen. Lenken kan være feil, eller den er byttet ut.\n"


def _uid(session) -> str:
    return f"session-{session.id}@samling.test"


def _register(app, program, n, sessions):
    with app.app_context():
        with transaction():
            reg = service.register(program["event"].id, applicant(n), [program[s].id for s in sessions])
        return reg.id, links.feed_token(reg), links.manage_token(reg)


def _summaries(client, token) -> dict[str, str]:
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200, response.data
    cal, vcal = parse_both(response.data)
    assert set(vevents(cal)) == set(vobject_vevents(vcal))
    return {uid: str(e["SUMMARY"]) for uid, e in vevents(cal).items()}


def test_my_program_is_the_common_program_and_my_choices_with_waiting_list_places_marked(client, app, program):
    _register(app, program, 1, ["workshop_a"])  # takes Verksted A's only seat
    _reg_id, token, _manage = _register(app, program, 2, ["workshop_a"])
    response = client.get(f"/calendar/{token}.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    cal, vcal = parse_both(response.data)
    events = vevents(cal)
    assert {uid: str(e["SUMMARY"]) for uid, e in events.items()} == {
        _uid(program["plenary"]): "Åpning: Sámi giellagáldu – ŋ, ŧ, đ, ž, š, æ, ø, å",
        _uid(program["workshop_a"]): "Verksted A (venteliste)",
        _uid(program["lunch"]): "Lunsj",
    }
    waiting = events[_uid(program["workshop_a"])]
    assert str(waiting["STATUS"]) == "TENTATIVE"
    assert str(waiting["DESCRIPTION"]).startswith("Du står på venteliste til denne.\n\n")
    assert vobject_vevents(vcal)[_uid(program["workshop_a"])].summary.value == "Verksted A (venteliste)"
    assert str(cal["X-WR-CALNAME"]) == "Mitt program – Lederkonferansen 2027"
    assert str(cal["NAME"]) == "Mitt program – Lederkonferansen 2027"


def test_on_the_events_waiting_list_every_place_is_marked(client, app, make, program):
    with app.app_context():
        db.session.get(Event, program["event"].id).capacity = 1
        db.session.commit()
    _register(app, program, 1, [])
    _reg_id, token, _manage = _register(app, program, 2, ["workshop_b"])
    assert sorted(_summaries(client, token).values()) == [
        "Lunsj (venteliste)", "Verksted B (venteliste)", "Åpning: Sámi giellagáldu – ŋ, ŧ, đ, ž, š, æ, ø, å (venteliste)",
    ]


def test_changing_my_choices_or_getting_a_seat_changes_the_feed_its_etag_and_its_date(client, app, program,
                                                                                      frozen_now):
    first_id, _t, _m = _register(app, program, 1, ["workshop_a"])
    reg_id, token, _manage = _register(app, program, 2, ["workshop_a"])
    url = f"/calendar/{token}.ics"
    before = client.get(url)
    etag, modified = before.headers["ETag"], before.headers["Last-Modified"]

    frozen_now(datetime(2027, 1, 12, 8, 0, tzinfo=UTC))
    with app.app_context():
        with transaction():
            service.cancel(first_id)  # the seat in Verksted A goes to number 2; their registration row is not touched
    promoted = client.get(url, headers={"If-None-Match": etag})
    assert promoted.status_code == 200 and promoted.headers["ETag"] != etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 200
    assert promoted.headers["Last-Modified"] == "Tue, 12 Jan 2027 08:00:00 GMT"
    assert _summaries(client, token)[_uid(program["workshop_a"])] == "Verksted A"

    frozen_now(datetime(2027, 1, 13, 8, 0, tzinfo=UTC))
    with app.app_context():
        with transaction():
            service.change_sessions(reg_id, [program["workshop_b"].id])
    changed = client.get(url, headers={"If-None-Match": promoted.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.headers["Last-Modified"] == "Wed, 13 Jan 2027 08:00:00 GMT"
    summaries = _summaries(client, token)
    assert _uid(program["workshop_a"]) not in summaries
    assert summaries[_uid(program["workshop_b"])] == "Verksted B"


def test_the_program_changing_changes_my_feed(client, app, program):
    _reg_id, token, _manage = _register(app, program, 1, ["workshop_b"])
    etag = client.get(f"/calendar/{token}.ics").headers["ETag"]
    with app.app_context():
        session = db.session.get(Session, program["workshop_b"].id)
        session.starts_at, session.ends_at = oslo(2027, 4, 15, 13), oslo(2027, 4, 15, 14)
        session.revision += 1
        db.session.commit()
    response = client.get(f"/calendar/{token}.ics", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert vevents(parse_both(response.data)[0])[_uid(program["workshop_b"])]["SEQUENCE"] == 1
    with app.app_context():
        db.session.get(Session, program["workshop_b"].id).status = SessionStatus.CANCELLED
        db.session.commit()
    assert _uid(program["workshop_b"]) not in _summaries(client, token)


def test_a_cancelled_registration_or_event_leaves_an_empty_calendar(client, app, program):
    reg_id, token, _manage = _register(app, program, 1, ["workshop_b"])
    with app.app_context():
        with transaction():
            service.cancel(reg_id)
    assert _summaries(client, token) == {}
    # Still a calendar with one component (RFC 5545 wants at least one): the VTIMEZONE.
    empty = client.get(f"/calendar/{token}.ics").data
    assert empty.count(b"BEGIN:VTIMEZONE") == 1 and b"BEGIN:VEVENT" not in empty
    other_id, other_token, _m = _register(app, program, 2, [])
    assert len(_summaries(client, other_token)) == 2
    with app.app_context():
        db.session.get(Event, program["event"].id).status = EventStatus.CANCELLED
        db.session.commit()
    assert _summaries(client, other_token) == {}


def test_the_feed_token_is_not_the_manage_token_and_opens_nothing_else(client, app, program):
    _reg_id, token, manage = _register(app, program, 1, [])
    assert token != manage
    assert client.get(f"/me/{token}").status_code == 404
    assert client.get(f"/calendar/{manage}.ics").status_code == 404
    for bad in ("FINNESIKKE", "x" * 65, "%20", "ÆØÅ"):
        response = client.get(f"/calendar/{bad}.ics")
        assert (response.status_code, response.mimetype, response.get_data(as_text=True)) == (404, "text/plain",
                                                                                                NOT_FOUND), bad


def test_resetting_my_calendar_link_makes_the_old_one_404(client, app, program):
    reg_id, token, manage = _register(app, program, 1, ["workshop_b"])
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    page = client.get(f"/me/{manage}").get_data(as_text=True)
    assert f"http://samling.test/calendar/{token}.ics" in page

    refused = client.post(f"/me/{manage}/calendar/reset")  # no CSRF token
    assert refused.status_code == 400
    assert client.get(f"/calendar/{token}.ics").status_code == 200

    response = client.post(f"/me/{manage}/calendar/reset", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/me/{manage}#kalender"
    old = client.get(f"/calendar/{token}.ics")
    assert (old.status_code, old.mimetype, old.get_data(as_text=True)) == (404, "text/plain", NOT_FOUND)
    with app.app_context():
        new_token = links.feed_token(db.session.get(Registration, reg_id))
    assert new_token != token
    after = client.get(f"/me/{manage}").get_data(as_text=True)
    assert "Du har fått en ny kalenderlenke, og den gamle virker ikke lenger." in after
    assert f"http://samling.test/calendar/{new_token}.ics" in after and token not in after
    assert _uid(program["workshop_b"]) in _summaries(client, new_token)
    assert client.post("/me/FINNESIKKE/calendar/reset", data={"csrf_token": csrf_from(page)}).status_code == 404


def test_a_speakers_feed_has_their_sessions_in_published_events_only(client, app, make, program):
    aile = program["aile"]
    draft = make.event(slug="utkast-2027", status=EventStatus.DRAFT, starts_at=oslo(2027, 5, 3, 9),
                       ends_at=oslo(2027, 5, 3, 15))
    hidden = make.session(draft, title="Utkast-sesjon", speakers=[aile])
    cancelled = make.session(program["event"], title="Avlyst innlegg", speakers=[aile],
                             starts_at=oslo(2027, 4, 15, 9), ends_at=oslo(2027, 4, 15, 10),
                             status=SessionStatus.CANCELLED)
    other = make.event(slug="ledersamling-nord", title="Ledersamling Nord", starts_at=oslo(2027, 10, 30, 9),
                       ends_at=oslo(2027, 10, 30, 15))
    north = make.session(other, title="Joik og ledelse", speakers=[aile], starts_at=oslo(2027, 10, 30, 10),
                         ends_at=oslo(2027, 10, 30, 11))
    with app.app_context():
        version = db.session.get(ContentVersion, "program").version
        speaker = db.session.get(Speaker, aile.id)
        with transaction():
            url = speaker_tokens.speaker_feed_url(speaker)
        assert speaker_tokens.speaker_feed_url(speaker) == url  # stable once made
        # Making the token is not a program change.
        assert db.session.get(ContentVersion, "program").version == version
    assert url.startswith("http://samling.test/calendar/") and url.endswith(".ics")
    path = url.removeprefix("http://samling.test")
    response = client.get(path)
    assert response.status_code == 200
    cal, vcal = parse_both(response.data)
    assert list(vevents(cal)) == [_uid(program["plenary"]), _uid(north)] == list(vobject_vevents(vcal))
    assert _uid(hidden) not in vevents(cal) and _uid(cancelled) not in vevents(cal)
    assert str(cal["X-WR-CALNAME"]) == "Mine sesjoner – Áile Ŋuolláš Sámi"
    assert vevents(cal)[_uid(north)].decoded("DTSTART").utcoffset().total_seconds() == 7200

    with app.app_context():
        with transaction():
            new_url = speaker_tokens.reset_speaker_feed(db.session.get(Speaker, aile.id))
    assert new_url != url
    assert client.get(path).status_code == 404
    assert client.get(new_url.removeprefix("http://samling.test")).status_code == 200


def test_speaker_tokens_are_looked_up_by_digest_only(app, program):
    with app.app_context():
        speaker = db.session.get(Speaker, program["ola"].id)
        with transaction():
            url = speaker_tokens.speaker_feed_url(speaker)
        token = url.rsplit("/", 1)[1].removesuffix(".ics")
        stored = db.session.execute(select(Speaker.feed_salt, Speaker.feed_token_hash)
                                    .where(Speaker.id == speaker.id)).one()
        assert token not in (stored.feed_salt, stored.feed_token_hash)
        assert speaker_tokens.by_speaker_feed_token(token.lower()).id == speaker.id
        assert speaker_tokens.by_speaker_feed_token("") is None
