"""The organisers' back office (/admin/…): events, program, speakers, registrations, exports, people.

Every view says what it needs with `@requires(action)` (app/auth/access.py: the one access rule). Routes are thin and split by area; the
rules live in app.program (events, program, conflicts, notices) and app.admin.services.
"""
from flask import Blueprint

from app.admin.labels import globals_

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.context_processor(globals_)

from app.admin import (  # noqa: E402,F401
    audit,
    dashboard,
    events,
    exports,
    mailing,
    notices,
    outbox,
    people,
    program,
    program_speakers,
    registrations,
    speakers,
    team,
    venues,
)
