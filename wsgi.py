"""Entry point for `flask` (via .flaskenv) and for `gunicorn wsgi:app`."""
from app import create_app

app = create_app()
