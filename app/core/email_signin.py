"""Signing in without a password: an e-mailed single-use link, then a server-side sign-in per browser.

Used by the speakers' portal (app.speakers) and Min side (app.people), each with its own two tables:
- a link table (`token_hash`, `expires_at`, `used_at` and the owner's id column): only the link's hash is
  stored, and it is used up by one UPDATE that only an unused, unexpired link matches, so pressing the
  button in several browsers at once signs in exactly one of them;
- a sign-in table (app.models.types.HashedToken and the owner's id column): the signed session cookie
  carries "<owner id>.<token>" of one row; signing out revokes that row, so a copy of the cookie taken
  before opens nothing afterwards.
Nothing here commits: the caller owns the transaction.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, render_template, request, session, url_for
from sqlalchemy import delete, or_, select, update

from app.core import clock, tokens
from app.core.urls import number_in
from app.extensions import db

# "Send me a sign-in link": per client address, and per e-mail address (nobody's inbox gets flooded through us).
LINK_LIMIT = "5 per minute; 20 per hour"
LINK_PER_ADDRESS_LIMIT = "3 per hour"
REDEEM_LIMIT = "20 per minute"


def address_key(prefix: str):
    """A rate-limit key function: the e-mail address posted in the form, under `prefix`."""
    def key() -> str:
        return f"{prefix}:" + request.form.get("email", "").strip().lower()[:254]
    return key


class LinkError(Exception):
    def __init__(self, reason: str) -> None:  # invalid | used | expired
        super().__init__(reason)
        self.reason = reason


def link_problem(err: LinkError, new_link_endpoint: str):
    """The page for a link that does not work: used or expired, 410 with a way to get a new link (the page at
    `new_link_endpoint`); unknown, 404."""
    page = render_template("errors/link_problem.html", reason=err.reason, new_link_url=url_for(new_link_endpoint))
    return page, 404 if err.reason == "invalid" else 410


@dataclass(frozen=True)
class SignInLinks:
    """Single-use, expiring links for the owners in `model.<owner>` (e.g. `speaker_id`)."""

    model: type
    owner: str

    def new(self, owner_id: int, lifetime: timedelta, **extra) -> str:
        """A new link's token (to put in the e-mail); its row is added to the session."""
        token = secrets.token_urlsafe(32)
        db.session.add(self.model(**{self.owner: owner_id}, token_hash=tokens.digest(token),
                                  expires_at=clock.now() + lifetime, **extra))
        return token

    def check(self, token: str):
        """The valid, unused, unexpired link row for this token, or LinkError."""
        row = db.session.scalar(select(self.model).where(self.model.token_hash == tokens.digest(token)))
        if row is None:
            raise LinkError("invalid")
        if row.used_at is not None:
            raise LinkError("used")
        if row.expires_at <= clock.now():
            raise LinkError("expired")
        return row

    def redeem(self, token: str) -> int:
        """Use the link up; its owner's id, or LinkError (unknown, used or expired)."""
        model, now = self.model, clock.now()
        owner_id = db.session.scalar(
            update(model)
            .where(model.token_hash == tokens.digest(token), model.used_at.is_(None), model.expires_at > now)
            .values(used_at=now)
            .returning(getattr(model, self.owner))
        )
        if owner_id is None:
            self.check(token)  # says why: unknown, used or expired
            raise LinkError("used")  # used up by another request between the two statements
        return owner_id


@dataclass(frozen=True)
class BrowserSignIns:
    """The sign-ins of one kind of owner, kept in the session under `session_key`."""

    model: type
    owner: str
    session_key: str

    def sign_in(self, owner_id: int) -> None:
        """A new sign-in for this browser (old and revoked ones of the owner are cleared away)."""
        model, now = self.model, clock.now()
        owner = getattr(model, self.owner)
        oldest = now - current_app.permanent_session_lifetime
        db.session.execute(delete(model).where(owner == owner_id,
                                               or_(model.revoked_at.is_not(None), model.created_at < oldest)))
        token = secrets.token_urlsafe(32)
        db.session.add(model(**{self.owner: owner_id}, token_hash=tokens.hash_secret(token), created_at=now))
        session.clear()
        session[self.session_key] = f"{owner_id}.{token}"
        session.permanent = True  # stays signed in on this device (PERMANENT_SESSION_LIFETIME)

    def _stored(self) -> tuple[int, str] | None:
        value = session.get(self.session_key)
        if not isinstance(value, str):
            return None
        owner_id, _, token = value.partition(".")
        owner_id = number_in(owner_id)
        return (owner_id, token) if owner_id is not None and token else None

    def sign_out(self) -> None:
        """This browser's sign-in is revoked, whatever copies of its cookie exist."""
        stored = self._stored()
        if stored is not None:
            model = self.model
            db.session.execute(update(model).where(
                getattr(model, self.owner) == stored[0], model.token_hash == tokens.hash_secret(stored[1]),
                model.revoked_at.is_(None)).values(revoked_at=clock.now()))
        session.pop(self.session_key, None)

    def signed_in_condition(self):
        """(owner id, SQL condition) for this browser's live sign-in, or None: the caller joins it to its owner."""
        stored = self._stored()
        if stored is None:
            return None
        model = self.model
        oldest = clock.now() - current_app.permanent_session_lifetime
        return stored[0], (getattr(model, self.owner) == stored[0], model.token_hash == tokens.hash_secret(stored[1]),
                           model.revoked_at.is_(None), model.created_at >= oldest)
