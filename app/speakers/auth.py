"""Who the signed-in speaker is. The signed session cookie carries the speaker's id and the token of one
sign-in (a `SpeakerSignIn` row, only its hash stored); logging out revokes that row, so a copy of the cookie
taken before opens nothing afterwards. Speakers are not Flask-Login users (they have no password)."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps

from flask import current_app, g, redirect, request, session, url_for
from sqlalchemy import delete, or_, select, update

from app.auth.service import hash_token
from app.core import clock
from app.core.urls import number_in
from app.extensions import db
from app.models import Speaker, SpeakerSignIn

SESSION_KEY = "speaker_sign_in"


def sign_in(speaker: Speaker) -> None:
    """A new sign-in for this browser. The caller commits (with the link it has used up)."""
    now = clock.now()
    oldest = now - current_app.permanent_session_lifetime
    db.session.execute(delete(SpeakerSignIn).where(
        SpeakerSignIn.speaker_id == speaker.id,
        or_(SpeakerSignIn.revoked_at.is_not(None), SpeakerSignIn.created_at < oldest)))
    token = secrets.token_urlsafe(32)
    db.session.add(SpeakerSignIn(speaker_id=speaker.id, token_hash=hash_token(token), created_at=now))
    session.clear()
    session[SESSION_KEY] = f"{speaker.id}.{token}"
    session.permanent = True  # stays signed in on this device (PERMANENT_SESSION_LIFETIME)
    g.speaker = speaker


def _stored() -> tuple[int, str] | None:
    value = session.get(SESSION_KEY)
    if not isinstance(value, str):
        return None
    speaker_id, _, token = value.partition(".")
    speaker_id = number_in(speaker_id)
    return (speaker_id, token) if speaker_id is not None and token else None


def sign_out() -> None:
    """This browser's sign-in is revoked, whatever copies of its cookie exist. The caller commits."""
    stored = _stored()
    if stored is not None:
        db.session.execute(update(SpeakerSignIn).where(
            SpeakerSignIn.speaker_id == stored[0], SpeakerSignIn.token_hash == hash_token(stored[1]),
            SpeakerSignIn.revoked_at.is_(None)).values(revoked_at=clock.now()))
    session.pop(SESSION_KEY, None)
    g.pop("speaker", None)


def current_speaker() -> Speaker | None:
    if "speaker" not in g:
        stored = _stored()
        oldest = clock.now() - current_app.permanent_session_lifetime
        g.speaker = None if stored is None else db.session.scalar(
            select(Speaker).join(SpeakerSignIn, SpeakerSignIn.speaker_id == Speaker.id).where(
                Speaker.id == stored[0], SpeakerSignIn.token_hash == hash_token(stored[1]),
                SpeakerSignIn.revoked_at.is_(None), SpeakerSignIn.created_at >= oldest))
    return g.speaker


def speaker_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_speaker() is None:
            return redirect(url_for("speakers.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped
