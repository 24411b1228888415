"""POST /api/v1/events/<slug>/checkins as the contract says: who may call it, the answers, the nonce."""
from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from app.core import clock
from app.extensions import db
from app.models import AuditEntry, Checkin, EventRole, ScanNonce, SessionKind, UserRole
from tests.checkin.helpers import api_token, cancel, enrol, scan
from tests.factories import csrf_from


def _checkins(app) -> list[Checkin]:
    with app.app_context():
        rows = list(db.session.scalars(select(Checkin).order_by(Checkin.id)))
        db.session.expunge_all()
        return rows


def test_every_reason_code(app, client, make):
    event = make.event(capacity=2)
    other = make.event()
    token = api_token(app, make.user(EventRole.DOOR, events=[event]))
    ok = enrol(app, event, 1, first_name="Ola", organisation="Bodø kulturskole")
    gone = enrol(app, event, 2)
    cancel(app, gone)
    enrol(app, event, 3)
    waiting = enrol(app, event, 4, first_name="Vente")
    assert waiting.status == "waitlisted"
    elsewhere = enrol(app, other, 5)

    def result(code):
        return scan(client, event.slug, code, token).get_json()

    assert result(ok.code)["result"] == "ok"
    assert result(ok.code)["result"] == "already_checked_in"
    assert result(gone.code)["result"] == "cancelled"
    assert result(waiting.code) == {"result": "waitlisted", "registration": {
        "name": "Vente Nordmann", "organisation": "Eksempel kulturskole", "checked_in_at": None,
        "checked_in_by": None, "signed_up": None}}
    assert result(elsewhere.code) == {"result": "wrong_event", "registration": None}
    assert result("ACDEFGHJKMNPQRTWXY3467") == {"result": "unknown", "registration": None}
    assert result("not a badge at all") == {"result": "unknown", "registration": None}
    assert len(_checkins(app)) == 1


def test_accepts_the_url_from_any_host_or_the_bare_code_typed_by_hand(app, client, make):
    event = make.event()
    token = api_token(app, make.user(UserRole.ADMINISTRATOR))
    people = [enrol(app, event, n) for n in range(4)]
    grouped = "-".join(people[2].code[i:i + 4] for i in range(0, 22, 4)).lower()
    forms = [
        f"http://samling.test/b/{people[0].code}",
        f"https://another.example/b/{people[1].code}/",
        f"  {grouped}  ",
        " ".join(people[3].code[i:i + 4] for i in range(0, 22, 4)),
    ]
    assert [scan(client, event.slug, text, token).get_json()["result"] for text in forms] == ["ok"] * 4


def test_same_nonce_twice_gives_the_same_answer_and_one_check_in(app, client, make):
    event = make.event()
    token = api_token(app, make.user(EventRole.DOOR, events=[event]))
    kari = enrol(app, event, 1)
    first = scan(client, event.slug, kari.code, token, nonce="door-1-scan-17")
    again = scan(client, event.slug, kari.code, token, nonce="door-1-scan-17")
    assert first.status_code == again.status_code == 200
    assert again.get_json() == first.get_json()
    assert first.get_json()["result"] == "ok"
    assert len(_checkins(app)) == 1
    # A different nonce is a new scan: already checked in, still one check-in.
    assert scan(client, event.slug, kari.code, token).get_json()["result"] == "already_checked_in"
    assert len(_checkins(app)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ScanNonce)) == 2
    # The same nonce at another event is refused, not answered with this event's data.
    other = make.event()
    ola = enrol(app, other, 2)
    clash = scan(client, other.slug, ola.code, api_token(app, make.user(UserRole.ADMINISTRATOR)), nonce="door-1-scan-17")
    assert clash.status_code == 409
    assert clash.get_json()["error"] == "nonce_conflict"


