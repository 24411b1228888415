"""Door scans against gunicorn (4 workers) on PostgreSQL with 8 concurrent scanners, compared with the
bare constant-JSON route on the same stack in the same run; and badge PDFs (500-badge A6 sheet, one badge).

The scan part needs PostgreSQL at 127.0.0.1:5432 (or the server of BENCH_DATABASE_URL); without it
that row says "skipped" and the badge rows still run.
"""
from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from benchmarks.harness import Env, Result, Stats, measure, tree_cpu_seconds
from tests.pgdb import throwaway_database

ROOT = Path(__file__).resolve().parent.parent
SCANNERS = 8
WORKERS = 4
PHASE_SECONDS = 4.0
PARTICIPANTS = 3000
# The floor route's statements (benchmarks/scan_app.py): what a scan reads and writes.
FLOOR_STATEMENTS = 4


# --- badges ------------------------------------------------------------------------------------------

def _bulk_registrations(app, event_id: int, n: int) -> list[str]:
    """n confirmed registrations, inserted directly (the registration rules are not what is measured)."""
    from app.core import clock
    from app.extensions import db
    from app.models import Registration, RegistrationStatus
    from app.registration import links

    with app.app_context():
        regs = []
        for i in range(n):
            reg = Registration(event_id=event_id, status=RegistrationStatus.CONFIRMED, first_name=f"Deltaker{i}",
                               last_name=f"Etternavn{i:04d}", email=f"bench{i}@example.org",
                               organisation=f"Kulturskole nummer {i}", municipality_number="0301",
                               confirmed_at=clock.now())
            links.assign_tokens(reg)
            regs.append(reg)
        db.session.add_all(regs)
        db.session.commit()
        codes = [links.badge_code(r) for r in regs]
        tokens = [links.manage_token(r) for r in regs[:50]]
        db.session.remove()
    return codes, tokens


def _badges(env: Env) -> list[Result]:
    from app.badges import service
    from app.extensions import db
    from app.models import Event
    from tests.factories import Factory

    event = Factory(env.app).event(slug="bench-badges", title="Lederkonferansen 2027")
    _, manage_tokens = _bulk_registrations(env.app, event.id, 500)

    def sheet():
        with env.app.app_context():
            ev = db.session.get(Event, event.id)
            data = service.sheet(ev, service.confirmed(ev.id), "a6")
            db.session.remove()
        return data

    sheet_stats = measure(sheet, n=3, warmup=1)
    pages = sheet().count(b"/Type /Page\n") or sheet().count(b"/Type /Page")
    single_stats = measure(lambda: env.client.get(f"/me/{manage_tokens[0]}/badge.pdf"), n=30, warmup=3)
    assert env.client.get(f"/me/{manage_tokens[0]}/badge.pdf").status_code == 200
    return [
        Result("500-badge A6 print sheet", sheet_stats, goal="< 3000 ms", met=sheet_stats.median_ms < 3000,
               note=f"{pages} A4 pages; service.confirmed + service.sheet"),
        Result("one badge (GET /me/<token>/badge.pdf)", single_stats, goal="< 60 ms", met=single_stats.p95_ms < 60,
               note="A6 centred on A4, over HTTP (test client)"),
    ]


# --- door scans against gunicorn on PostgreSQL -------------------------------------------------------

def _pg_base() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if url.startswith("postgres"):
        return url
    return "postgresql://postgres@127.0.0.1:5432/postgres"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(url: str, token_secret: str) -> tuple[str, list[str], list[str]]:
    from flask_migrate import upgrade

    from app import create_app
    from app.auth.service import issue_api_token
    from app.core.transaction import transaction
    from app.extensions import db
    from app.models import EventRole, User
    from tests.factories import Factory

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "TOKEN_SECRET": token_secret,
                                 "SQLALCHEMY_RECORD_QUERIES": False, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        from app.seeding.places import seed_municipalities
        from app.seeding.run import seed_dir

        seed_municipalities(seed_dir() / "kommuner.csv")
        db.session.commit()
        db.session.remove()
    make = Factory(app)
    event = make.event(slug="bench-door", title="Lederkonferansen 2027")
    codes, _ = _bulk_registrations(app, event.id, PARTICIPANTS)
    tokens = []
    with app.app_context():
        for i in range(SCANNERS):
            staff = make.user(EventRole.DOOR, email=f"door{i}@example.org", events=[event])
            with transaction():
                tokens.append(issue_api_token(db.session.get(User, staff.id)))
        db.session.execute(text("CREATE TABLE bench_scan (id serial PRIMARY KEY, scanned_at timestamptz)"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return event.slug, codes, tokens


def _start_gunicorn(url: str, token_secret: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "APP_ENV": "production", "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16),
           "TOKEN_SECRET": token_secret, "BASE_URL": f"http://127.0.0.1:{port}", "RATELIMIT_ENABLED": "0",
           "MAIL_SEND_INLINE": "0", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         "benchmarks.scan_app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("gunicorn did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))


def _load(port: int, make_request, seconds: float) -> tuple[list[float], int, list[str]]:
    """SCANNERS threads send requests one after another for `seconds`; returns latencies, count, bad answers."""
    latencies: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(index: int) -> None:
        mine: list[float] = []
        n = 0
        while time.perf_counter() < stop:
            method, path, body, headers, check = make_request(index, n)
            start = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            conn.close()
            mine.append(time.perf_counter() - start)
            if response.status != 200 or not check(data):
                with lock:
                    problems.append(f"{response.status} {data[:120]!r}")
            n += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(SCANNERS)]
    begin = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - begin
    return latencies, len(latencies) / elapsed, problems


