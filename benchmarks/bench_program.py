"""The event page and the event JSON for a program of 100 sessions and 40 speakers."""
from __future__ import annotations

from benchmarks.harness import Env, Result, measure_pair
from benchmarks.programs import hundred_sessions
from tests.conftest import count_queries


def run(env: Env) -> list[Result]:
    slug = hundred_sessions(env.app, "bench-program", "Benchmark-konferansen")
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
