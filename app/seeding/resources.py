"""The seeded start package and other resources (seeds/resources.json): pages in Markdown, matched on slug and
never touched once they exist (organisers may have edited them)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import Resource, ResourceAudience, ResourceKind


def seed_resources(seeds: Path, added: Counter) -> None:
    data = json.loads((seeds / "resources.json").read_text(encoding="utf-8"))
    existing = set(db.session.scalars(select(Resource.slug)))
    for item in data["resources"]:
        if item["slug"] in existing:
            continue
        db.session.add(Resource(slug=item["slug"], title=item["title"], summary=item["summary"],
                                kind=ResourceKind(item["kind"]), audience=ResourceAudience(item["audience"]),
                                themes=",".join(item["themes"]), body=item["body"], downloads=0))
        added["resources"] += 1
