"""The back office's hot paths for an event with 2,000 registrations: the filtered, paged registrations
list (server time under 100 ms, the same number of queries whatever the page size) and the CSV export
of all 2,000 rows (under 1 s)."""
from __future__ import annotations

import random
from datetime import timedelta

from app.core import clock
from app.extensions import db
from app.models import (
    Checkin,
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    SessionChoice,
    SessionKind,
    UserRole,
    YearsBand,
)
from app.registration import links
from benchmarks.harness import Env, Result, measure
from tests.conftest import count_queries
from tests.factories import PASSWORD, Factory, csrf_from

N = 2000
KOMMUNER = ["0301", "3405", "5501", "4601", "5001", "1103", "3301", "5610", "1804", "4204"]
FIRST = ["Kari", "Øystein", "Áile", "Per", "Åse", "Nils-Aslak", "Ingrid", "Bjørn", "Sigrid", "Ola"]
LAST = ["Nordmann", "Ås", "Gaup", "Hansen", "Ødegård", "Valkeapää", "Berg", "Dahl", "Lie", "Haugen"]


def build(env: Env) -> str:
    """2,000 registrations (by bulk insert: this measures reading, not registering), 6 workshops, check-ins."""
    make = Factory(env.app)
    event = make.event(slug="bench-admin", title="Lederkonferansen (benchmark)", capacity=1900)
    workshops = [make.session(event, kind=SessionKind.WORKSHOP, capacity=400, title=f"Verksted {i}",
                              starts_at=event.starts_at + timedelta(hours=2 * (i % 3))) for i in range(6)]
    make.user(UserRole.ADMINISTRATOR, email="bench-arrangor@example.org")
    rnd = random.Random(6)
    with env.app.app_context():
        now = clock.now()
        for i in range(N):
            waiting = i >= 1900
            reg = Registration(
                event_id=event.id, status=RegistrationStatus.WAITLISTED if waiting else RegistrationStatus.CONFIRMED,
                waitlist_position=i - 1899 if waiting else None, first_name=FIRST[i % 10], last_name=f"{LAST[(i // 10) % 10]}{i}",
                email=f"deltaker{i}@example.org", organisation=f"Kulturskole {i % 97}", job_title="Rektor",
                municipality_number=KOMMUNER[i % len(KOMMUNER)], years_as_leader=list(YearsBand)[i % 5],
                privacy_accepted_at=now, created_at=now - timedelta(minutes=rnd.randint(0, 60 * 24 * 90)),
                confirmed_at=None if waiting else now,
            )
            links.assign_tokens(reg)
            reg.choices = [SessionChoice(session_id=workshops[i % 6].id, status=ChoiceStatus.PENDING if waiting
                                         else ChoiceStatus.CONFIRMED),
                           SessionChoice(session_id=workshops[3 + i % 3].id, status=ChoiceStatus.PENDING if waiting
                                         else ChoiceStatus.CONFIRMED)] if i % 6 < 3 else []
            db.session.add(reg)
            if i % 500 == 499:
                db.session.flush()
        db.session.flush()
        ids = [r for (r,) in db.session.query(Registration.id).filter(Registration.event_id == event.id).limit(600)]
        db.session.add_all(Checkin(event_id=event.id, registration_id=r, scanned_at=now) for r in ids)
        db.session.commit()
        db.session.remove()
    return event.slug


def _signed_in(env: Env):
    client = env.app.test_client()  # its own: the other benchmarks measure anonymous visitors
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": "bench-arrangor@example.org", "password": PASSWORD, "csrf_token": token})
    return client


def run(env: Env) -> list[Result]:
    slug = build(env)
    client = _signed_in(env)
    base = f"/admin/events/{slug}/registrations?status=active&county=34&years=1-3&q=kulturskole&sort=name"
    sizes = {}
    for size in (25, 200):
        with count_queries(env.app) as queries:
            response = client.get(f"{base}&per_page={size}&page=1")
        assert response.status_code == 200 and "deltaker" in response.get_data(as_text=True)
        sizes[size] = len(queries)
    listing = measure(lambda: client.get(f"{base}&per_page=50&page=2"), n=60, warmup=5)
    plain = measure(lambda: client.get(f"/admin/events/{slug}/registrations?per_page=50&page=7"), n=60, warmup=5)
    csv_response = client.get(f"/admin/events/{slug}/registrations.csv")
    rows = csv_response.get_data().count(b"\r\n") - 1
    export = measure(lambda: client.get(f"/admin/events/{slug}/registrations.csv"), n=8, warmup=1)
    same = sizes[25] == sizes[200]
    return [
        Result("admin registrations list, 2,000 regs, filtered + searched, page 2 of 4", listing, goal="median < 100 ms",
               met=listing.median_ms < 100 and same,
               note=f"{sizes[25]} SQL queries at 25 per page, {sizes[200]} at 200 (goal: the same)"),
        Result("admin registrations list, 2,000 regs, unfiltered, page 7 of 50", plain, goal="median < 100 ms",
               met=plain.median_ms < 100),
        Result(f"admin CSV export ({rows} rows)", export, goal="median < 1000 ms", met=export.median_ms < 1000 and rows == N),
    ]
