"""Seeded speakers, venues, events, tracks and sessions from seeds/*.json.

Every row is matched on a natural key (speaker e-mail, venue name, event slug, session
import key) and only created when missing, so running the seed again changes nothing and
a partly seeded database is completed without duplicates. Organisers' edits are never
overwritten.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from app.core.clock import parse_local
from app.extensions import db
from app.models import (
    Event,
    EventKind,
    EventStatus,
    Room,
    Session,
    SessionKind,
    SessionSpeaker,
    Speaker,
    SpeakerRole,
    Track,
    Venue,
)
from app.seeding.prices import seed_prices


def load_json(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]


def seed_speakers(entries: list[dict], added: Counter) -> dict[str, Speaker]:
    by_email = {s.email: s for s in db.session.scalars(select(Speaker).where(Speaker.email.is_not(None)))}
    refs = {}
    for entry in entries:
        speaker = by_email.get(entry["email"])
        if speaker is None:
            speaker = Speaker(
                name=entry["name"],
                title=entry.get("title", ""),
                organisation=entry.get("organisation", ""),
                bio=entry.get("bio", ""),
                email=entry["email"],
            )
            db.session.add(speaker)
            added["speakers"] += 1
        refs[entry["ref"]] = speaker
    return refs


def _venue(data: dict | None, added: Counter) -> Venue | None:
    if not data:
        return None
    venue = db.session.scalar(select(Venue).where(Venue.name == data["name"]))
    if venue is None:
        venue = Venue(
            name=data["name"],
            address=data.get("address", ""),
            postal_code=data.get("postal_code", ""),
            city=data.get("city", ""),
            municipality_number=data.get("kommune"),
        )
        db.session.add(venue)
        added["venues"] += 1
    existing = {r.name for r in venue.rooms}
    for room in data.get("rooms", []):
        if room["name"] not in existing:
            venue.rooms.append(Room(name=room["name"], capacity=room.get("capacity")))
            added["rooms"] += 1
    return venue


def _optional_time(data: dict, key: str):
    return parse_local(data[key]) if data.get(key) else None


def _event(data: dict, added: Counter) -> Event:
    venue = _venue(data.get("venue"), added)
    event = db.session.scalar(select(Event).where(Event.slug == data["slug"]))
    if event is None:
        contact = data.get("contact", {})
        event = Event(
            slug=data["slug"],
            kind=EventKind(data["kind"]),
            title=data["title"],
            theme=data.get("theme", ""),
            description=data.get("description", ""),
            starts_at=parse_local(data["starts_at"]),
            ends_at=parse_local(data["ends_at"]),
            venue=venue,
            is_online=data.get("is_online", False),
            meeting_url=data.get("meeting_url", ""),  # a digital meeting's link, shown to the confirmed
            capacity=data.get("capacity"),
            registration_opens_at=_optional_time(data, "registration_opens_at"),
            registration_closes_at=_optional_time(data, "registration_closes_at"),
            change_deadline=_optional_time(data, "change_deadline"),
            speaker_deadline=_optional_time(data, "speaker_deadline"),
            status=EventStatus(data.get("status", "draft")),
            fee_nok=data.get("fee_nok"),
            contact_name=contact.get("name", ""),
            contact_email=contact.get("email", ""),
        )
        db.session.add(event)
        added["events"] += 1
    return event


def seed_event(data: dict, speakers: dict[str, Speaker], added: Counter) -> Event:
    event = _event(data, added)
    tracks = {t.name: t for t in event.tracks}
    for position, track in enumerate(data.get("tracks", [])):
        if track["name"] not in tracks:
            tracks[track["name"]] = Track(name=track["name"], color=track.get("color", "#1d4f91"), position=position)
            event.tracks.append(tracks[track["name"]])
            added["tracks"] += 1
    rooms = {r.name: r for r in event.venue.rooms} if event.venue else {}
    sessions = {s.import_key: s for s in event.sessions if s.import_key}
    for entry in data.get("sessions", []):
        session = sessions.get(entry["key"])
        if session is None:
            session = Session(
                import_key=entry["key"],
                title=entry["title"],
                abstract=entry.get("abstract", ""),
                kind=SessionKind(entry["kind"]),
                starts_at=parse_local(entry["starts_at"]),
                ends_at=parse_local(entry["ends_at"]),
                room=rooms.get(entry.get("room")),
                track=tracks.get(entry.get("track")),
                capacity=entry.get("capacity"),
            )
            event.sessions.append(session)
            added["sessions"] += 1
        linked = {link.speaker.email for link in session.speaker_links}
        for position, ref in enumerate(entry.get("speakers", [])):
            speaker = speakers[ref["ref"]]
            if speaker.email not in linked:
                session.speaker_links.append(
                    SessionSpeaker(speaker=speaker, role=SpeakerRole(ref.get("role", "speaker")), position=position)
                )
                added["speaker_links"] += 1
    seed_prices(event, data, added)
    return event


def seed_program(seed_dir: Path, added: Counter) -> None:
    speakers = seed_speakers(load_json(seed_dir / "speakers.json"), added)
    db.session.flush()
    for path in sorted((seed_dir / "events").glob("*.json")):
        for data in load_json(path):
            seed_event(data, speakers, added)
            db.session.flush()
