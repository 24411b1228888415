"""What the scanner page reads: the event's roster for offline use, the counters, the doors to choose."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, distinct, func, select

from app.checkin import arrived
from app.checkin.service import Door, Result
from app.extensions import db
from app.models import (
    Checkin,
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    ScanNonce,
    Session,
    SessionChoice,
    SessionKind,
    SessionStatus,
    User,
)
from app.registration import links

NO_DOOR_KINDS = (SessionKind.BREAK, SessionKind.MEAL)


def doors(event_id: int) -> list[Session]:
    """The sessions one can check in at (not breaks or meals, not cancelled), in time order."""
    return list(db.session.scalars(
        select(Session)
        .where(Session.event_id == event_id, Session.status == SessionStatus.SCHEDULED,
               Session.kind.not_in(NO_DOOR_KINDS))
        .order_by(Session.starts_at, Session.title)
    ))


CODE_TAIL = 8  # the badge code's last symbols, for finding a person by what is typed from the badge


def roster(event_id: int) -> list[dict]:
    """Enough to recognise this event's badges offline: the digest of each badge code (not the code) and
    its last CODE_TAIL symbols (to find a badge by its end; the other 14 symbols, ~63 bits, stay unknown), name,
    organisation, status, the sessions the participant holds a seat in, and where they are already checked in
    (when, by whom, and the nonce of the scan that did it, for undo). No other personal data."""
    regs = db.session.execute(
        select(Registration.id, Registration.badge_code_hash, Registration.badge_salt, Registration.first_name,
               Registration.last_name, Registration.organisation, Registration.status)
        .where(Registration.event_id == event_id, Registration.anonymised_at.is_(None))
        .order_by(Registration.last_name, Registration.first_name, Registration.id)
    ).all()
    seats: dict[int, list[int]] = defaultdict(list)
    for reg_id, session_id in db.session.execute(
        select(SessionChoice.registration_id, SessionChoice.session_id)
        .join(Registration, Registration.id == SessionChoice.registration_id)
        .where(Registration.event_id == event_id, SessionChoice.status == ChoiceStatus.CONFIRMED)
    ):
        seats[reg_id].append(session_id)
    checked: dict[int, dict] = defaultdict(dict)
    for row in db.session.execute(
        select(Checkin.registration_id, Checkin.session_id, Checkin.scanned_at, User.name, User.email, ScanNonce.nonce)
        .outerjoin(User, User.id == Checkin.by_user_id)
        .outerjoin(ScanNonce, and_(ScanNonce.checkin_id == Checkin.id, ScanNonce.result == Result.OK.value))
        .where(Checkin.event_id == event_id, Checkin.undone_at.is_(None))
        .order_by(Checkin.scanned_at, Checkin.id)
    ):
        checked[row.registration_id].setdefault(row.session_id, {
            "session_id": row.session_id, "at": row.scanned_at.isoformat(), "by": row.name or row.email,
            "nonce": row.nonce})
    return [
        {
            "id": r.id,
            "h": r.badge_code_hash,
            "tail": links.badge_code(r)[-CODE_TAIL:],
            "name": f"{r.first_name} {r.last_name}".strip(),
            "organisation": r.organisation,
            "status": r.status.value,
            "sessions": sorted(seats.get(r.id, ())),
            "entrance": None in checked.get(r.id, {}),
            "checked_sessions": sorted(s for s in checked.get(r.id, {}) if s is not None),
            "checkins": list(checked.get(r.id, {}).values()),
        }
        for r in regs
    ]


@dataclass(frozen=True)
class Counts:
    checked_in: int
    expected: int


def counts(where: Door) -> Counts:
    """Checked in at this door / expected there (confirmed registrations; a workshop's seat holders)."""
    checked_in = db.session.scalar(
        arrived.counted(where.event_id, func.count(distinct(Checkin.registration_id)))
        .where(arrived.at_door(where.session_id))
    )
    if where.signup_session:
        expected = db.session.scalar(
            select(func.count()).select_from(SessionChoice)
            .join(Registration, Registration.id == SessionChoice.registration_id)
            .where(SessionChoice.session_id == where.session_id, SessionChoice.status == ChoiceStatus.CONFIRMED,
                   Registration.status == RegistrationStatus.CONFIRMED)
        )
    else:
        expected = db.session.scalar(
            select(func.count()).select_from(Registration)
            .where(Registration.event_id == where.event_id, Registration.status == RegistrationStatus.CONFIRMED)
        )
    return Counts(checked_in or 0, expected or 0)
