"""Profile a hot path in one process against a throw-away PostgreSQL database: where a request's
time goes (SQL per statement, then a pyinstrument call tree). For the goals `make bench` misses.

    .venv/bin/python -m benchmarks.profiles registration   # POST /events/<slug>/register
    .venv/bin/python -m benchmarks.profiles scan           # POST /api/v1/events/<slug>/checkins
    .venv/bin/python -m benchmarks.profiles rush           # the rush itself, under gunicorn, with py-spy

The first two run the app in production configuration through the test client. `rush` runs the
benchmark's registration rush against gunicorn (4 workers) and samples every worker with py-spy:
how much of the workers' time is spent waiting on PostgreSQL (round trips, the row lock) and where
their CPU goes, by the application's functions.
"""
from __future__ import annotations

import collections
import html
import os
import re
import sys
import time
import uuid
from collections.abc import Callable

from sqlalchemy import event as sa_event

from tests.pgdb import throwaway_database

WARMUP, TIMED, PROFILED = 30, 300, 300


def _production_app(url: str, **extra: str):
    os.environ.update({"APP_ENV": "production", "DATABASE_URL": url, "SECRET_KEY": "profile-" + "x" * 24,
                       "BASE_URL": "http://127.0.0.1:1", "RATELIMIT_ENABLED": "0", "MAIL_SEND_INLINE": "0", **extra})
    from app import create_app

    return create_app()


def _registration() -> tuple[Callable[[int], None], object, Callable[[], None]]:
    from benchmarks import bench_registration as rush

    url, drop = throwaway_database(rush._pg_server_url(), "samling_profile")
    prepared = rush._prepare(url)
    app = _production_app(url)
    client = app.test_client(use_cookies=False)
    page = client.get("/events/rush/register")
    cookie = {"Cookie": page.headers["Set-Cookie"].split(";", 1)[0]}  # one browser; the flash is never read
    token = html.unescape(re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page.data).group(1).decode())

    def one(i: int) -> None:
        form = {"csrf_token": token, "first_name": f"Deltaker{i}", "last_name": "Rush", "email": f"p{i}@example.org",
                "organisation": "Eksempel kulturskole", "kommune": "3405", "job_title": "Rektor",
                "years_as_leader": "4-6", "privacy_accepted": "y", "sessions": [str(prepared["workshops"][i % 3])]}
        response = client.post("/events/rush/register", data=form, headers=cookie)
        assert response.status_code == 303, response.status_code

    return one, app, drop


def _scan() -> tuple[Callable[[int], None], object, Callable[[], None]]:
    from benchmarks import bench_checkin as door

    url, drop = throwaway_database(door._pg_base(), "samling_profile")
    secret = "profile-token-secret-" + "y" * 12
    slug, codes, tokens = door._prepare(url, secret)
    app = _production_app(url, TOKEN_SECRET=secret)
    client = app.test_client(use_cookies=False)

    def one(i: int) -> None:
        body = {"code": f"http://127.0.0.1:1/b/{codes[i % len(codes)]}", "session_id": None, "nonce": uuid.uuid4().hex}
        response = client.post(f"/api/v1/events/{slug}/checkins", json=body,
                               headers={"Authorization": f"Bearer {tokens[0]}"})
        assert response.status_code == 200, response.data

    return one, app, drop


