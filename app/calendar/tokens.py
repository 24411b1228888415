"""A speaker's calendar feed token (`/calendar/<token>.ics`, the same route as a participant's), and a
leader's feed of all their events (`/me/calendar/<token>.ics`).

Like every token (app/core/tokens.py) it is derived from a per-speaker salt; only the salt and
a digest are stored. It is made the first time the speakers' portal asks for the URL, and the
speaker can reset it (the old URL then answers 404). Nothing here commits: the page that shows the
URL opens a transaction for the one visit that makes it (`needs_speaker_feed_token`).

The columns are written with a plain UPDATE that leaves `updated_at` alone, so making or
resetting the token is not a change to the program (no version bump, no new LAST-MODIFIED).
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.core import tokens
from app.core.urls import absolute_url
from app.extensions import db
from app.models import Person, Speaker

PURPOSE = "speaker-feed"
PERSON_PURPOSE = "person-feed"


def speaker_feed_token(speaker: Speaker) -> str | None:
    return tokens.derive(PURPOSE, speaker.feed_salt) if speaker.feed_salt else None


def needs_speaker_feed_token(speaker: Speaker) -> bool:
    """True until the speaker's feed token is made: `speaker_feed_url` then writes."""
    return not speaker.feed_salt


def speaker_feed_url(speaker: Speaker) -> str:
    """The speaker's feed URL; makes the token on first use (in the caller's transaction)."""
    token = speaker_feed_token(speaker)
    if token is None:
        token = _store_new_token(speaker)
    return absolute_url("calendar.personal_feed", token=token)


def reset_speaker_feed(speaker: Speaker) -> str:
    """A new feed URL for the speaker; the old one answers 404 from now on (once the caller commits)."""
    _store_new_token(speaker)
    return speaker_feed_url(speaker)


def by_speaker_feed_token(token: str) -> Speaker | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Speaker).where(Speaker.feed_token_hash == tokens.digest(token)))


def _store_new_token(speaker: Speaker) -> str:
    salt = tokens.new_salt()
    token = tokens.derive(PURPOSE, salt)
    db.session.execute(
        update(Speaker)
        .where(Speaker.id == speaker.id)
        .values(feed_salt=salt, feed_token_hash=tokens.digest(token), updated_at=Speaker.updated_at)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(speaker, "feed_salt", salt)
    set_committed_value(speaker, "feed_token_hash", tokens.digest(token))
    return token


# --- a leader's feed of all their events (/me/calendar/<token>.ics, Min side) -------------------
# Made with the person (app.people.identity) and reset from Min side, in the caller's transaction.

def assign_person_feed(person: Person) -> None:
    """A new feed token for the person (the old one, if any, opens nothing from now on)."""
    person.feed_salt = tokens.new_salt()
    person.feed_token_hash = tokens.digest(tokens.derive(PERSON_PURPOSE, person.feed_salt))


def person_feed_url(person: Person) -> str | None:
    if not person.feed_salt:
        return None
    return absolute_url("calendar.person_feed", token=tokens.derive(PERSON_PURPOSE, person.feed_salt))


def by_person_feed_token(token: str) -> Person | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Person).where(Person.feed_token_hash == tokens.digest(token)))
