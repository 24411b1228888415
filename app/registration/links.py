"""The registration's tokens: the manage link (/me/<token>) and the calendar feed (/calendar/<token>.ics).

Each is derived from its own salt (app/core/tokens.py); only the salt and a digest are stored.
"""
from __future__ import annotations

from sqlalchemy import select

from app.core import tokens
from app.core.urls import absolute_url
from app.extensions import db
from app.models import Registration

MANAGE = "manage"
FEED = "feed"
BADGE = "badge"
BADGE_CODE_LENGTH = 22  # 22 symbols of 23 ≈ 99.5 bits (≥ 96)


def new_tokens() -> dict[str, str]:
    """Fresh salts, and the digests to look the tokens up by, as the registration's columns."""
    manage, feed, badge = tokens.new_salt(), tokens.new_salt(), tokens.new_salt()
    return {
        "manage_salt": manage, "manage_token_hash": tokens.digest(_manage_token(manage)),
        "feed_salt": feed, "feed_token_hash": tokens.digest(_feed_token(feed)),
        "badge_salt": badge, "badge_code_hash": tokens.digest(_badge_code(badge)),
    }


TOKEN_COLUMNS = frozenset(("manage_salt", "manage_token_hash", "feed_salt", "feed_token_hash",
                           "badge_salt", "badge_code_hash"))


def assign_tokens(registration: Registration) -> None:
    for name, value in new_tokens().items():
        setattr(registration, name, value)


def reset_feed_token(registration: Registration) -> None:
    """A new calendar URL; the old one answers 404 from now on."""
    registration.feed_salt = tokens.new_salt()
    registration.feed_token_hash = tokens.digest(feed_token(registration))


def _manage_token(salt: str) -> str:
    return tokens.derive(MANAGE, salt)


def _feed_token(salt: str) -> str:
    return tokens.derive(FEED, salt)


def _badge_code(salt: str) -> str:
    return tokens.derive(BADGE, salt, BADGE_CODE_LENGTH)


def manage_token(registration: Registration) -> str:
    return _manage_token(registration.manage_salt)


def feed_token(registration: Registration) -> str:
    return _feed_token(registration.feed_salt)


def badge_code(registration: Registration) -> str:
    """The code in the badge's QR (as <BASE_URL>/b/<code>) and printed under it."""
    return _badge_code(registration.badge_salt)


def manage_url(registration: Registration) -> str:
    return absolute_url("registration.manage", token=manage_token(registration))


def by_manage_token(token: str) -> Registration | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Registration).where(Registration.manage_token_hash == tokens.digest(token)))


def by_badge_code(code: str) -> Registration | None:
    if not code or len(code) > 80:
        return None
    return db.session.scalar(select(Registration).where(Registration.badge_code_hash == tokens.digest(code)))


def by_feed_token(token: str) -> Registration | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Registration).where(Registration.feed_token_hash == tokens.digest(token)))
