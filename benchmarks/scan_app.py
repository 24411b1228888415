"""The WSGI app the door-scan benchmark serves with gunicorn: the real app (configured from the
environment, as `gunicorn wsgi:app` would be) plus the bare routes it is compared against.

    gunicorn -w 4 benchmarks.scan_app:app

`POST /_bench/floor` is the floor under any scan: the statements a scan cannot do without (who
is scanning, the badge's row locked, its check-in so far, the new check-in) as bare SQL in one
transaction, with no application code around them. The table `bench_scan` is created by
benchmarks/bench_checkin.py.
"""
from flask import jsonify
from sqlalchemy import text

from app import create_app
from app.extensions import csrf, db
from benchmarks.bench_checkin import FLOOR_STATEMENTS
from benchmarks.harness import add_baseline_routes

app = create_app()
add_baseline_routes(app)


@app.post("/_bench/floor")
@csrf.exempt
def bench_floor():
    for _ in range(FLOOR_STATEMENTS - 1):
        db.session.execute(text("SELECT id, status FROM registrations ORDER BY id LIMIT 1")).first()
    db.session.execute(text("INSERT INTO bench_scan (scanned_at) VALUES (now())"))
    db.session.commit()
    return jsonify(result="ok")
