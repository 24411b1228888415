"""Template globals that are not about language."""
from __future__ import annotations

from flask import Flask

from app.core import clock, markdown


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        has_endpoint=lambda name: name in app.view_functions,
        now=clock.now,
    )
    app.jinja_env.filters["datetime_attr"] = clock.machine_time  # <time datetime="{{ moment|datetime_attr }}">
    app.jinja_env.filters["markdown"] = markdown.render  # event descriptions, speaker bios, session descriptions