def test_late_offline_scans_keep_their_time_and_are_counted_once(app, client, make, frozen_now):
    event = make.event()
    door_a = api_token(app, make.user(EventRole.DOOR, events=[event]))
    door_b = api_token(app, make.user(EventRole.DOOR, events=[event]))
    kari = enrol(app, event, 1)
    now = frozen_now(clock.now().replace(microsecond=0))
    at_a = now - timedelta(minutes=40)
    at_b = now - timedelta(minutes=38)
    # Both doors were offline; door B's phone syncs first.
    first = scan(client, event.slug, kari.code, door_b, scanned_at=at_b.isoformat())
    second = scan(client, event.slug, kari.code, door_a, scanned_at=at_a.isoformat())
    assert first.get_json()["result"] == "ok"
    assert second.get_json()["result"] == "already_checked_in"
    assert second.get_json()["registration"]["checked_in_at"] == at_b.isoformat()
    [row] = _checkins(app)
    assert row.scanned_at == at_b
    assert row.recorded_at == now
    # A scanner whose clock runs ahead cannot record arrivals in the future.
    other = enrol(app, event, 2)
    answer = scan(client, event.slug, other.code, door_a, scanned_at=(now + timedelta(hours=2)).isoformat()).get_json()
    assert answer["registration"]["checked_in_at"] == now.isoformat()


def test_concurrent_scans_of_one_badge_give_one_check_in(app, make):
    event = make.event()
    token = api_token(app, make.user(EventRole.DOOR, events=[event]))
    kari = enrol(app, event, 1)
    results, barrier = [], threading.Barrier(8)

    def door():
        client = app.test_client()
        barrier.wait()
        results.append(scan(client, event.slug, kari.code, token).get_json()["result"])

    threads = [threading.Thread(target=door) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["already_checked_in"] * 7 + ["ok"]
    assert len(_checkins(app)) == 1


def test_the_same_nonce_sent_concurrently_gives_one_check_in_and_the_same_answer_to_all(app, make):
    # The retry racing the first send: one of them stores the nonce, the others hit its unique key,
    # roll back and answer with what the first one stored.
    event = make.event()
    token = api_token(app, make.user(EventRole.DOOR, events=[event]))
    kari = enrol(app, event, 1)
    results, barrier = [], threading.Barrier(6)

    def door():
        client = app.test_client()
        barrier.wait()
        response = scan(client, event.slug, kari.code, token, nonce="door-1-retry")
        results.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=door) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {status for status, _ in results} == {200}
    answers = {json.dumps(body, sort_keys=True) for _, body in results}
    assert len(answers) == 1 and results[0][1]["result"] == "ok"
    assert results[0][1]["registration"]["name"] == "Deltaker1 Nordmann"
    assert len(_checkins(app)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ScanNonce)) == 1


def _round_trips(app, work) -> list[str]:
    """What `work` sends to the database: each statement's first word, and COMMIT/ROLLBACK."""
    seen = []
    with app.app_context():
        engine = db.engine

    def on_sql(_conn, _cursor, statement, *_args):
        seen.append(statement.split()[0].upper())

    listeners = [("before_cursor_execute", on_sql), ("commit", lambda _c: seen.append("COMMIT")),
                 ("rollback", lambda _c: seen.append("ROLLBACK"))]
    for name, fn in listeners:
        sa_event.listen(engine, name, fn)
    try:
        work()
    finally:
        for name, fn in listeners:
            sa_event.remove(engine, name, fn)
    return seen


def test_a_scan_costs_no_round_trip_for_owning_its_transaction(app, client, make):
    # The route owns the transaction and the service never commits; a repeated nonce is replayed after the
    # rollback, without a SAVEPOINT on the common path. (PostgreSQL: the check-in and its nonce in one WITH.)
    event = make.event()
    token = api_token(app, make.user(EventRole.DOOR, events=[event]))
    kari, ola = enrol(app, event, 1), enrol(app, event, 2)
    assert scan(client, event.slug, kari.code, token).get_json()["result"] == "ok"  # warmed up
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
    begin = [] if postgres else ["BEGIN"]
    write = ["WITH"] if postgres else ["INSERT", "INSERT"]
    reads = ["SELECT", "SELECT", "SELECT"]  # the scanner's token, the badge's row lock, its check-in so far
    first = _round_trips(app, lambda: scan(client, event.slug, ola.code, token, nonce="rt-1"))
    assert first == begin + reads + write + ["COMMIT"]
    replayed = _round_trips(app, lambda: scan(client, event.slug, ola.code, token, nonce="rt-1"))
    assert replayed == begin + reads + ["INSERT", "ROLLBACK"] + begin + ["SELECT", "ROLLBACK"]
    unknown = _round_trips(app, lambda: scan(client, event.slug, "ABCDEFGHJKMNPQRS", token))
    assert unknown == begin + ["SELECT", "COMMIT"]