def _door_scans() -> list[Result]:
    try:
        url, drop = throwaway_database(_pg_base(), "samling_bench_checkin")
    except OperationalError as exc:
        note = f"skipped: PostgreSQL unavailable ({str(exc).splitlines()[0][:80]})"
        return [Result("door scans, gunicorn ×4, PostgreSQL, 8 scanners", None, note=note)]
    proc = None
    try:
        token_secret = secrets.token_hex(16)
        slug, codes, tokens = _prepare(url, token_secret)
        port = _free_port()
        proc = _start_gunicorn(url, token_secret, port)
        # Each scanner works through its own share of the badges; every 10th scan repeats an earlier one.
        shares = [codes[i::SCANNERS] for i in range(SCANNERS)]

        def bare(_i, _n):
            return "GET", "/_bench/constant", None, {}, lambda data: data == b'{"status":"ok"}\n'

        def door(i, n):
            share = shares[i]
            code = share[(n - 1) % len(share)] if n % 10 == 9 else share[(n - n // 10) % len(share)]
            body = json.dumps({"code": f"http://127.0.0.1:{port}/b/{code}", "session_id": None,
                               "nonce": uuid.uuid4().hex})
            headers = {"Authorization": f"Bearer {tokens[i]}", "Content-Type": "application/json"}
            return "POST", f"/api/v1/events/{slug}/checkins", body, headers, \
                lambda data: json.loads(data)["result"] in ("ok", "already_checked_in")

        def floor(_i, _n):
            return "POST", "/_bench/floor", "", {}, lambda data: json.loads(data)["result"] == "ok"

        cpu: dict[str, float] = {}

        def phase(name, make_request, seconds):  # the phase, and the app's CPU it cost
            before = tree_cpu_seconds(proc.pid)
            answer = _load(port, make_request, seconds)
            cpu[name] = cpu.get(name, 0.0) + tree_cpu_seconds(proc.pid) - before
            return answer

        _load(port, bare, 1.0)  # warm-up: every worker imported, connected and compiled
        _load(port, door, 1.0)
        bare_before, bare_rate_1, _ = phase("bare", bare, PHASE_SECONDS)
        scan_latencies, scan_rate, problems = phase("door", door, PHASE_SECONDS)
        floor_latencies, floor_rate, _ = phase("floor", floor, PHASE_SECONDS / 2)
        bare_after, bare_rate_2, _ = phase("bare", bare, PHASE_SECONDS)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        drop()
    bare_rate = (bare_rate_1 + bare_rate_2) / 2
    stats = Stats.of(scan_latencies).with_cpu(cpu["door"], len(scan_latencies))
    bare_stats = Stats.of(bare_before + bare_after).with_cpu(cpu["bare"], len(bare_before) + len(bare_after))
    share = scan_rate / bare_rate
    met = stats.p95_ms < 30 and share >= 0.6 and not problems
    return [
        Result("bare constant JSON, gunicorn ×4, 8 clients", bare_stats, note=f"baseline: {bare_rate:.0f} req/s"),
        Result(f"floor: {FLOOR_STATEMENTS} bare SQL statements in one transaction, gunicorn ×4, 8 clients",
               Stats.of(floor_latencies).with_cpu(cpu["floor"], len(floor_latencies)), "bare constant JSON, gunicorn ×4", floor_rate / bare_rate,
               note=f"for information: {floor_rate:.0f}/s — what a scan's reads and writes cost on this machine with "
                    "no application code; a scan cannot go faster"),
        Result("door scans, gunicorn ×4, PostgreSQL, 8 scanners", stats, "bare constant JSON, gunicorn ×4",
               share, "p95 < 30 ms and ≥ 60 % of bare req/s", met,
               f"{scan_rate:.0f} scans/s ({len(scan_latencies)} scans, ratio = throughput share)"
               + (f"; {len(problems)} bad answers, e.g. {problems[0]}" if problems else "")),
    ]


def run(env: Env) -> list[Result]:
    return _badges(env) + _door_scans()
