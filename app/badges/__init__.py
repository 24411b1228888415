"""Name badges as print-ready PDFs: a participant's own (/me/<token>/badge.pdf) and the organisers'
print sheets (/admin/events/<slug>/badges, `flask badges pdf`)."""
from flask import Blueprint

bp = Blueprint("badges", __name__)

from app.badges import routes  # noqa: E402,F401
