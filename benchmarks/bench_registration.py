"""The registration rush: 1000 registrations from 32 concurrent clients for 300 seats, against
gunicorn (4 sync workers) on PostgreSQL, compared with a bare route doing one INSERT and commit
on the same stack (benchmarks/rush_app.py).

Each client opens the real form once (session cookie + CSRF token) and then posts the real form
— CSRF stays on. Rate limits are off (RATELIMIT_ENABLED=0); e-mail is queued in the outbox and
not sent (MAIL_SEND_INLINE=0), as with a separate `flask outbox send --loop` worker. Afterwards
the database is checked: 0 oversold (event and workshops), 0 lost (every 303 is a stored
registration, waiting-list positions 1..n without gaps, one queued e-mail per registration).

Skips with a note when PostgreSQL is not reachable. BENCH_PG_URL (default
postgresql://postgres@127.0.0.1:5432/postgres) names the server; a throw-away database is
created and dropped.
"""
from __future__ import annotations

import html
import http.client
import itertools
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks import group_rush
from benchmarks.harness import Env, Result, Stats, tree_cpu_seconds
from tests.pgdb import throwaway_database

ROOT = Path(__file__).resolve().parent.parent
REGISTRATIONS = 1000
CLIENTS = 32
SEATS = 300
WORKSHOP_SEATS = 80
WORKERS = 4
ROUNDS = 4
# The floor route's statements (benchmarks/rush_app.py): what a registration reads and writes.
FLOOR_STATEMENTS = 9
NAME = "registration rush (gunicorn ×4, PostgreSQL, 32 clients, 1000 for 300 seats)"
BASELINE = "bare INSERT + commit (same stack)"


def _pg_server_url() -> str:
    url = os.environ.get("BENCH_PG_URL") or os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgresql://postgres@127.0.0.1:5432/postgres"
    return str(make_url(url.replace("postgresql://", "postgresql+psycopg://", 1)).set(database="postgres")
               .render_as_string(hide_password=False))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the database ---------------------------------------------------------------------------------

def _prepare(url: str) -> dict:
    """Schema, municipalities, the rush's event with three workshops, a warm-up event, the bare table."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import SessionKind
    from app.seeding.places import seed_municipalities
    from app.seeding.run import seed_dir
    from tests.factories import Factory

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "rush"})
    with app.app_context():
        upgrade()
        seed_municipalities(seed_dir() / "kommuner.csv")
        db.session.commit()
        make = Factory(app)
        event = make.event(slug="rush", title="Rushkonferansen", capacity=SEATS)
        start = event.starts_at + timedelta(hours=3)
        workshops = [make.session(event, title=f"Verksted {i}", kind=SessionKind.WORKSHOP, capacity=WORKSHOP_SEATS,
                                  starts_at=start).id for i in range(3)]
        make.event(slug="rush-warmup", title="Oppvarming", capacity=SEATS)
        group_event_id = group_rush.prepare(make)
        db.session.execute(text("CREATE TABLE bench_rush (id serial PRIMARY KEY, email varchar(254), "
                                "created_at timestamptz)"))
        db.session.commit()
        event_id = event.id
        db.session.remove()
        db.engine.dispose()
    return {"event_id": event_id, "workshops": workshops, "group_event_id": group_event_id}


def _check(url: str, event_id: int, workshops: list[int], created: int) -> tuple[int, int, str]:
    """(oversold, lost, note) from what is stored."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT status, count(*) FROM registrations WHERE event_id = :e GROUP BY status"),
                                 {"e": event_id}).all())
        positions = [p for (p,) in conn.execute(text(
            "SELECT waitlist_position FROM registrations WHERE event_id = :e AND status = 'waitlisted' "
            "ORDER BY waitlist_position"), {"e": event_id})]
        seats = dict(conn.execute(text(
            "SELECT session_id, count(*) FROM session_choices WHERE status = 'confirmed' GROUP BY session_id")).all())
        mails = conn.execute(text("SELECT count(*) FROM outbox_messages WHERE event_id = :e"), {"e": event_id}).scalar()
    engine.dispose()
    confirmed, waitlisted = rows.get("confirmed", 0), rows.get("waitlisted", 0)
    oversold = max(confirmed - SEATS, 0) + sum(max(seats.get(w, 0) - WORKSHOP_SEATS, 0) for w in workshops)
    stored = confirmed + waitlisted
    lost = (abs(created - stored) + abs(REGISTRATIONS - created)
            + (0 if positions == list(range(1, waitlisted + 1)) else 1) + abs(mails - stored))
    note = (f"{confirmed} confirmed, {waitlisted} waitlisted (positions 1..{len(positions)}), "
            f"workshop seats {sorted(seats.get(w, 0) for w in workshops)} of {WORKSHOP_SEATS}, {mails} e-mails queued")
    return oversold, lost, note


