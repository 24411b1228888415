"""Scanning a badge at the door: the rules. Plain functions over the session; no request globals.

A scan runs in one transaction that first locks the registration row (SELECT … FOR UPDATE on
PostgreSQL, BEGIN IMMEDIATE on SQLite), so two doors scanning the same badge at once give one
check-in and one "already checked in". Each scan carries the client's nonce; the nonce is stored
with the answer in the same transaction, and the same nonce again gets the same answer without a
second check-in (a retried or late-synced scan is safe). Scans made offline arrive later with the
time they were made (`scanned_at`); they are judged in the order they reach us.

The caller owns the transaction (app.core.transaction): nothing here commits or rolls back. A nonce
seen before is told by the unique key on storing it; the scan then raises `NonceSeen`, and the caller,
once its transaction has rolled back, answers with `replay()` (the answer that nonce got the first
time). No SAVEPOINT: the common scan costs no extra round trip.

This is the hot path of the door: a handful of small statements, no ORM object loading.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, and_, bindparam, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from app.audit.log import Actor, record
from app.core import clock, tokens
from app.core.database import begin_serialized
from app.extensions import db
from app.models import (
    SIGNUP_KINDS,
    Checkin,
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    ScanNonce,
    Session,
    SessionChoice,
    User,
)
from app.models.types import UTCDateTime
from app.registration.links import BADGE_CODE_LENGTH

MAX_SCANNED_TEXT = 500
MAX_NONCE = 80
# A scanner's clock may run a little ahead of ours; further ahead, its time is not believed.
CLOCK_SLACK = timedelta(minutes=5)


class Result(enum.StrEnum):
    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    UNKNOWN = "unknown"
    WRONG_EVENT = "wrong_event"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"


class CheckinError(Exception):
    """A scan or undo that cannot be carried out as asked; nothing was stored."""

    code = "checkin_error"


class InvalidSession(CheckinError):
    code = "invalid_session"


class NonceConflict(CheckinError):
    """The nonce was already used for a scan at another event."""

    code = "nonce_conflict"


class NonceSeen(Exception):
    """This scan's nonce was stored before (a retry, or the same scan racing itself): the transaction
    must be rolled back and the scan answered with `replay(where, nonce)`. Not a refusal."""

    def __init__(self, where: Door, nonce: str) -> None:
        super().__init__(nonce)
        self.where, self.nonce = where, nonce


class UnknownScan(CheckinError):
    code = "unknown_scan"


class NothingToUndo(CheckinError):
    code = "nothing_to_undo"


@dataclass(frozen=True)
class Answer:
    result: Result
    name: str | None = None
    organisation: str | None = None
    checked_in_at: datetime | None = None
    checked_in_by: str | None = None
    # Workshop door: False when the participant is not signed up for the session (flagged, let in).
    signed_up: bool | None = None

    def as_json(self) -> dict:
        """The contract's answer; `checked_in_by` and `signed_up` are additions for the scanner page."""
        registration = None
        if self.name is not None:
            registration = {
                "name": self.name,
                "organisation": self.organisation,
                "checked_in_at": self.checked_in_at.isoformat() if self.checked_in_at else None,
                "checked_in_by": self.checked_in_by,
                "signed_up": self.signed_up,
            }
        return {"result": self.result.value, "registration": registration}


@dataclass(frozen=True)
class Door:
    """Where the scan happens: the entrance (session None) or a session's door."""

    event_id: int
    session_id: int | None = None
    signup_session: bool = False  # only sign-up sessions (workshops, parallels) have a list to be on
    earliest: datetime | None = None  # no scan is believed to be older than this (registration opened)


def door(event_id: int, session_id: int | None, earliest: datetime | None = None) -> Door:
    if session_id is None:
        return Door(event_id, earliest=earliest)
    row = db.session.execute(
        select(Session.event_id, Session.kind).where(Session.id == session_id)
    ).first()
    if row is None or row.event_id != event_id:
        raise InvalidSession(session_id)
    return Door(event_id, session_id, row.kind in SIGNUP_KINDS, earliest)


