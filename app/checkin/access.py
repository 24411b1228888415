"""Who is scanning: a scanner device's bearer token, or a signed-in organiser or door-staff member."""
from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_login import current_user
from sqlalchemy import select

from app.auth.service import user_for_token
from app.extensions import csrf, db
from app.models import Event, User


class Denied(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status  # 401: nobody signed in or a bad token; 403: not this event's staff; 404: no event


@dataclass(frozen=True)
class EventRef:
    id: int
    slug: str
    title: str


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


def api_user(*, state_changing: bool) -> User:
    """The caller. A bearer token needs no CSRF token; a session cookie does on POST."""
    token = _bearer()
    if token is not None:
        user = user_for_token(token) if token else None
        if user is None:
            raise Denied(401)
        return user
    if not current_user.is_authenticated:
        raise Denied(401)
    if state_changing:
        csrf.protect()
    return current_user._get_current_object()


def scanning_event(slug: str, user: User) -> EventRef:
    """The event at `slug`, when `user` may check in there."""
    row = db.session.execute(
        select(Event.id, Event.slug, Event.title).where(Event.slug == slug)
    ).first()
    if row is None:
        raise Denied(404)
    if not user.may_check_in_at(row.id):
        raise Denied(403)
    return EventRef(row.id, row.slug, row.title)
