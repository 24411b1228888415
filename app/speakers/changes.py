"""What speakers changed, for the organisers: read from the audit log, ready to show.

    changes_since(when)             every change made by a speaker at or after `when`
    changes_for_speaker(speaker_id) every change that speaker made

Both return `SpeakerChange`s oldest first (pass newest_first=True for the other order), each with
who, what (the speaker's profile or a session, and its event), when (UTC; show it with the
`datetime_label` filter) and the fields as old → new. Values are the stored text; a photo is
shown as words, not as a file name. Labels and those words are lazy strings: they take the
language of the page (or of `force_locale`) they are shown in. Three queries, however many changes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.log import changes_of
from app.extensions import db
from app.models import AuditEntry, Event, Session, Speaker

ENTITY_TYPES = ("speaker", "session")

FIELD_LABELS = {
    ("speaker", "name"): _l("Navn"),
    ("speaker", "title"): _l("Stilling eller tittel"),
    ("speaker", "organisation"): _l("Organisasjon"),
    ("speaker", "bio"): _l("Kort biografi"),
    ("speaker", "photo"): _l("Bilde"),
    ("session", "title"): _l("Tittel"),
    ("session", "abstract"): _l("Kort sammendrag"),
    ("session", "description"): _l("Beskrivelse"),
    ("session", "technical_needs"): _l("Tekniske behov"),
    ("session", "material"): _l("Presentasjoner og lenker"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class SpeakerChange:
    id: int  # the audit entry
    at: datetime
    speaker_id: int | None
    speaker_name: str
    entity_type: str  # speaker | session
    entity_id: int
    subject: str  # the speaker's name (profile) or the session's title
    event_id: int | None
    event_title: str | None
    fields: list[FieldChange]

    @property
    def is_profile(self) -> bool:
        return self.entity_type == "speaker"


def changes_since(when: datetime, until: datetime | None = None, *, newest_first: bool = False) -> list[SpeakerChange]:
    """Changes made by speakers in [when, until)."""
    stmt = select(AuditEntry).where(AuditEntry.at >= when)
    if until is not None:
        stmt = stmt.where(AuditEntry.at < until)
    return _present(stmt, newest_first)


def changes_for_speaker(speaker_id: int, *, newest_first: bool = False) -> list[SpeakerChange]:
    return _present(select(AuditEntry).where(AuditEntry.actor_speaker_id == speaker_id), newest_first)


def _present(stmt, newest_first: bool) -> list[SpeakerChange]:
    order = (AuditEntry.at.desc(), AuditEntry.id.desc()) if newest_first else (AuditEntry.at, AuditEntry.id)
    entries = list(db.session.scalars(
        stmt.where(AuditEntry.actor_type == "speaker", AuditEntry.entity_type.in_(ENTITY_TYPES)).order_by(*order)
    ))
    session_ids = {e.entity_id for e in entries if e.entity_type == "session"}
    speaker_ids = {e.entity_id for e in entries if e.entity_type == "speaker"}
    sessions = {}
    if session_ids:
        rows = db.session.execute(
            select(Session.id, Session.title, Event.id, Event.title)
            .join(Event, Event.id == Session.event_id).where(Session.id.in_(session_ids))
        )
        sessions = {sid: (title, eid, etitle) for sid, title, eid, etitle in rows}
    names = {}
    if speaker_ids:
        names = dict(db.session.execute(select(Speaker.id, Speaker.name).where(Speaker.id.in_(speaker_ids))).all())
    return [_change(e, sessions, names) for e in entries]


def _change(entry: AuditEntry, sessions: dict, names: dict) -> SpeakerChange:
    if entry.entity_type == "session":
        title, event_id, event_title = sessions.get(entry.entity_id, (None, entry.event_id, None))
        subject = title or _l("Slettet sesjon")
    else:
        subject, event_id, event_title = names.get(entry.entity_id) or entry.actor_label, None, None
    fields = [_field(entry.entity_type, name, old, new) for name, (old, new) in changes_of(entry).items()]
    return SpeakerChange(
        id=entry.id, at=entry.at, speaker_id=entry.actor_speaker_id, speaker_name=entry.actor_label,
        entity_type=entry.entity_type, entity_id=entry.entity_id, subject=subject,
        event_id=event_id, event_title=event_title, fields=fields,
    )


def _field(entity_type: str, name: str, old: str | None, new: str | None) -> FieldChange:
    label = FIELD_LABELS.get((entity_type, name), name)
    if name == "photo":  # file names mean nothing to a reader
        old = _l("et bilde") if old else None
        new = _l("nytt bilde") if new else None
    return FieldChange(name, label, old, new)