def scan_time(scanned_at: datetime | None, now: datetime, earliest: datetime | None) -> tuple[datetime, bool]:
    """When the scan counts as made, and whether the scanner's own time was refused for ours: it is
    when it is no earlier than `earliest` and at most CLOCK_SLACK ahead (a little ahead counts as now)."""
    if scanned_at is None:
        return now, False
    if scanned_at > now + CLOCK_SLACK or (earliest is not None and scanned_at < earliest):
        return now, True
    return min(scanned_at, now), False


# --- reading the scanned text -------------------------------------------------------------------------

def code_from_scan(text: str) -> str | None:
    """The badge code in what a scanner read: `<any host>/b/<code>` or the bare code, with or without
    dashes, spaces, any case. None when it cannot be a badge code (no database needed to say so)."""
    text = (text or "").strip()
    if not text or len(text) > MAX_SCANNED_TEXT:
        return None
    if "/b/" in text:
        text = text.rsplit("/b/", 1)[1].split("?", 1)[0].split("#", 1)[0].rstrip("/")
    code = tokens.normalise(text)
    if len(code) != BADGE_CODE_LENGTH or any(ch not in tokens.ALPHABET for ch in code):
        return None
    return code


# --- scanning -----------------------------------------------------------------------------------------

# The door's statements are built once: executing a prepared construct skips rebuilding and
# re-keying it on every scan (this is the hot path; see benchmarks/bench_checkin.py).
_REG_COLUMNS = (Registration.id, Registration.event_id, Registration.status, Registration.first_name,
                Registration.last_name, Registration.organisation)
_BY_CODE = select(Registration.id, Registration.event_id).where(Registration.badge_code_hash == bindparam("h"))
_LOCK_BY_ID = select(*_REG_COLUMNS).where(Registration.id == bindparam("id")).with_for_update()
_LOCK_BY_CODE = select(*_REG_COLUMNS).where(Registration.badge_code_hash == bindparam("h")).with_for_update()


def _active_stmt(at_entrance: bool):
    same_door = Checkin.session_id.is_(None) if at_entrance else Checkin.session_id == bindparam("s")
    return (
        select(Checkin.id, Checkin.scanned_at, User.name, User.email)
        .outerjoin(User, User.id == Checkin.by_user_id)
        .where(Checkin.registration_id == bindparam("r"), same_door, Checkin.undone_at.is_(None))
        .order_by(Checkin.scanned_at, Checkin.id)
        .limit(1)
    )


_ACTIVE = {True: _active_stmt(True), False: _active_stmt(False)}
_SEAT = select(SessionChoice.id).where(SessionChoice.registration_id == bindparam("r"),
                                       SessionChoice.session_id == bindparam("s"),
                                       SessionChoice.status == ChoiceStatus.CONFIRMED)
_INSERT_CHECKIN = insert(Checkin).returning(Checkin.id)
_INSERT_NONCE = insert(ScanNonce)


def _insert_both():
    """PostgreSQL: the new check-in and its nonce in one statement (a data-modifying CTE)."""
    new = insert(Checkin).values(
        event_id=bindparam("event_id", type_=Integer), registration_id=bindparam("registration_id", type_=Integer),
        session_id=bindparam("session_id", type_=Integer), scanned_at=bindparam("scanned_at", type_=UTCDateTime),
        recorded_at=bindparam("recorded_at", type_=UTCDateTime), by_user_id=bindparam("by_user_id", type_=Integer),
        client_scanned_at=bindparam("client_scanned_at", type_=UTCDateTime),
    ).returning(Checkin.id).cte("new_checkin")
    return insert(ScanNonce).from_select(
        ["nonce", "event_id", "result", "registration_id", "checkin_id", "created_at"],
        select(bindparam("nonce", type_=String), bindparam("event_id", type_=Integer), literal(Result.OK.value),
               bindparam("registration_id", type_=Integer), new.c.id, bindparam("recorded_at", type_=UTCDateTime)),
    )


