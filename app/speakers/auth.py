"""Who the signed-in speaker is (kept in the signed session cookie, not in Flask-Login)."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, redirect, request, session, url_for

from app.extensions import db
from app.models import Speaker

SESSION_KEY = "speaker_id"


def sign_in(speaker: Speaker) -> None:
    session.clear()
    session[SESSION_KEY] = speaker.id
    session.permanent = True  # stays signed in on this device (PERMANENT_SESSION_LIFETIME)


def sign_out() -> None:
    session.pop(SESSION_KEY, None)


def current_speaker() -> Speaker | None:
    if "speaker" not in g:
        speaker_id = session.get(SESSION_KEY)
        g.speaker = db.session.get(Speaker, speaker_id) if isinstance(speaker_id, int) else None
    return g.speaker


def speaker_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_speaker() is None:
            return redirect(url_for("speakers.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped
