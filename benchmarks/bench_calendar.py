"""Calendar feeds for a program of 100 sessions: the feed, its 304, against bare baselines in the same run.

- baseline "icalendar alone (100 events)": serialising the same 100 sessions, already in memory as
  plain values, as VEVENTs in one VCALENDAR with the icalendar library, no Flask, no database;
- "event feed" (the route, cached per program version) ≤ 2× that baseline;
- "event feed, 304" (If-None-Match) ≤ 1.5× the bare constant-JSON route (the run's baseline, and
  once more timed in turn with the constant route, which a busy machine's changing load cannot skew);
- for information: the same feed built from scratch every time (cache emptied before each request),
  and a participant's 304.
"""
from __future__ import annotations

import icalendar
from flask_babel import force_locale

from app.calendar import ical
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import Event
from app.program import queries
from app.program.cache import fragments
from app.registration import links, service
from benchmarks.harness import Env, Result, measure, measure_pair
from benchmarks.programs import hundred_sessions
from tests.conftest import count_queries
from tests.factories import applicant

SLUG = "bench-calendar"
BASELINE = "icalendar alone (100 events)"
BESIDE = "bare constant JSON, in turn with the 304"


def plain_values() -> list[dict]:
    """The 100 sessions as the values a VEVENT shows, read once (outside the timing)."""
    event = queries.event_by_slug(SLUG)
    page = ical.event_url(event)
    rows = []
    for s in queries.program(event):
        rows.append({
            "uid": ical.session_uid(s.id), "stamp": ical.last_modified(s),
            "start": clock.oslo(s.starts_at), "end": clock.oslo(s.ends_at), "summary": s.title,
            "location": ical.location(event, s), "url": ical.session_url(page, s),
            "description": ical.description(event, s, ical.session_url(page, s)),
            "categories": [s.kind.value] + ([s.track.name] if s.track else []), "sequence": s.revision,
        })
    return rows


def icalendar_alone(rows: list[dict]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", ical.PRODID)
    calendar.add("version", "2.0")
    for r in rows:
        event = icalendar.Event()
        event.add("uid", r["uid"])
        event.add("dtstamp", r["stamp"])
        event.add("dtstart", r["start"])
        event.add("dtend", r["end"])
        event.add("summary", r["summary"])
        event.add("location", r["location"])
        event.add("description", r["description"])
        event.add("url", r["url"])
        event.add("categories", r["categories"])
        event.add("last-modified", r["stamp"])
        event.add("sequence", r["sequence"])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def run(env: Env) -> list[Result]:
    hundred_sessions(env.app, SLUG, "Kalender-benchmark", speaker_name="Foredragsholder Čáhppes {i}",
                     session_title="Sesjon {i}: Å lede læring")
    with env.app.app_context(), force_locale("nb"):
        rows = plain_values()
        event_id = db.session.query(Event.id).filter_by(slug=SLUG).scalar()
        with transaction():  # services never commit: the caller owns the transaction
            token = links.feed_token(service.register(event_id, applicant("bench"), []))
        db.session.remove()
    env.baselines[BASELINE] = measure(lambda: icalendar_alone(rows), n=100, warmup=5)

    client, url = env.client, f"/events/{SLUG}/calendar.ics"
    first = client.get(url)
    assert first.status_code == 200 and first.data.count(b"BEGIN:VEVENT") == 100
    etag = first.headers["ETag"]
    feed = measure(lambda: client.get(url), n=200)

    def cold():
        fragments.clear()
        return client.get(url)

    built = measure(cold, n=50, warmup=5)
    with count_queries(env.app) as queries_304:
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    not_modified = measure(lambda: client.get(url, headers={"If-None-Match": etag}))
    # The same comparison with the constant route timed in turn with the 304 (on a busy machine the
    # run-start baseline may have been taken under another load).
    beside, not_modified_beside = measure_pair(lambda: client.get("/_bench/constant"),
                                               lambda: client.get(url, headers={"If-None-Match": etag}))
    env.baselines[BESIDE] = beside
    env.app.config["CALENDAR_VERSION_TTL"] = 0  # read the program version on every request
    not_modified_query = measure(lambda: client.get(url, headers={"If-None-Match": etag}))
    env.app.config.pop("CALENDAR_VERSION_TTL")
    personal_url = f"/calendar/{token}.ics"
    personal_etag = client.get(personal_url).headers["ETag"]
    personal = measure(lambda: client.get(personal_url, headers={"If-None-Match": personal_etag}))

    return [
        Result(BASELINE, env.baselines[BASELINE], note="baseline: 100 VEVENTs serialised, values in memory"),
        env.ratio_result("event feed (100 sessions)", feed, BASELINE, 2.0, note="cached per program version"),
        env.ratio_result("event feed, 304 (If-None-Match)", not_modified, "bare constant JSON", 1.5,
                         note=f"{len(queries_304)} SQL queries while the program version is remembered (≤ 1 s); "
                              "nothing built"),
        Result(BESIDE, beside, note="baseline: the constant route, timed in turn with the next row"),
        env.ratio_result("event feed, 304, timed in turn with the constant route", not_modified_beside, BESIDE, 1.5),
        Result("event feed, 304, version read every time (TTL 0)", not_modified_query, "bare constant JSON",
               not_modified_query.median_ms / env.baselines["bare constant JSON"].median_ms,
               note="for information: 1 SQL query"),
        Result("event feed built from scratch (cache emptied each time)", built, BASELINE,
               built.median_ms / env.baselines[BASELINE].median_ms, note="for information: query + build + serialise"),
        Result("participant feed, 304", personal, "bare constant JSON",
               personal.median_ms / env.baselines["bare constant JSON"].median_ms, note="for information: 2 queries"),
    ]
