"""The WSGI app the door-scan benchmark serves with gunicorn: the real app (configured from the
environment, as `gunicorn wsgi:app` would be) plus the bare routes it is compared against.

    gunicorn -w 4 benchmarks.scan_app:app
"""
from app import create_app
from benchmarks.harness import add_baseline_routes

app = create_app()
add_baseline_routes(app)
