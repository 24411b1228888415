"""Feedback surveys: answering through a single-use link (/survey/<token>), and the organisers'
builder and results under /admin/surveys/ (every view for organisers only)."""
from flask import Blueprint

bp = Blueprint("surveys", __name__)
admin_bp = Blueprint("surveys_admin", __name__, url_prefix="/admin/surveys")

from app.surveys import admin_routes, routes  # noqa: E402,F401
