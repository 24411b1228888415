"""The event page and the event JSON for a program of 100 sessions and 40 speakers."""
from __future__ import annotations

from datetime import timedelta

from app.models import SessionKind
from benchmarks.harness import Env, Result, measure_pair
from tests.conftest import count_queries
from tests.factories import Factory


def build_program(env: Env) -> str:
    make = Factory(env.app)
    event = make.event(slug="bench-program", title="Benchmark-konferansen")
    tracks = [make.track(event, name=f"Spor {i}") for i in range(3)]
    speakers = [make.speaker(name=f"Foredragsholder {i}", organisation=f"Kulturskole {i}") for i in range(40)]
    kinds = [SessionKind.PLENARY, SessionKind.WORKSHOP, SessionKind.PARALLEL, SessionKind.BREAK]
    for i in range(100):
        make.session(
            event,
            title=f"Sesjon {i}",
            kind=kinds[i % 4],
            capacity=30 if kinds[i % 4] in (SessionKind.WORKSHOP, SessionKind.PARALLEL) else None,
            starts_at=event.starts_at + timedelta(minutes=20 * (i // 2)),
            track_id=tracks[i % 3].id,
            speakers=[speakers[i % 40], speakers[(i * 7 + 1) % 40]] if i % 4 != 3 else [],
            abstract="En kort beskrivelse av sesjonen. " * 4,
        )
    return event.slug


def run(env: Env) -> list[Result]:
    slug = build_program(env)
    client = env.client
    with count_queries(env.app) as queries:
        client.get(f"/events/{slug}")

    def bare_read():
        return client.get(f"/_bench/read/{env.data['probe_event_id']}")

    page = env.paired_result("event page (100 sessions, 40 speakers)",
                             measure_pair(bare_read, lambda: client.get(f"/events/{slug}"), n=200),
                             "bare single read", 3.0, note=f"{len(queries)} SQL queries (goal ≤ 6)")
    page.met = page.met and len(queries) <= 6
    api = env.paired_result("event JSON (100 sessions)",
                            measure_pair(bare_read, lambda: client.get(f"/api/v1/events/{slug}"), n=200),
                            "bare single read", 3.0)
    return [page, api]