def test_session_door_flags_but_lets_in_those_not_signed_up(app, client, make):
    event = make.event()
    workshop = make.session(event, kind=SessionKind.WORKSHOP, capacity=20, title="Verksted")
    plenary = make.session(event, title="Åpning", starts_at=event.starts_at + timedelta(hours=2))
    other_event_session = make.session(make.event())
    token = api_token(app, make.user(EventRole.DOOR, events=[event]))
    signed = enrol(app, event, 1, sessions=[workshop.id])
    walk_in = enrol(app, event, 2)

    def at(code, session_id):
        return scan(client, event.slug, code, token, session_id=session_id)

    assert at(signed.code, workshop.id).get_json()["registration"]["signed_up"] is True
    flagged = at(walk_in.code, workshop.id).get_json()
    assert flagged["result"] == "ok"
    assert flagged["registration"]["signed_up"] is False
    assert at(walk_in.code, workshop.id).get_json()["result"] == "already_checked_in"
    assert at(walk_in.code, plenary.id).get_json()["registration"]["signed_up"] is True
    # The entrance is its own door.
    assert at(walk_in.code, None).get_json()["result"] == "ok"
    bad = at(walk_in.code, other_event_session.id)
    assert bad.status_code == 404
    assert bad.get_json()["error"] == "invalid_session"
    assert [(c.registration_id, c.session_id) for c in _checkins(app)] == [
        (signed.id, workshop.id), (walk_in.id, workshop.id), (walk_in.id, plenary.id), (walk_in.id, None)]


def test_undo_takes_back_a_mistaken_check_in(app, client, make):
    event = make.event()
    staff = make.user(EventRole.DOOR, events=[event])
    token = api_token(app, staff)
    kari = enrol(app, event, 1)
    scan(client, event.slug, kari.code, token, nonce="n-1")
    already = scan(client, event.slug, kari.code, token, nonce="n-2")
    headers = {"Authorization": f"Bearer {token}"}

    nothing = client.post(f"/api/v1/events/{event.slug}/checkins/undo", json={"nonce": "n-2"}, headers=headers)
    assert nothing.status_code == 409
    assert already.get_json()["result"] == "already_checked_in"
    undone = client.post(f"/api/v1/events/{event.slug}/checkins/undo", json={"nonce": "n-1"}, headers=headers)
    assert undone.status_code == 200
    assert undone.get_json() == {"result": "undone", "registration": {"name": "Deltaker1 Nordmann",
                                                                        "organisation": "Eksempel kulturskole"}}
    [row] = _checkins(app)
    assert row.undone_at is not None
    counts = client.get(f"/api/v1/events/{event.slug}/checkins/counts", headers=headers).get_json()
    assert counts == {"checked_in": 0, "expected": 1}
    assert scan(client, event.slug, kari.code, token).get_json()["result"] == "ok"
    assert client.post(f"/api/v1/events/{event.slug}/checkins/undo", json={"nonce": "nope"},
                       headers=headers).status_code == 404
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "checkin")).all()
        assert (entry.action, entry.actor_user_id) == ("undo", staff.id)


