"""Mentoring (mentorordning) and peer groups (kollegagrupper): the themes, the map of neighbouring fylker and
the two engines, pure functions over plain values (matching.py: mentees to mentors; groups.py: peer groups);
the opt-in, withdrawing and approving in the database (service.py), the pairs' «mentorlunsj» (lunch.py), the
three-month follow-up (followup.py, answered at /mentoring/followup/<token>: routes.py; sent by
`flask mentoring send-followups`: cli.py) and the organisers' page /admin/mentoring (organiser.py). scipy is
imported only when a matching is made."""
from flask import Blueprint

from app.admin.labels import globals_

bp = Blueprint("mentoring", __name__)
organiser_bp = Blueprint("mentoring_organiser", __name__, url_prefix="/admin")
organiser_bp.context_processor(globals_)

from app.mentoring import organiser, routes  # noqa: E402,F401
