"""Min side (/me/) of a leader with 40 registrations: a bounded number of queries whatever their number
(app.people.minside), timed in turn with the bare single read."""
from __future__ import annotations

from datetime import timedelta

from app.core import clock
from app.core.transaction import transaction
from app.people import identity
from app.registration import service
from benchmarks.harness import Env, Result, measure_pair
from tests.conftest import count_queries
from tests.factories import Factory, applicant, sign_in_person

REGISTRATIONS = 40


def _build(env: Env) -> int:
    make = Factory(env.app)
    now = clock.now()
    # Half of them past (registered before they began: the clock is moved back for it), half to come.
    events = [make.event(slug=f"bench-minside-{i}", title=f"Regionsamling {i}",
                         starts_at=now + timedelta(days=7 * (i - REGISTRATIONS // 2)),
                         registration_opens_at=now - timedelta(days=400))
              for i in range(REGISTRATIONS)]
    person_id = None
    with env.app.app_context():
        for event in events:
            clock.set_now(min(now, event.starts_at - timedelta(days=2)))
            with transaction():
                registration = service.register(event.id, applicant("minside", first_name="Áile",
                                                                    municipality_number="5610"))
                person = identity.remember(registration, identity.Consents(remember=True, contact_ok=True))
                person_id = person.id
        clock.set_now(None)
    return person_id


def run(env: Env) -> list[Result]:
    person_id = _build(env)
    client = env.app.test_client()
    sign_in_person(env.app, client, person_id)
    assert client.get("/me/").status_code == 200
    with count_queries(env.app) as queries:
        client.get("/me/")

    def bare_read():
        return client.get(f"/_bench/read/{env.data['probe_event_id']}")

    pair = measure_pair(bare_read, lambda: client.get("/me/"), n=150, warmup=10)
    result = env.paired_result(f"Min side, {REGISTRATIONS} registrations (20 past, 20 to come)", pair,
                               "bare single read", 25.0, note=f"{len(queries)} SQL queries (goal ≤ 5)")
    result.met = result.met and len(queries) <= 5
    return [result]
