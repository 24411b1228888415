"""Conditional GET: a strong ETag and Last-Modified on every feed, and a 304 that builds nothing."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from app.calendar import components, ical, versions
from app.core.transaction import transaction
from app.extensions import db
from app.models import ContentVersion, Event, Session
from app.registration import links, service
from tests.conftest import count_queries
from tests.factories import applicant

FEED = "/events/lederkonferansen/calendar.ics"


class Builds:
    """Counts how often a calendar is assembled and an event's VEVENTs are built."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.assembled = 0
        self.vevents = 0
        assemble, build = ical.assemble, components._build

        def counting_assemble(**kw):
            self.assembled += 1
            return assemble(**kw)

        def counting_build(*a):
            self.vevents += 1
            return build(*a)

        monkeypatch.setattr(ical, "assemble", counting_assemble)
        monkeypatch.setattr(components, "_build", counting_build)


@pytest.fixture
def builds(monkeypatch):
    return Builds(monkeypatch)


@pytest.fixture
def feeds(app, program):
    """The URL of every kind of feed for the test program."""
    with app.app_context():
        with transaction():
            reg = service.register(program["event"].id, applicant(1), [program["workshop_b"].id])
        token = links.feed_token(reg)
    from app.calendar.tokens import speaker_feed_url

    with app.app_context():
        with transaction():
            speaker_url = speaker_feed_url(db.session.merge(program["aile"]))
    return {
        "event": FEED,
        "session": f"/events/lederkonferansen/sessions/{program['plenary'].id}.ics",
        "participant": f"/calendar/{token}.ics",
        "speaker": speaker_url.removeprefix("http://samling.test"),
    }


