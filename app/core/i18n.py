"""Language choice (bokmål by default, English second); the time filters come from app/core/clock.py."""
from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale

from app.core import clock

LANG_COOKIE = "lang"


def select_locale() -> str:
    """The override (e-mail to a person in their language), the ?lang= or cookie of the request; outside a request
    (a CLI command, the worker, a service called from a test) the override or bokmål."""
    supported = current_app.config["LANGUAGES"]
    choice = getattr(g, "lang_override", None)
    if not choice and has_request_context():
        choice = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    return choice if choice in supported else current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        day_label=clock.day_label,
        date_label=clock.date_label,
        short_date=clock.short_date,
        time_label=clock.time_label,
        datetime_label=clock.datetime_label,
    )
    app.jinja_env.globals.update(date_range_label=clock.date_range_label, current_locale=lambda: str(get_locale()))
