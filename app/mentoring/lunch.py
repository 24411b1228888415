"""The «mentorlunsj»: the organiser gives the approved pairs of an event a session of its programme, an existing
meal or social session or a new meal session made here (through app.program.editing, like any other session).
Both in a pair see it on their manage page and Min side; it is in the programme everybody attends, so it is in
their personal programme and calendar feeds too. The caller owns the transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from app.audit.log import Actor, record
from app.extensions import db
from app.models import (
    MentoringProfile,
    MentorPair,
    PairStatus,
    Session,
    SessionKind,
    SessionStatus,
)
from app.program import editing
from app.program.errors import ConflictsFound, Invalid

KINDS = (SessionKind.MEAL, SessionKind.SOCIAL)  # what a mentorlunsj may be
DEFAULT_TITLE = _l("Mentorlunsj")


class NoLunch(ValueError):
    """`reason`: unknown_session (not a meal or social session of the event) | no_pairs | invalid_time."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Slot:
    """What one leader sees of their pair's mentorlunsj."""

    session: Session
    other: MentoringProfile


def sessions_for(event_id: int) -> list[Session]:
    """The sessions of the event a mentorlunsj may be: scheduled meal and social sessions, by time."""
    return list(db.session.scalars(select(Session).where(
        Session.event_id == event_id, Session.kind.in_(KINDS), Session.status == SessionStatus.SCHEDULED)
        .order_by(Session.starts_at, Session.id)))


def create_session(event_id: int, title: str, starts_at: datetime, ends_at: datetime, actor: Actor) -> Session:
    """A new meal session in the event's programme for the mentorlunsj."""
    try:
        return editing.create_session(event_id, editing.SessionDraft(
            title=title.strip() or str(DEFAULT_TITLE), kind=SessionKind.MEAL, starts_at=starts_at, ends_at=ends_at),
            actor)
    except (Invalid, ConflictsFound) as err:
        raise NoLunch("invalid_time") from err


def give(event_id: int, session_id: int, pairs: list[MentorPair], actor: Actor) -> list[MentorPair]:
    """The approved pairs among `pairs` (the event's, from app.mentoring.service.suggest) get the session.
    Returns them; NoLunch when the session is not one of sessions_for(event) or there is no approved pair."""
    if session_id not in {s.id for s in sessions_for(event_id)}:
        raise NoLunch("unknown_session")
    approved = [p for p in pairs if p.status == PairStatus.APPROVED]
    if not approved:
        raise NoLunch("no_pairs")
    for pair in approved:
        pair.session_id = session_id
    db.session.flush()
    record(actor, "mentor_pair", session_id, "mentorlunsj", {"pairs": [p.id for p in approved]}, event_id=event_id)
    return approved


def slots_of(profile: MentoringProfile | None, event_id: int | None = None) -> list[Slot]:
    """The mentorlunsj of each approved pair of `profile` (of one event's programme, or all)."""
    if profile is None:
        return []
    query = (select(MentorPair).join(Session, Session.id == MentorPair.session_id)
             .where(or_(MentorPair.mentee_id == profile.id, MentorPair.mentor_id == profile.id),
                    MentorPair.status == PairStatus.APPROVED, Session.status == SessionStatus.SCHEDULED)
             .order_by(Session.starts_at, MentorPair.id))
    if event_id is not None:
        query = query.where(Session.event_id == event_id)
    return [Slot(pair.session, pair.mentor if pair.mentee_id == profile.id else pair.mentee)
            for pair in db.session.scalars(query)]
