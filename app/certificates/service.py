"""Who gets a kursbevis, what is on it, and issuing them. Plain functions; the caller owns the transaction.

Attended: a confirmed registration; where the event used check-in at the door, only those checked in there.
The sessions on it: by session check-in where the event used it, otherwise the chosen programme (the common
sessions and the confirmed choices). Breaks and meals are not listed and not counted in the hours."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select

from app.audit.log import Actor, record
from app.certificates import mail
from app.core import clock, tokens
from app.core.clock import date_range_label
from app.core.urls import absolute_url
from app.extensions import db
from app.models import (
    SIGNUP_KINDS,
    Certificate,
    Checkin,
    ChoiceStatus,
    Event,
    Registration,
    RegistrationStatus,
    Session,
    SessionKind,
    SessionStatus,
)

PURPOSE = "certificate"
CODE_LENGTH = 22  # 22 symbols of 23 ≈ 99.5 bits (≥ 96), no look-alike characters
NOT_TEACHING = frozenset({SessionKind.BREAK, SessionKind.MEAL})


@dataclass(frozen=True)
class Attended:
    title: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Issued:
    new: int  # certificates issued now
    already: int  # attendees who had one before


def code(certificate: Certificate) -> str:
    return tokens.derive(PURPOSE, certificate.code_salt, CODE_LENGTH)


def verify_url(certificate: Certificate) -> str:
    """What the QR encodes: <BASE_URL>/verify/<code>."""
    return absolute_url("certificates.verify", code=code(certificate))


def by_code(text: str) -> Certificate | None:
    if not text or len(text) > 64:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code_hash == tokens.digest(text)))


def of(registration: Registration) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.registration_id == registration.id))


def withdrawn(certificate: Certificate) -> bool:
    """A kursbevis whose registration was cancelled after it was issued no longer holds: it cannot be downloaded,
    and its verification page says it was withdrawn."""
    return certificate.registration.status == RegistrationStatus.CANCELLED


def valid_of(registration: Registration) -> Certificate | None:
    """The registration's kursbevis, unless it was withdrawn."""
    certificate = of(registration)
    return None if certificate is None or withdrawn(certificate) else certificate


def _active_checkins(event_id: int):
    return select(Checkin).where(Checkin.event_id == event_id, Checkin.undone_at.is_(None))


def used_door_checkin(event_id: int) -> bool:
    return bool(db.session.scalar(select(exists(_active_checkins(event_id).where(Checkin.session_id.is_(None))))))


def used_session_checkin(event_id: int) -> bool:
    return bool(db.session.scalar(select(exists(_active_checkins(event_id).where(Checkin.session_id.is_not(None))))))


def attendees(event: Event) -> list[Registration]:
    """The confirmed registrations who attended (checked in at the door where the door's check-in was used)."""
    stmt = select(Registration).where(Registration.event_id == event.id,
                                      Registration.status == RegistrationStatus.CONFIRMED)
    if used_door_checkin(event.id):
        door = _active_checkins(event.id).where(Checkin.session_id.is_(None),
                                                Checkin.registration_id == Registration.id)
        stmt = stmt.where(exists(door))
    return list(db.session.scalars(stmt.order_by(Registration.last_name, Registration.first_name, Registration.id)))


def sessions_attended(registration: Registration) -> list[Attended]:
    """The sessions on the certificate, in time order."""
    event_id = registration.event_id
    stmt = select(Session).where(Session.event_id == event_id, Session.status == SessionStatus.SCHEDULED,
                                 Session.kind.not_in(NOT_TEACHING))
    if used_session_checkin(event_id):
        checked = _active_checkins(event_id).where(Checkin.registration_id == registration.id,
                                                   Checkin.session_id == Session.id)
        stmt = stmt.where(exists(checked))
    else:
        chosen = {c.session_id for c in registration.choices if c.status == ChoiceStatus.CONFIRMED}
        stmt = stmt.where(Session.kind.not_in(SIGNUP_KINDS) | Session.id.in_(chosen or {0}))
    rows = db.session.scalars(stmt.order_by(Session.starts_at, Session.id)).all()
    return [Attended(s.title, s.starts_at, s.ends_at) for s in rows]


def minutes(sessions: list[Attended]) -> int:
    """Time in the sessions, overlapping ones counted once."""
    total, reach = 0, None
    for s in sorted(sessions, key=lambda a: a.starts_at):
        start = s.starts_at if reach is None else max(s.starts_at, reach)
        if s.ends_at > start:
            total += int((s.ends_at - start).total_seconds() // 60)
        reach = s.ends_at if reach is None else max(reach, s.ends_at)
    return total


class TooEarly(Exception):
    """Certificates are issued after the event."""


def issue_one(registration: Registration, actor: Actor) -> Certificate:
    salt = tokens.new_salt()
    certificate = Certificate(event_id=registration.event_id, registration_id=registration.id, code_salt=salt,
                              code_hash=tokens.digest(tokens.derive(PURPOSE, salt, CODE_LENGTH)),
                              issued_by_user_id=actor.user_id)
    db.session.add(certificate)
    return certificate


def issue(event: Event, actor: Actor) -> Issued:
    """A certificate for every attendee who has none yet; issuing again adds only the new ones."""
    if clock.now() < event.ends_at:
        raise TooEarly(event.id)
    had = set(db.session.scalars(select(Certificate.registration_id).where(Certificate.event_id == event.id)))
    people = attendees(event)
    fresh = [issue_one(r, actor) for r in people if r.id not in had]
    db.session.flush()
    for certificate in fresh:
        mail.tell_ready(certificate)
    record(actor, "event", event.id, "certificates_issued", {"issued": [None, str(len(fresh))]}, event_id=event.id)
    return Issued(new=len(fresh), already=len(people) - len(fresh))


def issued_count(event_id: int) -> int:
    return db.session.scalar(select(func.count(Certificate.id)).where(Certificate.event_id == event_id)) or 0


def pdf(certificate: Certificate) -> bytes:
    """The kursbevis of `certificate` (app/certificates/render.py), in Norwegian bokmål."""
    from flask_babel import force_locale

    from app.certificates import render

    registration, event = certificate.registration, certificate.event
    sessions = sessions_attended(registration)
    with force_locale("nb"):
        data = render.CertificateData(
            name=registration.full_name, event_title=event.title,
            event_dates=date_range_label(event.starts_at, event.ends_at),
            venue=event.venue.name if event.venue and not event.is_online else "",
            sessions=sessions, hours=render.hours_label(minutes(sessions)),
            url=verify_url(certificate), code=code(certificate))
        return render.certificate_pdf(data)
