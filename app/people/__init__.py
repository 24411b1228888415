"""The leader across events: Min side (/me/), its sign-in by e-mailed link, «Glem meg» and «mine data»."""
from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/me")

from app.people import routes  # noqa: E402,F401