# --- gunicorn ---------------------------------------------------------------------------------------

def _start_gunicorn(url: str, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "APP_ENV": "production", "DATABASE_URL": url, "SECRET_KEY": "rush-" + secrets.token_hex(8),
           "BASE_URL": f"http://127.0.0.1:{port}", "RATELIMIT_ENABLED": "0", "MAIL_SEND_INLINE": "0",
           "PYTHONPATH": str(ROOT)}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--graceful-timeout", "5",
         "--error-logfile", str(log), "benchmarks.rush_app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _h, _b = _request(port, "GET", "/healthz")
            if status == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"gunicorn did not start; see {log}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- the clients ------------------------------------------------------------------------------------

def _request(port: int, method: str, path: str, body: str | None = None,
             headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        hdrs = dict(headers or {})
        if body is not None:
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=hdrs)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


class _Client:
    """One browser: a session cookie and the form's CSRF token, fetched once."""

    def __init__(self, port: int, slug: str) -> None:
        self.port = port
        status, headers, body = _request(port, "GET", f"/events/{slug}/register")
        assert status == 200, status
        cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
        self.headers = {"Cookie": cookie} if cookie else {}
        self.token = html.unescape(re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode())

    def register(self, slug: str, i: int, workshop: int) -> int:
        form = {"csrf_token": self.token, "first_name": f"Deltaker{i}", "last_name": "Rush",
                "email": f"rush{i}@example.org", "organisation": "Eksempel kulturskole", "kommune": "3405",
                "job_title": "Rektor", "years_as_leader": "4-6", "privacy_accepted": "y", "sessions": [str(workshop)]}
        status, _h, _b = _request(self.port, "POST", f"/events/{slug}/register", urlencode(form, doseq=True),
                                  self.headers)
        return status


