"""E-mail: the outbox (written in the change's transaction, sent after commit), rendering, composing,
and the one-click opt-out of bulk mail."""
from flask import Blueprint

bp = Blueprint("mail", __name__)

from app.mail import routes  # noqa: E402,F401
