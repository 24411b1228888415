"""E-mail: the texts of every kind (texts.py), the outbox (written in the change's transaction, sent after
commit), rendering when sent, composing the MIME message, and the one-click opt-out of bulk mail."""
from flask import Blueprint

bp = Blueprint("mail", __name__)


@bp.app_context_processor
def _mail_reasons() -> dict:
    """`mail_reason(code)` in every template: why a message failed or was not sent, in words."""
    from app.mail.reasons import label

    return {"mail_reason": label}


from app.mail import routes  # noqa: E402,F401
