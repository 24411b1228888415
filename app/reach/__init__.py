"""Rekkevidde (/admin/reach): the kommuner the offers reached in a year, per fylke, offer type and years band."""
from flask import Blueprint

from app.admin.labels import globals_

bp = Blueprint("reach", __name__, url_prefix="/admin")
bp.context_processor(globals_)

from app.reach import invite_routes, routes  # noqa: E402,F401
