"""Personal data done right: the privacy notice and the retention rules (`flask privacy purge`)."""
from flask import Blueprint

bp = Blueprint("privacy", __name__)

from app.privacy import routes  # noqa: E402,F401