@pytest.mark.parametrize("kind", ["event", "session", "participant", "speaker"])
def test_every_feed_answers_304_to_its_etag_and_its_date_without_building(client, app, feeds, builds, kind):
    url = feeds[kind]
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and len(etag) == 34  # strong, opaque
    assert modified.endswith(" GMT")
    built = (builds.assembled, builds.vevents)
    assert built[0] == 1

    with count_queries(app) as queries:
        by_etag = client.get(url, headers={"If-None-Match": etag})
    assert by_etag.status_code == 304 and by_etag.data == b""
    assert by_etag.headers["ETag"] == etag
    # event/session: none while the program version is remembered (app.calendar.versions);
    # participant: the token, then the version and the choices in one; speaker: the two token look-ups.
    assert len(queries) == {"event": 0, "session": 0, "participant": 2, "speaker": 2}[kind], queries
    by_date = client.get(url, headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    weak = client.get(url, headers={"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304  # If-None-Match compares weakly (RFC 9110 13.1.2)
    assert (builds.assembled, builds.vevents) == built  # nothing was built for the 304s

    # A different ETag wins over a matching date (If-Modified-Since is then ignored).
    stale = client.get(url, headers={"If-None-Match": '"something-else"', "If-Modified-Since": modified})
    assert stale.status_code == 200 and stale.data == first.data
    older = client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert older.status_code == 200


def test_a_304_does_not_build_even_when_the_builder_would_fail(client, program, monkeypatch):
    etag = client.get(FEED).headers["ETag"]

    def broken(**_kw):
        raise AssertionError("the calendar must not be built for a 304")

    monkeypatch.setattr(ical, "assemble", broken)
    assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/events/lederkonferansen/calendar.ics").status_code == 200  # built once, cached


def test_the_event_feed_is_built_once_per_program_version(client, app, program, builds):
    assert client.get(FEED).status_code == 200
    assert client.get(FEED).status_code == 200
    assert (builds.assembled, builds.vevents) == (1, 1)
    with app.app_context():
        db.session.get(Session, program["lunch"].id).title = "Lunsj i Čáhppes-salen"
        db.session.commit()
    assert "Lunsj i Čáhppes-salen" in client.get(FEED).get_data(as_text=True)
    assert (builds.assembled, builds.vevents) == (2, 2)


def test_cache_headers(client, feeds):
    public = client.get(feeds["event"])
    assert public.headers["Cache-Control"] == "public, no-cache"
    personal = client.get(feeds["participant"])
    assert personal.headers["Cache-Control"] == "private, no-cache"
    assert personal.headers["X-Robots-Tag"] == "noindex"


def test_last_modified_is_when_the_program_last_changed(client, app, program, frozen_now):
    frozen_now(datetime(2027, 2, 3, 4, 5, 6, 789000, tzinfo=UTC))
    with app.app_context():
        db.session.get(Session, program["lunch"].id).abstract = "Lunsj med sjøsamisk meny."
        db.session.commit()
    response = client.get(FEED)
    assert response.headers["Last-Modified"] == "Wed, 03 Feb 2027 04:05:06 GMT"
    same_second = client.get(FEED, headers={"If-Modified-Since": "Wed, 03 Feb 2027 04:05:06 GMT"})
    assert same_second.status_code == 304


def test_the_304_path_reads_the_version_once_a_second_and_at_once_after_our_own_change(client, app, program,
                                                                                     monkeypatch):
    moment = [1000.0]
    monkeypatch.setattr(versions, "_monotonic", lambda: moment[0])
    etag = client.get(FEED).headers["ETag"]
    with count_queries(app) as queries:
        assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304
    assert queries == []
    moment[0] += 1.5  # past CALENDAR_VERSION_TTL (1 s): the version is read again
    with count_queries(app) as queries:
        assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304
    assert len(queries) == 1 and "content_versions" in queries[0]

    # Another process raises the version (here: a connection outside this process's ORM sessions).
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(update(ContentVersion).where(ContentVersion.name == "program")
                     .values(version=ContentVersion.version + 1, changed_at=datetime(2027, 1, 10, 13, tzinfo=UTC)))
    assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304  # not yet seen: at most 1 s
    moment[0] += 1.5
    after = client.get(FEED, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert after.headers["Last-Modified"] == "Sun, 10 Jan 2027 13:00:00 GMT"

    # A change committed by this process is seen at once.
    etag = after.headers["ETag"]
    with app.app_context():
        db.session.get(Session, program["lunch"].id).title = "Lunsj og joik"
        db.session.commit()
    changed = client.get(FEED, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "SUMMARY:Lunsj og joik" in changed.get_data(as_text=True)


def test_a_404_looks_again_at_once(client, app, program, monkeypatch):
    monkeypatch.setattr(versions, "_monotonic", lambda: 1000.0)  # the remembered version never expires
    assert client.get("/events/ny-samling/calendar.ics").status_code == 404
    with app.app_context(), db.engine.begin() as conn:  # published by another process
        conn.execute(update(Event).where(Event.id == program["event"].id).values(slug="ny-samling"))
        conn.execute(update(ContentVersion).values(version=ContentVersion.version + 1))
    assert client.get("/events/ny-samling/calendar.ics").status_code == 200


def test_a_copy_from_before_the_one_vtimezone_is_sent_again(client, make, frozen_now):
    """The bytes of an unchanged program changed form (one VTIMEZONE for every year): a client
    asking with the Last-Modified or the ETag it was given then is sent the new form, once."""
    from app.calendar import service as calendar_service

    frozen_now(datetime(2026, 11, 2, 10, 0, tzinfo=UTC))  # data from before the change of form
    event = make.event(slug="i-vinter")
    make.session(event)
    url = "/events/i-vinter/calendar.ics"
    then = "Mon, 02 Nov 2026 10:00:00 GMT"
    first = client.get(url, headers={"If-Modified-Since": then})
    assert first.status_code == 200 and b"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in first.data
    assert first.headers["Last-Modified"] == "Wed, 02 Dec 2026 06:00:00 GMT"  # calendar_service.FORMAT_SINCE
    assert client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    with client.application.app_context():
        old_etag = first.headers["ETag"].strip('"')
        formats = calendar_service.FORMAT
        calendar_service.FORMAT = 1  # the form before
        try:
            feed = calendar_service.event_feed("i-vinter")
            old_etag = feed.etag
        finally:
            calendar_service.FORMAT = formats
    assert client.get(url, headers={"If-None-Match": f'"{old_etag}"'}).status_code == 200
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
