"""The speakers' portal (/speaker/…): sign-in by e-mail link, profile, sessions, schedule."""
from flask import Blueprint

from app.speakers.markdown import render as render_markdown

bp = Blueprint("speakers", __name__, url_prefix="/speaker")
# `{{ text|markdown }}`: session descriptions, sanitised (also used by the public program).
bp.add_app_template_filter(render_markdown, "markdown")

from app.speakers import file_routes, profile_routes, routes, session_routes  # noqa: E402,F401
