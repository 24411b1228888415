"""Rekkevidde over 60 events (two years, every kind, some in series, a third with check-in) and 20,000
registrations from 300 of the 357 kommuner: the page under 300 ms, with a bounded number of queries."""
from __future__ import annotations

import random

from sqlalchemy import insert, select

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import (
    Checkin,
    EventKind,
    Municipality,
    Registration,
    RegistrationStatus,
    SeriesKind,
    UserRole,
    YearsBand,
)
from app.series import service as series
from benchmarks.harness import Env, Result, measure
from tests.conftest import count_queries
from tests.factories import PASSWORD, Factory, csrf_from

EVENTS, REGISTRATIONS = 60, 20_000
ADMIN = "bench-rekkevidde@example.org"


def _events(make: Factory) -> list[int]:
    with transaction():
        network = series.create(series.SeriesDraft("Nettverk (benchmark)", "bench-nettverk",
                                                   SeriesKind.DIGITAL_NETWORK), SYSTEM)
        db.session.flush()
        network_id = network.id
    kinds = list(EventKind)
    ids = []
    for i in range(EVENTS):
        start = clock.parse_local(f"{2026 + i % 2}-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00")
        event = make.event(slug=f"bench-rekkevidde-{i}", kind=kinds[i % 4], starts_at=start, capacity=None,
                           series_id=network_id if i % 5 == 0 else None, is_online=True)
        ids.append(event.id)
    return ids


def build(env: Env) -> None:
    make = Factory(env.app)
    make.user(UserRole.ADMINISTRATOR, email=ADMIN)
    rnd = random.Random(18)
    with env.app.app_context():
        event_ids = _events(make)
        kommuner = sorted(db.session.scalars(select(Municipality.number)))[:300]
        now, bands = clock.now(), list(YearsBand)
        rows = []
        for i in range(REGISTRATIONS):
            rows.append({
                "event_id": event_ids[i % EVENTS], "status": RegistrationStatus.CANCELLED if i % 17 == 0
                else RegistrationStatus.CONFIRMED, "role": "participant", "first_name": "Kari", "last_name": f"B{i}",
                "email": f"rekkevidde{i}@example.org", "municipality_number": rnd.choice(kommuner),
                "years_as_leader": bands[i % 5], "manage_salt": "s", "manage_token_hash": f"m{i}", "feed_salt": "s",
                "feed_token_hash": f"f{i}", "badge_salt": "s", "badge_code_hash": f"b{i}", "created_at": now,
                "updated_at": now, "phone": "", "organisation": "", "job_title": "", "invoice_org_number": "",
                "invoice_reference": "", "diet": "", "diet_other": "", "accessibility_needs": "",
                "calendar_sequence": 0,
            })
        db.session.execute(insert(Registration), rows)
        checked = db.session.scalars(select(Registration.id).where(Registration.event_id.in_(event_ids[::3]),
                                                                   Registration.id % 2 == 0))
        db.session.add_all(Checkin(event_id=eid, registration_id=rid, scanned_at=now)
                           for rid, eid in db.session.execute(select(Registration.id, Registration.event_id)
                                                              .where(Registration.id.in_(list(checked)))))
        db.session.commit()
        db.session.remove()


def run(env: Env) -> list[Result]:
    build(env)
    client = env.app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": ADMIN, "password": PASSWORD, "csrf_token": token})
    with count_queries(env.app) as queries:
        response = client.get("/admin/reach?year=2027")
    assert response.status_code == 200 and "av 357 kommuner nådd" in response.get_data(as_text=True)
    page = measure(lambda: client.get("/admin/reach?year=2027"), n=30, warmup=3)
    return [Result(f"reach page, {EVENTS} events, {REGISTRATIONS:,} registrations", page, goal="median < 300 ms",
                   met=page.median_ms < 300, note=f"{len(queries)} SQL queries")]
