"""The organisers' workspace shell (/admin/…): what belongs to no capability — the layout, tabs and
breadcrumbs (workspace.py), the dashboard across events, users and event teams, the audit log, the outbox.
Each capability's own organiser pages are in app/<capability>/organiser[.py], on their own blueprints.

Every view says what it needs with `@requires(action)` (app/auth/access.py: the one access rule).
"""
from flask import Blueprint

from app.admin.labels import globals_

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.context_processor(globals_)

from app.admin import (  # noqa: E402,F401
    audit,
    dashboard,
    outbox,
    people,
    preview,
    team,
)