_INSERT_BOTH = _insert_both()


def _run(statement, **params):
    return db.session.connection().execute(statement, params)


def active_checkin(registration_id: int, session_id: int | None):
    """The check-in (not undone) of this registration at this door: id, scanned_at, and who scanned it."""
    return _run(_ACTIVE[session_id is None], r=registration_id, s=session_id).first()


def _signed_up(registration_id: int, where: Door) -> bool | None:
    if where.session_id is None:
        return None
    if not where.signup_session:
        return True  # plenaries and the like: everybody is expected
    return _run(_SEAT, r=registration_id, s=where.session_id).first() is not None


def _locked_registration(where: Door, code: str | None, registration_id: int | None, begin: bool):
    """The registration row, locked, or the answer when there is none for this event."""
    if begin:
        if registration_id is None:
            # Unknown and other events' codes are answered from one indexed read, without a lock.
            found = _run(_BY_CODE, h=tokens.digest(code)).first()
            if found is None:
                return Answer(Result.UNKNOWN)
            if found.event_id != where.event_id:
                return Answer(Result.WRONG_EVENT)
            registration_id = found.id
        begin_serialized()
    if registration_id is not None:
        reg = _run(_LOCK_BY_ID, id=registration_id).first()
    else:
        reg = _run(_LOCK_BY_CODE, h=tokens.digest(code)).first()
    if reg is None or reg.event_id != where.event_id:
        # Nothing to remember for this nonce: an unknown or another event's code stays so.
        return Answer(Result.UNKNOWN if reg is None else Result.WRONG_EVENT)
    return reg


def _judge(reg, where: Door, when: datetime) -> tuple[Answer, int | None]:
    """The answer for a locked registration, and the check-in it found (None: a new one is to be made)."""
    name = f"{reg.first_name} {reg.last_name}".strip()
    if reg.status == RegistrationStatus.CANCELLED:
        return Answer(Result.CANCELLED, name, reg.organisation), None
    if reg.status == RegistrationStatus.WAITLISTED:
        return Answer(Result.WAITLISTED, name, reg.organisation), None
    signed_up = _signed_up(reg.id, where)
    active = active_checkin(reg.id, where.session_id)
    if active is not None:
        return Answer(Result.ALREADY_CHECKED_IN, name, reg.organisation, active.scanned_at,
                      active.name or active.email, signed_up), active.id
    return Answer(Result.OK, name, reg.organisation, when, None, signed_up), None


def _record(answer: Answer, checkin_id: int | None, **values) -> None:
    """Store the new check-in (for `ok`) and the nonce with its answer."""
    nonce_values = dict(nonce=values["nonce"], event_id=values["event_id"], result=answer.result.value,
                        registration_id=values["registration_id"], created_at=values["recorded_at"])
    if answer.result != Result.OK:
        _run(_INSERT_NONCE, checkin_id=checkin_id, **nonce_values)
    elif db.engine.dialect.name == "postgresql":
        _run(_INSERT_BOTH, **values)  # one round trip instead of two
    else:
        checkin_id = _run(_INSERT_CHECKIN, event_id=values["event_id"], registration_id=values["registration_id"],
                          session_id=values["session_id"], scanned_at=values["scanned_at"],
                          recorded_at=values["recorded_at"], by_user_id=values["by_user_id"],
                          client_scanned_at=values["client_scanned_at"], undone_at=None).scalar_one()
        _run(_INSERT_NONCE, checkin_id=checkin_id, **nonce_values)


