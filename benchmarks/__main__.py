"""Run every benchmark module and print (and save) one table.

    make bench                      # all, on a temporary SQLite database
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/samling_bench make bench
    python -m benchmarks program    # only modules whose name contains 'program'
"""
from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask_migrate import upgrade

import benchmarks
from app import create_app
from app.extensions import db, limiter
from benchmarks.harness import Env, add_baseline_routes, measure, table


def _database_url(tmp: str) -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url else f"sqlite:///{tmp}/bench.db"


def main(selected: list[str]) -> int:
    tmp = tempfile.mkdtemp(prefix="samling-bench-")
    app = create_app("testing", {
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp),
        "SQLALCHEMY_RECORD_QUERIES": False,
        "BASE_URL": "http://bench.samling.test",
        "UPLOAD_DIR": tmp + "/uploads",
        "SECRET_KEY": "bench",
    })
    limiter.enabled = False
    add_baseline_routes(app)
    with app.app_context():
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade()
        from app.seeding.places import seed_municipalities
        from app.seeding.run import seed_dir

        seed_municipalities(seed_dir() / "kommuner.csv")
        db.session.commit()
        from app.models import Event
        from tests.factories import Factory

        probe = Factory(app).event(slug="bench-baseline")
        env = Env(app=app, client=app.test_client())
        env.data["probe_event_id"] = probe.id if isinstance(probe, Event) else probe
    client = env.client
    env.baselines["bare constant JSON"] = measure(lambda: client.get("/_bench/constant"))
    env.baselines["bare single read"] = measure(lambda: client.get(f"/_bench/read/{env.data['probe_event_id']}"))

    results = []
    from benchmarks.harness import Result

    for name, stats in env.baselines.items():
        results.append(Result(name, stats, note="baseline"))
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (selected and not any(s in info.name for s in selected)):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        results.extend(module.run(env))

    report = table(results)
    print(report)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = Path(__file__).parent / "latest.md"
    out.write_text(f"# Benchmarks ({stamp}, {db_label(app)})\n\n{report}\n", encoding="utf-8")
    return 0 if all(r.met is not False for r in results) else 1


def db_label(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
