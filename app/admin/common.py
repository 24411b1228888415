"""What the back office's routes share: the signed-in organiser as audit actor, loading an event."""
from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from app.audit.log import Actor
from app.models import Event
from app.program import queries


def actor() -> Actor:
    return Actor.user(current_user)


def event_or_404(slug: str) -> Event:
    event = queries.event_by_slug(slug, include_drafts=True)
    if event is None:
        abort(404)
    return event


def page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100000 else 1
