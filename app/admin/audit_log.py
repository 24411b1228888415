"""Reading the audit log: filters, pages, and names for the things the entries are about."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.audit.log import changes_of
from app.extensions import db
from app.models import AuditEntry, Event, Registration, Room, Session, Speaker, Survey, Track, User, Venue

_NAMES = {
    "event": (Event, lambda e: e.title),
    "session": (Session, lambda s: s.title),
    "speaker": (Speaker, lambda s: s.name),
    "registration": (Registration, lambda r: r.full_name or f"#{r.id}"),
    "venue": (Venue, lambda v: v.name),
    "room": (Room, lambda r: r.name),
    "track": (Track, lambda t: t.name),
    "user": (User, lambda u: u.name or u.email),
    "survey": (Survey, lambda s: s.title),
}
ENTITY_TYPES = tuple(_NAMES)


@dataclass(frozen=True)
class Filters:
    entity_type: str = ""
    entity_id: int | None = None
    event_id: int | None = None
    actor_type: str = ""
    actor: str = ""

    def args(self) -> dict[str, str]:
        values = {"type": self.entity_type, "id": str(self.entity_id or ""), "event": str(self.event_id or ""),
                  "actor_type": self.actor_type, "actor": self.actor}
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class Line:
    entry: AuditEntry
    name: str
    changes: dict[str, list]


def _where(stmt, f: Filters):
    if f.entity_type:
        stmt = stmt.where(AuditEntry.entity_type == f.entity_type)
    if f.entity_id:
        stmt = stmt.where(AuditEntry.entity_id == f.entity_id)
    if f.event_id:
        stmt = stmt.where(AuditEntry.event_id == f.event_id)
    if f.actor_type:
        stmt = stmt.where(AuditEntry.actor_type == f.actor_type)
    if f.actor.strip():
        stmt = stmt.where(func.lower(AuditEntry.actor_label).contains(f.actor.strip().lower(), autoescape=True))
    return stmt


def page(f: Filters, number: int = 1, per_page: int = 50) -> tuple[list[Line], int]:
    total = db.session.scalar(_where(select(func.count(AuditEntry.id)), f))
    number = max(1, min(number, max(1, -(-total // per_page))))
    entries = list(db.session.scalars(_where(select(AuditEntry), f).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                                      .limit(per_page).offset((number - 1) * per_page)))
    names = _names(entries)
    return [Line(e, names.get((e.entity_type, e.entity_id), ""), changes_of(e)) for e in entries], total


def _names(entries: list[AuditEntry]) -> dict[tuple[str, int], str]:
    """The current name of each entry's subject: one query per type of subject on the page."""
    wanted: dict[str, set[int]] = {}
    for e in entries:
        if e.entity_type in _NAMES:
            wanted.setdefault(e.entity_type, set()).add(e.entity_id)
    found = {}
    for kind, ids in wanted.items():
        model, label = _NAMES[kind]
        for obj in db.session.scalars(select(model).where(model.id.in_(ids))):
            found[(kind, obj.id)] = label(obj)
    return found
