"""Seeded series (seeds/series.json): the regional networks, the digital network and the meeting place for new
leaders, with their events and members. Idempotent: only what is missing is added; no invitations are sent."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from app.audit.log import SYSTEM
from app.extensions import db
from app.models import Event, JoinedVia, Series, SeriesKind
from app.series import service


def _series(entry: dict, added: Counter) -> Series:
    found = db.session.scalar(select(Series).where(Series.slug == entry["slug"]))
    if found is None:
        found = service.create(service.SeriesDraft(entry["title"], entry["slug"], SeriesKind(entry["kind"]),
                                                   entry.get("description", "")), SYSTEM)
        db.session.flush()
        added["series"] += 1
    return found


def seed_series(seed_dir: Path, added: Counter) -> None:
    path = seed_dir / "series.json"
    if not path.exists():
        return
    for entry in json.loads(path.read_text(encoding="utf-8")):
        series = _series(entry, added)
        for slug in entry.get("events", []):
            event = db.session.scalar(select(Event).where(Event.slug == slug))
            if event is not None and event.series_id is None:
                service.add_event(series.id, event.id, SYSTEM)
                added["series events"] += 1
        for m in entry.get("members", []):
            draft = service.MemberDraft(m["name"], m["email"], m.get("kommune"), m.get("role", ""),
                                        bool(m.get("show")))
            if service.join(series.id, draft, JoinedVia.ORGANISER, SYSTEM).new:
                added["series members"] += 1