def _run_clients(n: int, action: Callable[[int, int], int]) -> tuple[list[float], list[int], float]:
    """`action(client_index, i)` for i in 0..n-1 from CLIENTS threads; (latencies, statuses, wall seconds)."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: list[int] = []
    start_gate = threading.Barrier(CLIENTS + 1)

    def worker(index: int) -> None:
        start_gate.wait()
        while True:
            with lock:
                i = next(counter)
            if i >= n:
                return
            begin = time.perf_counter()
            status = action(index, i)
            elapsed = time.perf_counter() - begin
            with lock:
                latencies.append(elapsed)
                statuses.append(status)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    start_gate.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return latencies, statuses, time.perf_counter() - began


def _bare_round(port: int, n: int, offset: int, path: str = "/_bench/insert") -> tuple[list[float], float]:
    def insert(_client: int, i: int) -> int:
        return _request(port, "POST", path, urlencode({"email": f"bare{offset + i}@example.org"}))[0]

    latencies, statuses, wall = _run_clients(n, insert)
    assert set(statuses) == {204}, set(statuses)
    return latencies, wall


def _rush_round(clients: list[_Client], workshops: list[int], n: int, offset: int) -> tuple[list[float], float, int]:
    def register(client: int, i: int) -> int:
        return clients[client].register("rush", offset + i, workshops[(offset + i) % len(workshops)])

    latencies, statuses, wall = _run_clients(n, register)
    return latencies, wall, statuses.count(303)


def _measure(port: int, workshops: list[int], pid: int) -> dict:
    """The rush in ROUNDS parts, each right after a bare round of the same size: the machine's
    load drifts (other processes share it), so both see the same conditions on average."""
    _bare_round(port, 200, 100_000)  # warm-up
    clients = [_Client(port, "rush") for _ in range(CLIENTS)]
    for k, client in enumerate(clients[:8]):  # warm every worker's registration path on another event
        client.register("rush-warmup", k, 0)
    per_round = REGISTRATIONS // ROUNDS
    bare_lat, bare_wall, rush_lat, rush_wall, floor_lat, floor_wall, created = [], 0.0, [], 0.0, [], 0.0, 0
    cpu = {"bare": 0.0, "rush": 0.0, "floor": 0.0}  # the app's CPU (gunicorn master + workers) per phase

    def timed(name, fn, *args):
        before = tree_cpu_seconds(pid)
        answer = fn(*args)
        cpu[name] += tree_cpu_seconds(pid) - before
        return answer

    for r in range(ROUNDS):
        lat, wall = timed("bare", _bare_round, port, per_round, r * per_round)
        bare_lat += lat
        bare_wall += wall
        lat, wall, ok = timed("rush", _rush_round, clients, workshops, per_round, r * per_round)
        rush_lat += lat
        rush_wall += wall
        created += ok
        lat, wall = timed("floor", _bare_round, port, per_round // 2, 500_000 + r * per_round, "/_bench/floor")
        floor_lat += lat
        floor_wall += wall
    return {"bare": Stats.of(bare_lat).with_cpu(cpu["bare"], len(bare_lat)), "bare_rps": REGISTRATIONS / bare_wall,
            "rush": Stats.of(rush_lat).with_cpu(cpu["rush"], len(rush_lat)), "rush_rps": REGISTRATIONS / rush_wall,
            "created": created,
            "floor": Stats.of(floor_lat).with_cpu(cpu["floor"], len(floor_lat)),
            "floor_rps": (per_round // 2) * ROUNDS / floor_wall}


def run(env: Env) -> list[Result]:
    server = _pg_server_url()
    try:
        probe = create_engine(server)
        with probe.connect():
            pass
        probe.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure to connect means: skip
        return [Result(NAME, None, note=f"skipped: PostgreSQL unavailable ({type(exc).__name__})")]

    url, drop = throwaway_database(server, "samling_rush")
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"samling-rush-{os.getpid()}.log"
    process = None
    try:
        prepared = _prepare(url)
        port = _free_port()
        process = _start_gunicorn(url, port, log)
        m = _measure(port, prepared["workshops"], process.pid)
        groups = _measure_groups(port, process.pid)
    finally:
        if process is not None:
            _stop(process)
    try:
        oversold, lost, stored = _check(url, prepared["event_id"], prepared["workshops"], m["created"])
        g_oversold, g_broken, g_stored = group_rush.check(url, prepared["group_event_id"])
    finally:
        drop()

    ratio = m["rush_rps"] / m["bare_rps"]
    met = oversold == 0 and lost == 0 and ratio >= 0.5 and m["rush"].p95_ms < 150
    return [
        Result(BASELINE, m["bare"], note=f"baseline: {m['bare_rps']:.0f} inserts/s"),
        Result(f"floor: {FLOOR_STATEMENTS} bare SQL statements in one transaction (same stack)", m["floor"], BASELINE,
               m["floor_rps"] / m["bare_rps"],
               note=f"for information: {m['floor_rps']:.0f}/s — what a registration's reads and writes cost on this "
                    "machine with no application code; a registration cannot go faster"),
        Result(NAME, m["rush"], BASELINE, ratio, "throughput ≥ 0.5× bare, p95 < 150 ms, 0 oversold, 0 lost", met,
               note=f"{m['rush_rps']:.0f} registrations/s; ratio = throughput; {oversold} oversold, {lost} lost; "
                    f"{stored}; CSRF on (real form, one token per client session); {ROUNDS} rounds interleaved "
                    f"with the bare route"),
        _group_result(m, groups, g_oversold, g_broken, g_stored),
    ]


def _measure_groups(port: int, pid: int) -> dict:
    """The group rush right after a bare round of as many inserts as colleagues (the same conditions)."""
    clients = [_Client(port, "rush") for _ in range(CLIENTS)]  # the CSRF token is the session's: any form's
    n = group_rush.GROUPS * group_rush.COLLEAGUES
    _lat, bare_wall = _bare_round(port, n, 900_000)
    confirms: list[int] = []

    def register(client: int, g: int) -> int:
        status, tries = group_rush.register_group(_request, clients[client], g)
        confirms.append(tries)
        return status

    before = tree_cpu_seconds(pid)
    latencies, statuses, wall = _run_clients(group_rush.GROUPS, register)
    cpu = tree_cpu_seconds(pid) - before
    return {"stats": Stats.of(latencies).with_cpu(cpu, len(latencies)), "colleagues_rps": n / wall,
            "bare_rps": n / bare_wall, "created": statuses.count(303), "reconfirmed": sum(t > 1 for t in confirms)}


def _group_result(m: dict, g: dict, oversold: int, broken: int, stored: str) -> Result:
    ratio = g["colleagues_rps"] / g["bare_rps"]
    return Result(group_rush.NAME, g["stats"], BASELINE, ratio, "0 oversold, every group whole, all registered",
                  oversold == 0 and broken == 0 and g["created"] == group_rush.GROUPS,
                  note=f"{g['colleagues_rps']:.0f} colleagues/s ({g['colleagues_rps'] / group_rush.COLLEAGUES:.0f} "
                       f"groups/s; single registrations above: {m['rush_rps']:.0f}/s); one measurement = a whole "
                       f"group (preview + confirm); {g['reconfirmed']} groups confirmed again after a 409 with the "
                       f"new split; ratio = colleagues/s ÷ bare inserts/s; {oversold} oversold; {stored}")
