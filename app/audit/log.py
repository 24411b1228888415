"""Recording changes. Call `snapshot()` before changing an object and `record()` after.

    before = snapshot(session, SESSION_FIELDS)
    ... change it ...
    record(actor, "session", session.id, "update", diff(before, snapshot(session, SESSION_FIELDS)),
           event_id=session.event_id)
"""
from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from app.extensions import db
from app.models.audit import AuditEntry

Row = TypeVar("Row")
Draft = TypeVar("Draft")


@dataclass(frozen=True)
class Actor:
    type: str  # organiser | staff | speaker | participant | system
    label: str = ""
    user_id: int | None = None
    speaker_id: int | None = None

    @classmethod
    def user(cls, user) -> Actor:
        return cls(user.role.value, user.name or user.email, user_id=user.id)

    @classmethod
    def speaker(cls, speaker) -> Actor:
        return cls("speaker", speaker.name, speaker_id=speaker.id)


SYSTEM = Actor("system", "Samling")


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def snapshot(obj, fields: tuple[str, ...]) -> dict[str, str | None]:
    return {f: _text(getattr(obj, f)) for f in fields}


def diff(before: dict, after: dict) -> dict[str, list]:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(actor: Actor, entity_type: str, entity_id: int, action: str, changes: dict | None = None, *,
           event_id: int | None = None) -> AuditEntry | None:
    """Add an entry to the current transaction. An update that changed nothing is not recorded."""
    if action == "update" and not changes:
        return None
    entry = AuditEntry(
        actor_type=actor.type, actor_user_id=actor.user_id, actor_speaker_id=actor.speaker_id,
        actor_label=actor.label[:200], entity_type=entity_type, entity_id=entity_id, event_id=event_id,
        action=action, changes=json.dumps(changes or {}, ensure_ascii=False),
    )
    db.session.add(entry)
    return entry


def record_created(actor: Actor, entity_type: str, obj, fields: tuple[str, ...]) -> None:
    """A new row: added, flushed for its id, and its values recorded as the entry's changes."""
    db.session.add(obj)
    db.session.flush()
    record(actor, entity_type, obj.id, "create", diff({}, snapshot(obj, fields)))
    db.session.flush()


@contextmanager
def recording_update(actor: Actor, entity_type: str, obj, fields: tuple[str, ...]) -> Iterator[None]:
    """Change `obj` inside the block; what changed (old → new) is recorded when it ends."""
    before = snapshot(obj, fields)
    yield
    record(actor, entity_type, obj.id, "update", diff(before, snapshot(obj, fields)))
    db.session.flush()


@dataclass(frozen=True)
class AuditedEdits(Generic[Row, Draft]):
    """Creating and changing one kind of row from a draft, audited, the same way everywhere: check the draft
    (`check(draft, id or None)` raises the service's Invalid), apply it to a new or the found row, record it.

        _EDITS = AuditedEdits("speaker", FIELDS, Speaker, get, _check, _apply)
        _EDITS.create(draft, actor); _EDITS.update(speaker_id, draft, actor)
    """

    entity_type: str
    fields: tuple[str, ...]
    new: Callable[[], Row]
    get: Callable[[int], Row]
    check: Callable[[Draft, int | None], None]
    apply: Callable[[Row, Draft], None]

    def create(self, draft: Draft, actor: Actor) -> Row:
        self.check(draft, None)
        row = self.new()
        self.apply(row, draft)
        record_created(actor, self.entity_type, row, self.fields)
        return row

    def update(self, row_id: int, draft: Draft, actor: Actor) -> Row:
        row = self.get(row_id)
        self.check(draft, row_id)
        with recording_update(actor, self.entity_type, row, self.fields):
            self.apply(row, draft)
        return row


def changes_of(entry: AuditEntry) -> dict[str, list]:
    return json.loads(entry.changes or "{}")
