"""Who is scanning: a scanner device's bearer token, or a signed-in user who may check in at the event."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import request
from flask_login import current_user
from sqlalchemy import and_, bindparam, func, select

from app.auth.access import ACTIONS, allowed
from app.auth.service import hash_token, user_for_token
from app.extensions import csrf, db
from app.models import ApiToken, Event, TeamMember, User, UserRole


class Denied(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status  # 401: nobody signed in or a bad token; 403: not this event's staff; 404: no event


@dataclass(frozen=True)
class EventRef:
    id: int
    slug: str
    title: str
    opened_at: datetime  # when registration opened (the event's creation when it had no opening time)


@dataclass(frozen=True)
class Scanner:
    user_id: int
    label: str


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


_EVENT_COLUMNS = (Event.id.label("event_id"), Event.slug, Event.title,
                  func.coalesce(Event.registration_opens_at, Event.created_at).label("opened_at"))


def scanning_event(slug: str, user: User) -> EventRef:
    """The event at `slug`, when `user` may check in there."""
    row = db.session.execute(select(*_EVENT_COLUMNS).where(Event.slug == slug)).first()
    if row is None:
        raise Denied(404)
    if not allowed(user, "checkin", row.event_id):
        raise Denied(403)
    return EventRef(row.event_id, row.slug, row.title, row.opened_at)


# A scanner device's token, its user and the event in one read: the token (only its hash is stored,
# not revoked), the user (active), and their role on that event's team (the rule: app.auth.access).
_BY_TOKEN = (
    select(User.id, User.name, User.email, User.role, *_EVENT_COLUMNS,
           select(TeamMember.role).where(and_(TeamMember.user_id == User.id, TeamMember.event_id == Event.id))
           .scalar_subquery().label("event_role"))
    .select_from(ApiToken)
    .join(User, User.id == ApiToken.user_id)
    .join(Event, Event.slug == bindparam("slug"))
    .where(ApiToken.token_hash == bindparam("h"), ApiToken.revoked_at.is_(None), User.active.is_(True))
)


def _by_token(token: str, slug: str) -> tuple[Scanner, EventRef]:
    row = db.session.connection().execute(_BY_TOKEN, {"h": hash_token(token), "slug": slug}).first() if token else None
    if row is None:
        # Tell a bad token (401) from a missing event (404) the ordinary way; this is not the hot path.
        if not token or user_for_token(token) is None:
            raise Denied(401)
        raise Denied(404)
    if row.role != UserRole.ADMINISTRATOR and row.event_role not in ACTIONS["checkin"]:
        raise Denied(403)
    return Scanner(row.id, row.name or row.email), EventRef(row.event_id, row.slug, row.title, row.opened_at)


def scanner(slug: str, *, state_changing: bool) -> tuple[Scanner, EventRef]:
    """The caller and the event, when they may check in there. A bearer token needs no CSRF token;
    a session cookie does on POST (the page sends it in X-CSRFToken)."""
    token = _bearer()
    if token is not None:
        return _by_token(token, slug)
    if not current_user.is_authenticated:
        raise Denied(401)
    if state_changing:
        csrf.protect()
    user = current_user._get_current_object()
    return Scanner(user.id, user.name or user.email), scanning_event(slug, user)
