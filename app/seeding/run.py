"""The whole seed in one transaction."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from flask import current_app

from app.auth import service as accounts
from app.extensions import db
from app.models import EventStatus, UserRole
from app.program.queries import listed_events
from app.seeding.places import seed_municipalities
from app.seeding.program import seed_program
from app.seeding.resources import seed_resources
from app.seeding.series import seed_series
from app.seeding.surveys import seed_surveys

DEMO_USERS = (
    ("arrangor@example.org", UserRole.ADMINISTRATOR, "Arrangør (demo)"),
    ("dor@example.org", UserRole.MEMBER, "Dørvakt (demo)"),  # dørvakt at every upcoming event
)


def seed_dir() -> Path:
    return Path(current_app.root_path).parent / "seeds"


def seed_all() -> Counter:
    """Complete the seeded data; returns what was added (empty when nothing was missing)."""
    added: Counter = Counter()
    added["municipalities and counties"] += seed_municipalities(seed_dir() / "kommuner.csv")
    db.session.flush()
    seed_program(seed_dir(), added)
    db.session.flush()
    seed_series(seed_dir(), added)
    seed_surveys(seed_dir(), added)
    seed_resources(seed_dir(), added)
    db.session.commit()
    return +added


def upcoming_slugs() -> list[str]:
    upcoming, _past = listed_events(statuses=(EventStatus.PUBLISHED,), upcoming_only=True)
    return [e.slug for e in upcoming]


def seed_demo_users() -> list[tuple[str, str | None]]:
    """Create the demo accounts that are missing with generated passwords: [(email, password or None)]. The
    caller commits."""
    result = []
    for email, role, name in DEMO_USERS:
        if accounts.find_user(email) is not None:
            result.append((email, None))
            continue
        password = accounts.readable_password()
        slugs = upcoming_slugs() if role == UserRole.MEMBER else None
        accounts.create_user(email, role, password, name=name, event_slugs=slugs)
        result.append((email, password))
    return result
