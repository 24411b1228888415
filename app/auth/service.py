"""Accounts for organisers and door staff: creating them, checking passwords, API tokens."""
from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.core import clock
from app.extensions import db
from app.models import ApiToken, Event, User, UserRole


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to check against when the user is unknown, so timing tells nothing."""
    return generate_password_hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A user account could not be created or changed as asked."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same work either way)."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = clock.now()
    db.session.commit()
    return user


def create_user(email: str, role: UserRole, password: str, *, name: str = "", event_slugs: list[str] | None = None) -> User:
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError(f"not an e-mail address: {email!r}")
    if len(password) < 10:
        raise AccountError("the password must be at least 10 characters")
    if find_user(email) is not None:
        raise AccountError(f"a user with e-mail {email} already exists")
    user = User(email=email, role=role, name=name)
    user.set_password(password)
    for slug in event_slugs or []:
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        if event is None:
            raise AccountError(f"no event with slug {slug!r}")
        user.events.append(event)
    db.session.add(user)
    db.session.commit()
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(user: User) -> str:
    """A new bearer token for a scanner device; only its hash is stored."""
    token = "sam_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=hash_token(token)))
    db.session.commit()
    return token


def revoke_api_tokens(user: User) -> int:
    count = 0
    for token in user.api_tokens:
        if token.revoked_at is None:
            token.revoked_at = clock.now()
            count += 1
    db.session.commit()
    return count


def user_for_token(token: str) -> User | None:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or not row.user.active:
        return None
    return row.user
