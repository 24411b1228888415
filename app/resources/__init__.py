"""The resource library: the start package for new leaders and every other checklist, template and process
description. Public at /ressurser (routes.py); kept by organisers at /admin/resources (organiser.py)."""
from flask import Blueprint

from app.resources.labels import globals_

bp = Blueprint("resources", __name__, url_prefix="/ressurser")
bp.context_processor(globals_)

from app.resources import routes  # noqa: E402,F401