def _rush() -> int:
    """The rush under py-spy: (waiting on PostgreSQL, CPU by the application's outermost functions)."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from benchmarks import bench_registration as rush

    spy = shutil.which("py-spy", path=os.path.dirname(sys.executable)) or shutil.which("py-spy")
    if spy is None:
        print("py-spy is not installed (requirements-dev.txt)", file=sys.stderr)
        return 2
    url, drop = throwaway_database(rush._pg_server_url(), "samling_profile")
    raw = Path(tempfile.mkdtemp(prefix="samling-spy-")) / "rush.txt"
    try:
        prepared = rush._prepare(url)
        port = rush._free_port()
        server = rush._start_gunicorn(url, port, raw.with_suffix(".log"))
        try:
            clients = [rush._Client(port, "rush") for _ in range(rush.CLIENTS)]
            rush._rush_round(clients, prepared["workshops"], 200, 0)  # warm every worker
            recorder = subprocess.Popen([spy, "record", "--subprocesses", "--format", "raw", "--rate", "200",
                                         "--output", str(raw), "--pid", str(server.pid)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(2)  # py-spy attaches
            _lat, wall, created = rush._rush_round(clients, prepared["workshops"], rush.REGISTRATIONS, 10_000)
            recorder.send_signal(2)
            recorder.wait(timeout=60)
        finally:
            rush._stop(server)
    finally:
        drop()
    print(f"rush under py-spy: {created / wall:.0f} registrations/s (sampling slows it)")
    _print_split(raw)
    return 0


def _print_split(raw) -> None:
    """py-spy's raw stacks ('frame;frame;… count') of the workers' requests, split into waiting on
    PostgreSQL (by the application function that waits: the row lock shows as the lock's statement)
    and CPU (by the three outermost application frames, else the framework's)."""
    waiting, cpu = collections.Counter(), collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if "SyncWorker.handle_request" not in stack:
            continue  # the arbiter, or a worker between requests
        frames = stack.split(";")
        ours = [f.split(" (")[0] for f in frames if " (app/" in f]
        if any(f.startswith("Connection.wait (psycopg") for f in frames):
            waiting[ours[-1] if ours else "?"] += int(count)
        else:
            cpu[" > ".join(ours[:3]) if ours else "(framework: Flask, werkzeug, gunicorn)"] += int(count)
    total = sum(waiting.values()) + sum(cpu.values())
    print(f"  {sum(waiting.values()) / total:6.1%}  waiting on PostgreSQL, of which:")
    for where, count in waiting.most_common(8):
        print(f"  {count / total:12.1%}  {where}")
    print(f"  {sum(cpu.values()) / total:6.1%}  CPU, of which:")
    for where, count in cpu.most_common(15):
        print(f"  {count / total:12.1%}  {where}")


def main(which: str) -> int:
    if which == "rush":
        return _rush()
    setups = {"registration": _registration, "scan": _scan}
    if which not in setups:
        print(f"usage: python -m benchmarks.profiles {{{','.join([*setups, 'rush'])}}}", file=sys.stderr)
        return 2
    from pyinstrument import Profiler

    from app.extensions import db

    one, app, drop = setups[which]()
    try:
        for i in range(WARMUP):
            one(i)
        with app.app_context():
            engine = db.engine
        spent: dict[str, float] = collections.defaultdict(float)
        count: collections.Counter[str] = collections.Counter()
        started: dict[str, float | str] = {}

        def before(_c, _cur, statement, _p, _ctx, _many):
            started["at"], started["sql"] = time.perf_counter(), " ".join(statement.split())[:90]

        def after(_c, _cur, _s, _p, _ctx, _many):
            spent[started["sql"]] += time.perf_counter() - started["at"]
            count[started["sql"]] += 1

        sa_event.listen(engine, "before_cursor_execute", before)
        sa_event.listen(engine, "after_cursor_execute", after)
        begin = time.perf_counter()
        for i in range(WARMUP, WARMUP + TIMED):
            one(i)
        per_request = (time.perf_counter() - begin) / TIMED * 1000
        sa_event.remove(engine, "before_cursor_execute", before)
        sa_event.remove(engine, "after_cursor_execute", after)
        print(f"{which}: {per_request:.2f} ms per request in one process, of which SQL "
              f"{sum(spent.values()) / TIMED * 1000:.2f} ms in {sum(count.values()) / TIMED:.1f} statements")
        for sql, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {seconds / TIMED * 1000:6.2f} ms  {count[sql] / TIMED:4.1f}×  {sql}")
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for i in range(WARMUP + TIMED, WARMUP + TIMED + PROFILED):
            one(i)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False))
    finally:
        drop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
