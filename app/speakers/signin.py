"""Sign-in links for speakers: single-use, expiring, only their hash stored.

An organiser's invitation and a speaker's own request both end here. The link opens a page with
a button (POST) that signs in, so mail scanners that fetch links cannot use them up. Nothing here
commits: the route owns the transaction (using a link up and the sign-in it makes are one).
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update

from app.core import clock, tokens
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import outbox, texts
from app.models import Speaker, SpeakerLoginToken, User
from app.speakers import service


class LinkError(Exception):
    def __init__(self, reason: str) -> None:  # invalid | used | expired
        super().__init__(reason)
        self.reason = reason


def find_speaker(email: str) -> Speaker | None:
    email = email.strip().lower()
    if not email:
        return None
    return db.session.scalar(select(Speaker).where(func.lower(Speaker.email) == email))


def send_link(speaker: Speaker, *, invited_by: User | None = None) -> SpeakerLoginToken:
    """Create a link and queue the e-mail (an invitation when an organiser sends it)."""
    token = secrets.token_urlsafe(32)
    purpose = "invitation" if invited_by is not None else "login"
    lifetime = (timedelta(days=current_app.config["SPEAKER_INVITATION_DAYS"]) if invited_by is not None
                else timedelta(hours=current_app.config["SPEAKER_LINK_HOURS"]))
    row = SpeakerLoginToken(
        speaker_id=speaker.id, token_hash=tokens.digest(token), purpose=purpose,
        invited_by_user_id=invited_by.id if invited_by else None,
        expires_at=clock.now() + lifetime,
    )
    db.session.add(row)
    url = absolute_url("speakers.redeem", token=token)
    # An invitation names the upcoming events, the speaker's sessions there and the date details are wanted by.
    events = ([g for g in service.by_event(service.my_sessions(speaker.id)) if not g.is_past]
              if invited_by is not None else [])
    mail = texts.write("speaker_signin", speaker=speaker, url=url, invited_by=invited_by, events=events,
                       hours=lifetime.days * 24 + lifetime.seconds // 3600, days=lifetime.days)
    outbox.queue(kind=f"speaker.{purpose}", to=speaker.email, subject=mail.subject, text=mail.text, html=mail.html)
    db.session.flush()
    return row


def request_link(email: str) -> None:
    """'Send me a sign-in link': the same outcome for the caller whether the address is known or not."""
    speaker = find_speaker(email)
    if speaker is not None and speaker.email:
        send_link(speaker)


def check(token: str) -> SpeakerLoginToken:
    """The valid, unused, unexpired link for this token, or LinkError."""
    row = db.session.scalar(select(SpeakerLoginToken).where(SpeakerLoginToken.token_hash == tokens.digest(token)))
    if row is None:
        raise LinkError("invalid")
    if row.used_at is not None:
        raise LinkError("used")
    if row.expires_at <= clock.now():
        raise LinkError("expired")
    return row


def redeem(token: str) -> Speaker:
    """Use the link up and return its speaker. Single use even when the button is pressed in several
    browsers at once: one UPDATE that only an unused, unexpired link matches, so exactly one wins (on
    PostgreSQL a second one waits for the first's commit and then matches nothing)."""
    now = clock.now()
    speaker_id = db.session.scalar(
        update(SpeakerLoginToken)
        .where(SpeakerLoginToken.token_hash == tokens.digest(token), SpeakerLoginToken.used_at.is_(None),
               SpeakerLoginToken.expires_at > now)
        .values(used_at=now)
        .returning(SpeakerLoginToken.speaker_id)
    )
    if speaker_id is None:
        check(token)  # says why: unknown, used or expired
        raise LinkError("used")  # used up by another request between the two statements
    return db.session.get(Speaker, speaker_id)
