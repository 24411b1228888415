"""Calendar feeds (iCalendar): an event's program, one session, a participant's own program and
a speaker's sessions, kept right as the program changes."""
from flask import Blueprint

bp = Blueprint("calendar", __name__)

from app.calendar import links, routes  # noqa: E402,F401
