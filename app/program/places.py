"""Venues and their rooms, and an event's tracks: the frame the program is planned in. Audited."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.audit.log import Actor, diff, record, record_created, recording_update, snapshot
from app.extensions import db
from app.models import Event, Municipality, Room, Session, Track, Venue
from app.program.errors import InUse, Invalid, NotFound

VENUE_FIELDS = ("name", "address", "postal_code", "city", "municipality_number")
ROOM_FIELDS = ("name", "capacity")
TRACK_FIELDS = ("name", "color", "position")


@dataclass(frozen=True)
class VenueDraft:
    name: str
    address: str = ""
    postal_code: str = ""
    city: str = ""
    municipality_number: str | None = None


def venues() -> list[Venue]:
    return list(db.session.scalars(select(Venue).order_by(Venue.name)))


def venue(venue_id: int) -> Venue:
    found = db.session.get(Venue, venue_id)
    if found is None:
        raise NotFound(venue_id)
    return found


def _check_venue(draft: VenueDraft, venue_id: int | None) -> None:
    errors = {}
    if not draft.name.strip():
        errors["name"] = "required"
    else:
        clash = db.session.scalar(select(Venue.id).where(func.lower(Venue.name) == draft.name.strip().lower()))
        if clash is not None and clash != venue_id:
            errors["name"] = "taken"
    if draft.municipality_number and db.session.get(Municipality, draft.municipality_number) is None:
        errors["municipality_number"] = "unknown"
    if errors:
        raise Invalid(errors)


def _apply_venue(target: Venue, draft: VenueDraft) -> None:
    target.name, target.address = draft.name.strip(), draft.address.strip()
    target.postal_code, target.city = draft.postal_code.strip(), draft.city.strip()
    target.municipality_number = draft.municipality_number or None


def create_venue(draft: VenueDraft, actor: Actor) -> Venue:
    _check_venue(draft, None)
    new = Venue()
    _apply_venue(new, draft)
    record_created(actor, "venue", new, VENUE_FIELDS)
    return new


def update_venue(venue_id: int, draft: VenueDraft, actor: Actor) -> Venue:
    target = venue(venue_id)
    _check_venue(draft, venue_id)
    with recording_update(actor, "venue", target, VENUE_FIELDS):
        _apply_venue(target, draft)
    return target


# --- rooms ------------------------------------------------------------------------------------

def _check_room(venue_id: int, name: str, capacity: int | None, room_id: int | None) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = "required"
    else:
        clash = db.session.scalar(select(Room.id).where(Room.venue_id == venue_id,
                                                        func.lower(Room.name) == name.strip().lower()))
        if clash is not None and clash != room_id:
            errors["name"] = "taken"
    if capacity is not None and capacity < 0:
        errors["capacity"] = "negative"
    if errors:
        raise Invalid(errors)


def add_room(venue_id: int, name: str, capacity: int | None, actor: Actor) -> Room:
    venue(venue_id)
    _check_room(venue_id, name, capacity, None)
    room = Room(venue_id=venue_id, name=name.strip(), capacity=capacity)
    db.session.add(room)
    db.session.flush()
    record(actor, "room", room.id, "create", diff({}, snapshot(room, ROOM_FIELDS)))
    db.session.flush()
    return room


def _room(venue_id: int, room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    if room is None or room.venue_id != venue_id:
        raise NotFound(room_id)
    return room


def update_room(venue_id: int, room_id: int, name: str, capacity: int | None, actor: Actor) -> Room:
    room = _room(venue_id, room_id)
    _check_room(venue_id, name, capacity, room_id)
    before = snapshot(room, ROOM_FIELDS)
    room.name, room.capacity = name.strip(), capacity
    record(actor, "room", room.id, "update", diff(before, snapshot(room, ROOM_FIELDS)))
    db.session.flush()
    return room


def delete_room(venue_id: int, room_id: int, actor: Actor) -> None:
    """Only a room no session uses (cancelled ones included: they keep their history)."""
    room = _room(venue_id, room_id)
    used = db.session.scalar(select(func.count()).where(Session.room_id == room_id))
    if used:
        raise InUse(used)
    record(actor, "room", room.id, "delete", diff(snapshot(room, ROOM_FIELDS), {}))
    db.session.delete(room)
    db.session.flush()


def rooms_for(event: Event) -> list[Room]:
    """The rooms a session of this event may use: its venue's."""
    if event.venue_id is None:
        return []
    return list(db.session.scalars(select(Room).where(Room.venue_id == event.venue_id).order_by(Room.name)))


# --- tracks -----------------------------------------------------------------------------------

def _check_track(event_id: int, name: str, color: str, track_id: int | None) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = "required"
    else:
        clash = db.session.scalar(select(Track.id).where(Track.event_id == event_id,
                                                         func.lower(Track.name) == name.strip().lower()))
        if clash is not None and clash != track_id:
            errors["name"] = "taken"
    if not (len(color) == 7 and color.startswith("#") and all(c in "0123456789abcdefABCDEF" for c in color[1:])):
        errors["color"] = "format"
    if errors:
        raise Invalid(errors)


def add_track(event_id: int, name: str, color: str, actor: Actor) -> Track:
    _check_track(event_id, name, color, None)
    position = (db.session.scalar(select(func.max(Track.position)).where(Track.event_id == event_id)) or 0) + 1
    track = Track(event_id=event_id, name=name.strip(), color=color.lower(), position=position)
    db.session.add(track)
    db.session.flush()
    record(actor, "track", track.id, "create", diff({}, snapshot(track, TRACK_FIELDS)), event_id=event_id)
    db.session.flush()
    return track


def _track(event_id: int, track_id: int) -> Track:
    track = db.session.get(Track, track_id)
    if track is None or track.event_id != event_id:
        raise NotFound(track_id)
    return track


def update_track(event_id: int, track_id: int, name: str, color: str, actor: Actor) -> Track:
    track = _track(event_id, track_id)
    _check_track(event_id, name, color, track_id)
    before = snapshot(track, TRACK_FIELDS)
    track.name, track.color = name.strip(), color.lower()
    record(actor, "track", track.id, "update", diff(before, snapshot(track, TRACK_FIELDS)), event_id=event_id)
    db.session.flush()
    return track


def delete_track(event_id: int, track_id: int, actor: Actor) -> None:
    """Its sessions stay, without a track."""
    track = _track(event_id, track_id)
    for session in db.session.scalars(select(Session).where(Session.track_id == track_id)):
        session.track_id = None
    record(actor, "track", track.id, "delete", diff(snapshot(track, TRACK_FIELDS), {}), event_id=event_id)
    db.session.delete(track)
    db.session.flush()
