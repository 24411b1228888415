"""The program capability's pages in the organisers' event workspace (/admin/…)."""
from flask import Blueprint

from app.admin.labels import globals_

bp = Blueprint("program_organiser", __name__, url_prefix="/admin")
bp.context_processor(globals_)  # the workspace's words for codes, as on every organiser page

from app.program.organiser import (  # noqa: E402,F401  (the route modules attach themselves to bp)
    events,
    notices,
    program,
    session_speakers,
    venues,
)
