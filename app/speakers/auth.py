"""Who the signed-in speaker is. The signed session cookie carries the speaker's id and the token of one
sign-in (a `SpeakerSignIn` row, only its hash stored); logging out revokes that row, so a copy of the cookie
taken before opens nothing afterwards (app.core.email_signin). Speakers are not Flask-Login users (they have
no password)."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, redirect, request, url_for
from sqlalchemy import select

from app.core.email_signin import BrowserSignIns
from app.extensions import db
from app.models import Speaker, SpeakerSignIn

SESSION_KEY = "speaker_sign_in"
SIGN_INS = BrowserSignIns(SpeakerSignIn, "speaker_id", SESSION_KEY)


def sign_in(speaker: Speaker) -> None:
    """A new sign-in for this browser. The caller commits (with the link it has used up)."""
    SIGN_INS.sign_in(speaker.id)
    g.speaker = speaker


def sign_out() -> None:
    """This browser's sign-in is revoked, whatever copies of its cookie exist. The caller commits."""
    SIGN_INS.sign_out()
    g.pop("speaker", None)


def current_speaker() -> Speaker | None:
    if "speaker" not in g:
        found = SIGN_INS.signed_in_condition()
        g.speaker = None if found is None else db.session.scalar(
            select(Speaker).join(SpeakerSignIn, SpeakerSignIn.speaker_id == Speaker.id).where(*found[1]))
    return g.speaker


def speaker_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_speaker() is None:
            return redirect(url_for("speakers.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped
