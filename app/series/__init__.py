"""Series and networks: the public page of a series (join, meetings, the member list for members) and the
organisers' pages (/admin/series). The series' calendar feed is served by app/calendar."""
from flask import Blueprint

from app.admin.labels import globals_

bp = Blueprint("series", __name__)
organiser_bp = Blueprint("series_organiser", __name__, url_prefix="/admin")
organiser_bp.context_processor(globals_)

from app.series import joining, organiser, routes  # noqa: E402,F401
