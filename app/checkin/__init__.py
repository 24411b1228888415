"""Door check-in: the scanner page (/checkin/<slug>), what a badge's QR opens (/b/<code>), the
check-in API (/api/v1/events/<slug>/checkins) and the organisers' arrivals overview."""
from flask import Blueprint

bp = Blueprint("checkin", __name__)

from app.checkin import api, routes  # noqa: E402,F401
