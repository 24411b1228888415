"""Sign-in links for speakers: single-use, expiring, only their hash stored.

An organiser's invitation and a speaker's own request both end here. The link opens a page with
a button (POST) that signs in, so mail scanners that fetch links cannot use them up.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.core.email_signin import LinkError, SignInLinks
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import outbox, texts
from app.models import Speaker, SpeakerLoginToken, User
from app.speakers import service

__all__ = ["LINKS", "LinkError", "check", "find_speaker", "redeem", "request_link", "send_link"]

LINKS = SignInLinks(SpeakerLoginToken, "speaker_id")


def find_speaker(email: str) -> Speaker | None:
    email = email.strip().lower()
    if not email:
        return None
    return db.session.scalar(select(Speaker).where(func.lower(Speaker.email) == email))


def send_link(speaker: Speaker, *, invited_by: User | None = None) -> SpeakerLoginToken:
    """Create a link and queue the e-mail (an invitation when an organiser sends it)."""
    purpose = "invitation" if invited_by is not None else "login"
    lifetime = (timedelta(days=current_app.config["SPEAKER_INVITATION_DAYS"]) if invited_by is not None
                else timedelta(hours=current_app.config["SPEAKER_LINK_HOURS"]))
    token = LINKS.new(speaker.id, lifetime, purpose=purpose, invited_by_user_id=invited_by.id if invited_by else None)
    url = absolute_url("speakers.redeem", token=token)
    # An invitation names the upcoming events, the speaker's sessions there and the date details are wanted by.
    events = ([g for g in service.by_event(service.my_sessions(speaker.id)) if not g.is_past]
              if invited_by is not None else [])
    mail = texts.write("speaker_signin", speaker=speaker, url=url, invited_by=invited_by, events=events,
                       hours=lifetime.days * 24 + lifetime.seconds // 3600, days=lifetime.days)
    outbox.queue(kind=f"speaker.{purpose}", to=speaker.email, subject=mail.subject, text=mail.text, html=mail.html)
    db.session.flush()
    return LINKS.check(token)


def request_link(email: str) -> None:
    """'Send me a sign-in link': the same outcome for the caller whether the address is known or not."""
    speaker = find_speaker(email)
    if speaker is not None and speaker.email:
        send_link(speaker)


def check(token: str) -> SpeakerLoginToken:
    """The valid, unused, unexpired link for this token, or LinkError."""
    return LINKS.check(token)


def redeem(token: str) -> Speaker:
    """Use the link up and return its speaker (single use even when pressed in several browsers at once)."""
    speaker_id = LINKS.redeem(token)
    return db.session.get(Speaker, speaker_id)
