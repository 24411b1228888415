"""The one-click opt-out of bulk mail (RFC 8058): the link in every bulk message's List-Unsubscribe.

GET shows what the link does and a button; POST opts out. The POST needs no login and no CSRF token:
a mail provider sends it on the reader's behalf (`List-Unsubscribe=One-Click`), and the token in the URL,
derived from the address, is its own authority (it can only opt that one address out).
"""
from __future__ import annotations

from flask import abort, render_template

from app.extensions import csrf, db, limiter
from app.mail import bp, optout

OPT_OUT_LIMIT = "20 per minute"


def _token_or_404(token: str) -> str:
    if not optout.is_token(token):
        abort(404)
    return token


@bp.get("/mail/unsubscribe/<token>")
def unsubscribe(token: str):
    return render_template("mail/unsubscribe_page.html", token=_token_or_404(token), done=False)


@bp.post("/mail/unsubscribe/<token>")
@csrf.exempt
@limiter.limit(OPT_OUT_LIMIT)
def unsubscribe_post(token: str):
    optout.opt_out(_token_or_404(token))
    db.session.commit()
    return render_template("mail/unsubscribe_page.html", token=token, done=True)
