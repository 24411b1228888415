"""Feedback surveys: answering through a single-use link (/survey/<token>), and the organisers'
builder and results under /admin/surveys/ (every view for organisers only)."""
from flask import Blueprint

bp = Blueprint("surveys", __name__)

from app.surveys import routes  # noqa: E402,F401
