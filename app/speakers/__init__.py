"""The speakers' portal (/speaker/…): sign-in by e-mail link, profile, sessions, schedule."""
from flask import Blueprint

bp = Blueprint("speakers", __name__, url_prefix="/speaker")

from app.speakers import file_routes, profile_routes, routes, session_routes  # noqa: E402,F401