def test_who_may_scan(app, client, make, login):
    event = make.event()
    other = make.event()
    kari = enrol(app, event, 1)
    foreign = api_token(app, make.user(EventRole.DOOR, events=[other]))

    anonymous = scan(client, event.slug, kari.code, None)
    assert anonymous.status_code == 401
    assert anonymous.get_json()["error"] == "unauthorized"
    assert anonymous.get_json()["message"]
    assert scan(client, event.slug, kari.code, "sam_not-a-token").status_code == 401
    refused = scan(client, event.slug, kari.code, foreign)
    assert refused.status_code == 403
    assert refused.get_json()["error"] == "forbidden"
    assert scan(client, "no-such-event", kari.code, foreign).status_code == 404
    assert client.get(f"/api/v1/events/{event.slug}/checkins/roster").status_code == 401
    assert client.get(f"/api/v1/events/{event.slug}/checkins/roster",
                      headers={"Authorization": f"Bearer {foreign}"}).status_code == 403
    assert _checkins(app) == []

    # A signed-in staff member's browser: the session cookie needs the CSRF token in X-CSRFToken.
    staff = make.user(EventRole.DOOR, events=[event])
    login(staff.email)
    no_csrf = client.post(f"/api/v1/events/{event.slug}/checkins", json={"code": kari.code, "nonce": "x1"})
    assert no_csrf.status_code == 400
    assert no_csrf.get_json()["error"] == "csrf_failed"
    page = client.get(f"/checkin/{event.slug}").get_data(as_text=True)
    csrf = csrf_from(page.replace('data-csrf="', 'name="csrf_token" value="'))
    ok = client.post(f"/api/v1/events/{event.slug}/checkins", json={"code": kari.code, "nonce": "x2"},
                     headers={"X-CSRFToken": csrf})
    assert ok.get_json()["result"] == "ok"


def test_bad_bodies_are_400_with_a_message(app, client, make):
    event = make.event()
    token = api_token(app, make.user(UserRole.ADMINISTRATOR))
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/events/{event.slug}/checkins"
    bodies = [
        None,
        [1, 2],
        {"code": "X"},
        {"code": "X", "nonce": ""},
        {"code": "X", "nonce": "n" * 81},
        {"code": 12, "nonce": "n"},
        {"nonce": "n"},
        {"code": "X", "registration_id": 3, "nonce": "n"},
        {"code": "X", "nonce": "n", "session_id": "one"},
        {"code": "X", "nonce": "n", "scanned_at": "yesterday"},
        {"code": "X", "nonce": "n", "scanned_at": "2027-04-14T08:15:00"},
    ]
    for body in bodies:
        response = client.post(url, json=body, headers=headers) if body is not None else client.post(
            url, data="{not json", headers={**headers, "Content-Type": "application/json"})
        assert response.status_code == 400, body
        assert response.get_json()["error"] == "bad_request", body
        assert response.get_json()["message"], body
    assert _checkins(app) == []


def test_roster_has_digests_not_codes_and_no_other_personal_data(app, client, make):
    event = make.event()
    workshop = make.session(event, kind=SessionKind.WORKSHOP, capacity=5)
    staff = make.user(EventRole.DOOR, events=[event])
    token = api_token(app, staff)
    kari = enrol(app, event, 1, sessions=[workshop.id], phone="99887766")
    scan(client, event.slug, kari.code, token, nonce="door-1-scan-1")
    response = client.get(f"/api/v1/events/{event.slug}/checkins/roster", headers={"Authorization": f"Bearer {token}"})
    assert response.headers["Cache-Control"] == "private, no-store"
    [entry] = response.get_json()["registrations"]
    import hashlib

    [checkin] = _checkins(app)
    assert entry == {"id": kari.id, "h": hashlib.sha256(kari.code.encode()).hexdigest(), "tail": kari.code[-8:],
                     "name": "Deltaker1 Nordmann", "organisation": "Eksempel kulturskole", "status": "confirmed",
                     "sessions": [workshop.id], "entrance": True, "checked_sessions": [],
                     "checkins": [{"session_id": None, "at": checkin.scanned_at.isoformat(), "by": staff.name,
                                   "nonce": "door-1-scan-1"}]}
    assert kari.code not in response.get_data(as_text=True)
    assert kari.code[:14] not in response.get_data(as_text=True)


