"""The participant's side: the registration form, the seat, the manage page."""
from flask import Blueprint

bp = Blueprint("registration", __name__)

from app.registration import group_page, group_routes, manage, manage_prices, routes  # noqa: E402,F401
