"""Copy last year's event, with its tracks and program, to new dates.

Every time moves by whole days in Oslo wall-clock time (`clock.shift_days`, the same rule as moving an
event's programme with its dates, app/program/events.py): a session at 09:00 stays at 09:00 even when
one event is in summer time and the other is not (the UTC offset changes, the local time does not).
"""
from __future__ import annotations

from datetime import date, timedelta

from app.audit.log import Actor, record
from app.core import clock
from app.extensions import db
from app.models import Event, EventStatus, Session, SessionSpeaker, SessionStatus, Track
from app.program import events
from app.program.errors import Invalid

SHIFTED = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at", "change_deadline",
           "speaker_deadline")
COPIED = ("kind", "theme", "description", "venue_id", "is_online", "capacity", "fee_nok", "contact_name",
          "contact_email", "reminder_days")


def suggested_start(event: Event) -> date:
    """Next year on the same weekday (52 weeks on)."""
    return clock.oslo(event.starts_at).date() + timedelta(weeks=52)


def copy_event(source_id: int, *, slug: str, title: str, starts_on: date, actor: Actor) -> Event:
    """A new draft event starting on `starts_on` with the source's details, tracks, sessions and speakers."""
    source = events.get(source_id)
    errors = {}
    if not events.SLUG.match(slug or ""):
        errors["slug"] = "format"
    elif events.slug_taken(slug):
        errors["slug"] = "taken"
    if not title.strip():
        errors["title"] = "required"
    if errors:
        raise Invalid(errors)
    days = (starts_on - clock.oslo(source.starts_at).date()).days
    copy = Event(slug=slug, title=title.strip(), status=EventStatus.DRAFT,
                 **{f: getattr(source, f) for f in COPIED}, **{f: clock.shift_days(getattr(source, f), days) for f in SHIFTED})
    db.session.add(copy)
    tracks = {}
    for track in source.tracks:
        tracks[track.id] = Track(name=track.name, color=track.color, position=track.position)
        copy.tracks.append(tracks[track.id])
    for session in source.sessions:
        if session.status == SessionStatus.CANCELLED:
            continue
        new = Session(title=session.title, abstract=session.abstract, description=session.description,
                      kind=session.kind, starts_at=clock.shift_days(session.starts_at, days), ends_at=clock.shift_days(session.ends_at, days),
                      room_id=session.room_id, capacity=session.capacity, status=SessionStatus.SCHEDULED, revision=0,
                      track=tracks.get(session.track_id))
        new.speaker_links = [SessionSpeaker(speaker_id=lk.speaker_id, role=lk.role, position=lk.position)
                             for lk in session.speaker_links]
        copy.sessions.append(new)
    db.session.flush()
    record(actor, "event", copy.id, "copy", {"copied_from": [None, source.slug], "starts_at": [None, copy.starts_at.isoformat()],
                                             "sessions": [None, str(len(copy.sessions))]}, event_id=copy.id)
    db.session.flush()
    return copy
