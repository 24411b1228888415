"""The app exactly as gunicorn serves it (`wsgi.py`), plus the rush's bare baseline route.

`POST /_bench/insert` parses a small form, does one INSERT and commits — the same stack
(gunicorn, Flask, Flask-SQLAlchemy, psycopg, PostgreSQL) with none of the registration's work.
It exists only in this benchmark module; the product never has it. The table `bench_rush` is
created by benchmarks/bench_registration.py before gunicorn starts.

`POST /_bench/floor` is the floor under any registration: the reads and writes a registration
cannot do without (look the event up, check the session choice and the e-mail, lock, count the
seats and the session's, insert registration, choice and e-mail) as FLOOR_STATEMENTS bare SQL
statements in one transaction, with no application code around them.
"""
from __future__ import annotations

from flask import request
from sqlalchemy import text

from app import create_app
from app.extensions import csrf, db
from benchmarks.bench_registration import FLOOR_STATEMENTS

app = create_app()


@app.post("/_bench/insert")
@csrf.exempt
def bench_insert():
    db.session.execute(text("INSERT INTO bench_rush (email, created_at) VALUES (:email, now())"),
                       {"email": request.form.get("email", "")})
    db.session.commit()
    return "", 204


@app.post("/_bench/floor")
@csrf.exempt
def bench_floor():
    for _ in range(FLOOR_STATEMENTS - 1):
        db.session.execute(text("SELECT id, capacity FROM events ORDER BY id LIMIT 1")).first()
    db.session.execute(text("INSERT INTO bench_rush (email, created_at) VALUES (:email, now())"),
                       {"email": request.form.get("email", "")})
    db.session.commit()
    return "", 204