def test_openapi_describes_the_check_in_paths(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    post = spec["paths"]["/events/{slug}/checkins"]["post"]
    assert set(post["responses"]) >= {"200", "400", "401", "403", "404"}
    answer = spec["components"]["schemas"]["CheckinAnswer"]
    assert answer["properties"]["result"]["enum"] == ["ok", "already_checked_in", "unknown", "wrong_event",
                                                      "cancelled", "waitlisted"]
    assert "/events/{slug}/checkins/undo" in spec["paths"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]


def test_a_scanners_time_before_registration_opened_or_far_ahead_is_replaced_and_marked(app, client, make, frozen_now,
                                                                                         login):
    now = frozen_now(clock.now().replace(microsecond=0))
    event = make.event(registration_opens_at=now - timedelta(days=10))
    token = api_token(app, make.user(EventRole.DOOR, events=[event]))
    people = [enrol(app, event, n) for n in range(5)]
    sent = [
        (now - timedelta(days=11)).isoformat(),  # before registration opened: a phone with a flat battery's clock
        (now + timedelta(minutes=6)).isoformat(),  # more than a few minutes ahead
        "2000-01-01T00:00:00+00:00",
        (now + timedelta(minutes=4)).isoformat(),  # a little ahead: believed, and counted as now
        (now - timedelta(days=9)).isoformat(),  # after registration opened: kept
    ]
    answers = [scan(client, event.slug, p.code, token, scanned_at=t).get_json() for p, t in zip(people, sent, strict=True)]
    assert [a["result"] for a in answers] == ["ok"] * 5
    assert [a["registration"]["checked_in_at"] for a in answers] == [now.isoformat()] * 4 + [sent[4]]
    rows = _checkins(app)
    assert [(r.scanned_at, r.client_scanned_at) for r in rows] == [
        (now, now - timedelta(days=11)), (now, now + timedelta(minutes=6)),
        (now, datetime(2000, 1, 1, tzinfo=UTC)), (now, None), (now - timedelta(days=9), None)]
    # The organisers' arrivals view shows which scans got the server's time.
    login(make.user(UserRole.ADMINISTRATOR).email)
    html = client.get(f"/admin/events/{event.slug}/checkins").get_data(as_text=True)
    assert "3 innsjekkinger fikk serverens tid fordi skannerens klokke viste et umulig tidspunkt" in html
    table = html[html.index('class="refused-times"'):]
    assert table.count('<tr><th scope="row">') == 3
    assert '<time datetime="2000-01-01T00:00:00+00:00">1. januar 2000 kl. 01:00</time>' in table


def test_a_time_utc_cannot_hold_is_a_400_not_a_500(app, client, make):
    event = make.event()
    token = api_token(app, make.user(EventRole.DOOR, events=[event]))
    kari = enrol(app, event, 1)
    for moment in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        response = scan(client, event.slug, kari.code, token, scanned_at=moment)
        assert response.status_code == 400, moment
        assert response.get_json() == {"error": "bad_request",
                                       "message": "«scanned_at» er utenfor tidsrommet vi kan regne med."}
    assert _checkins(app) == []


def test_unknown_session_is_404_and_an_empty_one_400_on_scans_and_counts(app, client, make):
    event = make.event()
    mine = make.session(event, title="Åpning")
    elsewhere = make.session(make.event())
    token = api_token(app, make.user(EventRole.DOOR, events=[event]))
    headers = {"Authorization": f"Bearer {token}"}
    kari = enrol(app, event, 1)
    counts = f"/api/v1/events/{event.slug}/checkins/counts"

    for session_id in (elsewhere.id, 2_000_000):
        scanned = scan(client, event.slug, kari.code, token, session_id=session_id)
        counted = client.get(f"{counts}?session_id={session_id}", headers=headers)
        for response in (scanned, counted):
            assert response.status_code == 404, session_id
            assert response.get_json() == {"error": "invalid_session",
                                           "message": "Økten finnes ikke på dette arrangementet."}
    for query in ("session_id=", "session_id=%20", "session_id=abc", "session_id=-1", "session_id=0"):
        response = client.get(f"{counts}?{query}", headers=headers)
        assert response.status_code == 400, query
        assert response.get_json()["error"] == "bad_request", query
        assert "session_id" in response.get_json()["message"]
    empty = scan(client, event.slug, kari.code, token, session_id="")
    assert empty.status_code == 400 and empty.get_json()["error"] == "bad_request"
    assert _checkins(app) == []
    assert client.get(f"{counts}?session_id={mine.id}", headers=headers).get_json() == {"checked_in": 0, "expected": 1}
    assert client.get(counts, headers=headers).get_json() == {"checked_in": 0, "expected": 1}