def scan(where: Door, *, nonce: str, code: str | None = None, registration_id: int | None = None,
         scanned_at: datetime | None = None, user_id: int | None = None, begin: bool = True) -> Answer:
    """Check in the badge `code` (or, from the name search, `registration_id`) at `where`.

    `begin=False` when the caller's transaction already holds the write lock (the API's: checking the
    scanner's token and locking the row share one transaction); the badge is then looked up and
    locked in one statement. Raises `NonceSeen` when the nonce was used before (see the module)."""
    now = clock.now()
    when, refused = scan_time(scanned_at, now, where.earliest)
    if registration_id is None and code is None:
        return Answer(Result.UNKNOWN)
    reg = _locked_registration(where, code, registration_id, begin)
    if isinstance(reg, Answer):
        return reg
    answer, checkin_id = _judge(reg, where, when)
    try:
        _record(answer, checkin_id, nonce=nonce, event_id=where.event_id, registration_id=reg.id,
                session_id=where.session_id, scanned_at=when, recorded_at=now, by_user_id=user_id,
                client_scanned_at=scanned_at if refused else None)
    except IntegrityError:
        # This nonce was seen before: the caller undoes what we did and gives the answer it got then.
        raise NonceSeen(where, nonce) from None
    return answer


def scan_text(where: Door, text: str, *, nonce: str, scanned_at: datetime | None = None,
              user_id: int | None = None, begin: bool = True) -> Answer:
    """Check in whatever a scanner read (see `code_from_scan`)."""
    code = code_from_scan(text)
    if code is None:
        return Answer(Result.UNKNOWN)
    return scan(where, nonce=nonce, code=code, scanned_at=scanned_at, user_id=user_id, begin=begin)


def replay(where: Door, nonce: str) -> Answer:
    """The answer a nonce got the first time (read after the transaction that raised `NonceSeen` has
    rolled back)."""
    row = db.session.execute(
        select(ScanNonce.event_id, ScanNonce.result, ScanNonce.registration_id, Registration.first_name,
               Registration.last_name, Registration.organisation, Checkin.scanned_at, Checkin.session_id,
               User.name, User.email)
        .outerjoin(Registration, Registration.id == ScanNonce.registration_id)
        .outerjoin(Checkin, Checkin.id == ScanNonce.checkin_id)
        .outerjoin(User, User.id == Checkin.by_user_id)
        .where(ScanNonce.nonce == nonce)
    ).first()
    if row is None:
        raise UnknownScan(nonce)
    if row.event_id != where.event_id:
        raise NonceConflict(nonce)
    result = Result(row.result)
    if row.registration_id is None:
        return Answer(result)
    name = f"{row.first_name} {row.last_name}".strip()
    if result in (Result.CANCELLED, Result.WAITLISTED):
        return Answer(result, name, row.organisation)
    by = (row.name or row.email) if result == Result.ALREADY_CHECKED_IN else None
    return Answer(result, name, row.organisation, row.scanned_at, by, _signed_up(row.registration_id, where))


@dataclass(frozen=True)
class Undone:
    name: str
    organisation: str


def undo(event_id: int, nonce: str, user_id: int) -> Undone:
    """Take back the check-in that the scan `nonce` made (a mistaken scan). Undoing twice is harmless."""
    found = db.session.execute(
        select(ScanNonce.event_id, ScanNonce.result, ScanNonce.registration_id, ScanNonce.checkin_id)
        .where(ScanNonce.nonce == nonce)
    ).first()
    if found is None or found.event_id != event_id:
        raise UnknownScan(nonce)
    if found.result != Result.OK or found.checkin_id is None:
        raise NothingToUndo(nonce)
    begin_serialized()
    reg = db.session.execute(select(*_REG_COLUMNS).where(Registration.id == found.registration_id)
                             .with_for_update()).one()
    now = clock.now()
    changed = db.session.execute(
        update(Checkin).where(and_(Checkin.id == found.checkin_id, Checkin.undone_at.is_(None))).values(undone_at=now)
    ).rowcount
    if changed:
        record(Actor.user(db.session.get(User, user_id)), "checkin", found.checkin_id, "undo", {"undone_at": [None, now.isoformat()]},
               event_id=event_id)
    return Undone(f"{reg.first_name} {reg.last_name}".strip(), reg.organisation)
