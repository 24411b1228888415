"""The organisers' side of speakers: create, edit and find them, and read what they changed themselves.

A speaker's own changes in the speakers' portal are audited with actor type "speaker"
(app.audit.log.Actor.speaker); `history` reads those and the organisers' changes to the speaker.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.audit.log import Actor, AuditedEdits
from app.extensions import db
from app.models import AuditEntry, Session, SessionSpeaker, Speaker
from app.program.errors import Invalid, NotFound

FIELDS = ("name", "title", "organisation", "bio", "email")


@dataclass(frozen=True)
class SpeakerDraft:
    name: str
    email: str = ""
    title: str = ""
    organisation: str = ""
    bio: str = ""


def get(speaker_id: int) -> Speaker:
    speaker = db.session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFound(speaker_id)
    return speaker


def search(q: str = "", limit: int = 200) -> list[Speaker]:
    stmt = select(Speaker).order_by(func.lower(Speaker.name), Speaker.id).limit(limit)
    q = q.strip().lower()
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(func.lower(Speaker.name).like(like), func.lower(Speaker.email).like(like),
                              func.lower(Speaker.organisation).like(like)))
    return list(db.session.scalars(stmt))


def session_counts(speaker_ids: list[int]) -> dict[int, int]:
    if not speaker_ids:
        return {}
    rows = db.session.execute(select(SessionSpeaker.speaker_id, func.count()).where(
        SessionSpeaker.speaker_id.in_(speaker_ids)).group_by(SessionSpeaker.speaker_id))
    return dict(rows.all())


def sessions_of(speaker_id: int) -> list[Session]:
    return list(db.session.scalars(
        select(Session).join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
        .where(SessionSpeaker.speaker_id == speaker_id).order_by(Session.starts_at)
    ))


def _check(draft: SpeakerDraft, speaker_id: int | None) -> None:
    errors = {}
    if not draft.name.strip():
        errors["name"] = "required"
    email = draft.email.strip().lower()
    if email:
        clash = db.session.scalar(select(Speaker.id).where(func.lower(Speaker.email) == email))
        if clash is not None and clash != speaker_id:
            errors["email"] = "taken"
    if errors:
        raise Invalid(errors)


def _apply(speaker: Speaker, draft: SpeakerDraft) -> None:
    speaker.name, speaker.title = draft.name.strip(), draft.title.strip()
    speaker.organisation, speaker.bio = draft.organisation.strip(), draft.bio.strip()
    speaker.email = draft.email.strip().lower() or None


_EDITS: AuditedEdits[Speaker, SpeakerDraft] = AuditedEdits("speaker", FIELDS, Speaker, get, _check, _apply)


def create_speaker(draft: SpeakerDraft, actor: Actor) -> Speaker:
    return _EDITS.create(draft, actor)


def update_speaker(speaker_id: int, draft: SpeakerDraft, actor: Actor) -> Speaker:
    return _EDITS.update(speaker_id, draft, actor)


def history(speaker_id: int, limit: int = 100) -> list[AuditEntry]:
    """What the speaker changed (anything, as actor) and what others changed on the speaker, newest first."""
    return list(db.session.scalars(
        select(AuditEntry).where(or_(AuditEntry.actor_speaker_id == speaker_id,
                                     (AuditEntry.entity_type == "speaker") & (AuditEntry.entity_id == speaker_id)))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    ))
