"""The JSON shapes of CONTRACT.md: times ISO 8601 with the Oslo offset."""
from __future__ import annotations

from datetime import datetime

from app.core import clock
from app.models import Event, Session
from app.program import queries, versioning
from app.program.cache import fragments
from app.program.queries import Counts
from app.registration import window


def iso(moment: datetime | None) -> str | None:
    return clock.oslo(moment).isoformat() if moment else None


def event_summary(event: Event, counts: Counts) -> dict:
    venue = event.venue
    return {
        "slug": event.slug,
        "title": event.title,
        "kind": event.kind.value,
        "starts_at": iso(event.starts_at),
        "ends_at": iso(event.ends_at),
        "venue": (
            {"name": venue.name, "address": venue.full_address,
             "kommune": venue.municipality.name if venue.municipality else None}
            if venue else None
        ),
        "capacity": event.capacity,
        "registered": counts.registered,
        "waitlisted": counts.waitlisted,
        "seats_left": counts.seats_left,
        "registration_open": window.is_open(event),
        "series": event.series.slug if event.series else None,
    }


def session_detail(session: Session) -> dict:
    """A session without its counts (they are added per request by `with_counts`)."""
    return {
        "id": session.id,
        "title": session.title,
        "kind": session.kind.value,
        "starts_at": iso(session.starts_at),
        "ends_at": iso(session.ends_at),
        "room": session.room.name if session.room else None,
        "track": session.track.name if session.track else None,
        "speakers": [link.speaker.name for link in session.speaker_links],
        "capacity": session.capacity,
    }


def program_payload(event: Event, version: int | None = None) -> list[dict]:
    """The event's sessions as JSON-ready dicts, built once per program version (read now unless given)."""
    key = ("api-program", event.id, versioning.current() if version is None else version)
    return fragments.get_or_build(key, lambda: [session_detail(s) for s in queries.program(event)])


def with_counts(item: dict, counts: Counts | None) -> dict:
    return {
        **item,
        "registered": counts.registered if counts else 0,
        "seats_left": counts.seats_left if counts else None,
    }
