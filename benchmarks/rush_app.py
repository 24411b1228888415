"""The app exactly as gunicorn serves it (`wsgi.py`), plus the rush's bare baseline route.

`POST /_bench/insert` parses a small form, does one INSERT and commits — the same stack
(gunicorn, Flask, Flask-SQLAlchemy, psycopg, PostgreSQL) with none of the registration's work.
It exists only in this benchmark module; the product never has it. The table `bench_rush` is
created by benchmarks/bench_registration.py before gunicorn starts.
"""
from __future__ import annotations

from flask import request
from sqlalchemy import text

from app import create_app
from app.extensions import csrf, db

app = create_app()


@app.post("/_bench/insert")
@csrf.exempt
def bench_insert():
    db.session.execute(text("INSERT INTO bench_rush (email, created_at) VALUES (:email, now())"),
                       {"email": request.form.get("email", "")})
    db.session.commit()
    return "", 204
