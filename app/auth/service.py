"""Accounts for organisers and door staff: creating them, checking passwords, sign-ins, API tokens.

Nothing here commits: the caller (the auth routes, the CLI, seeding) owns the transaction
(app.core.transaction)."""
from __future__ import annotations

import secrets
from functools import lru_cache

from flask import current_app
from sqlalchemy import delete, func, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.access import ACTIONS
from app.core import clock, tokens
from app.core.urls import number_in
from app.extensions import db
from app.models import ApiToken, Event, EventRole, TeamMember, User, UserRole, UserSignIn


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to check against when the user is unknown, so timing tells nothing."""
    return generate_password_hash(secrets.token_hex(16))


# Generated passwords are read off a screen and typed: no look-alikes (0/O/o, 1/l/I/i).
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def readable_password(groups: int = 4, size: int = 4) -> str:
    """A generated password like `k7qm-x3vd-p9ta-hw4e` (16 symbols of 31, about 79 bits)."""
    return "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(size)) for _ in range(groups))


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
    return user


def scanning_events(user: User) -> list[Event]:
    """The events on whose team a user checks in (dørvakt, arrangør) that have not ended (all of them when every
    one has)."""
    now = clock.now()
    door = user.events_as(*ACTIONS["checkin"])
    return [e for e in door if e.ends_at > now] or door


def create_user(email: str, role: UserRole, password: str, *, name: str = "", event_slugs: list[str] | None = None,
                event_role: EventRole = EventRole.DOOR) -> User:
    """An account, on the team of each event in `event_slugs` with `event_role`. The caller commits."""
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
        user.team.append(TeamMember(event=event, role=event_role))
    db.session.add(user)
    db.session.flush()
    return user


def every_event_slug() -> list[str]:
    """Every event's slug, oldest first (an arrangør created for all events: `flask users create --role organiser`)."""
    return list(db.session.scalars(select(Event.slug).order_by(Event.starts_at, Event.id)))


def hash_token(token: str) -> str:
    return tokens.hash_secret(token)


# --- sign-ins (what Flask-Login keeps in the session and the remember-me cookie) ---------------------

def start_sign_in(user: User, *, remember: bool) -> None:
    """A new sign-in for this browser: `user.get_id()` carries its token from now on.

    The user's old sign-ins that can no longer be used (revoked, or older than a remember-me cookie
    lives) are cleared out at the same time."""
    now = clock.now()
    oldest = now - current_app.config["REMEMBER_COOKIE_DURATION"]
    db.session.execute(delete(UserSignIn).where(
        UserSignIn.user_id == user.id, or_(UserSignIn.revoked_at.is_not(None), UserSignIn.created_at < oldest)))
    token = secrets.token_urlsafe(32)
    db.session.add(UserSignIn(user_id=user.id, token_hash=hash_token(token), remember=remember, created_at=now))
    user.sign_in_token = token


def user_for_sign_in(stored_id: str) -> User | None:
    """The active user whose current sign-in `stored_id` (from the session or a remember-me cookie) is."""
    user_id, _, rest = stored_id.partition(".")
    generation, _, token = rest.partition(".")
    user_id, generation = number_in(user_id), number_in(generation, low=0)
    if user_id is None or generation is None or not token:
        return None
    user = db.session.scalar(
        select(User).join(UserSignIn, UserSignIn.user_id == User.id).where(
            User.id == user_id, User.session_generation == generation, User.active.is_(True),
            UserSignIn.token_hash == hash_token(token), UserSignIn.revoked_at.is_(None)))
    if user is not None:
        user.sign_in_token = token
    return user


def end_sign_in(user: User) -> None:
    """Logging out: this browser's sign-in is revoked, whatever copies of its cookies exist."""
    if user.sign_in_token:
        db.session.execute(update(UserSignIn).where(
            UserSignIn.token_hash == hash_token(user.sign_in_token), UserSignIn.revoked_at.is_(None),
        ).values(revoked_at=clock.now()))


def issue_api_token(user: User) -> str:
    """A new bearer token for a scanner device; only its hash is stored."""
    token = "sam_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=hash_token(token)))
    db.session.flush()
    return token


def revoke_api_tokens(user: User) -> int:
    count = 0
    for token in user.api_tokens:
        if token.revoked_at is None:
            token.revoked_at = clock.now()
            count += 1
    return count


def user_for_token(token: str) -> User | None:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or not row.user.active:
        return None
    return row.user
