"""Renderers for messages that are written in the change's transaction and rendered when sent.

Rendering an e-mail (templates, a calendar attachment) takes milliseconds; doing it while an
event's seats are locked would make every other registration wait. So the registration e-mails
are queued with a renderer's name and a small JSON context, and `deliver_due` renders them here,
outside any lock, just before sending (the content reflects the registration as it is then).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from app.models import OutboxMessage


class RenderError(Exception):
    """The message can never be rendered (e.g. its registration was deleted): give up at once."""


@dataclass
class Rendered:
    text: str
    html: str = ""
    attachments: list = field(default_factory=list)  # app.mail.outbox.Attachment


_RENDERERS: dict[str, Callable[[OutboxMessage, dict], Rendered]] = {}


def register(name: str, fn: Callable[[OutboxMessage, dict], Rendered]) -> None:
    """Name the function that renders messages queued with `render_with=name` (create_app calls this)."""
    _RENDERERS[name] = fn


def render(message: OutboxMessage) -> Rendered | None:
    """The deferred content of `message`, or None when it was rendered when queued."""
    if not message.render_with or message.body_text:
        return None
    fn = _RENDERERS.get(message.render_with)
    if fn is None:
        raise RenderError(f"no renderer named {message.render_with!r}")
    return fn(message, json.loads(message.context or "{}"))


def content_of(message: OutboxMessage) -> Rendered:
    """The whole message: as sent, or as it would be rendered now (for messages not sent yet). Raises
    what the renderer raises."""
    rendered = render(message)
    if rendered is not None:
        return rendered
    return Rendered(message.body_text, message.body_html,
                    [SimpleNamespace(filename=a["filename"], mimetype=a["mimetype"])
                     for a in json.loads(message.attachments or "[]")])


def text_of(message: OutboxMessage) -> str:
    """The plain-text body: as sent, or as it would be rendered now (for messages not sent yet)."""
    try:
        return content_of(message).text
    except RenderError:
        return ""
