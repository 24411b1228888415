"""An organiser's changes to registrations: every one goes through app.registration.service (which
locks, commits and queues the participant's e-mail), and is audited in that same transaction.

The registration service commits on its own, so the audit entry is written from a `before_commit`
hook on the database session while the service call runs: it compares the registration with how it
was before the call, and adds the old → new values to the transaction the service is committing.
Health fields (diet, allergies, accessibility) are logged as changed without their values: the
audit log outlives the retention of health data.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession

from app.audit.log import Actor, diff, record, snapshot
from app.extensions import db
from app.models import Registration, RegistrationStatus, Session
from app.registration import service
from app.registration.service import Applicant

FIELDS = ("status", "waitlist_position", "role", "first_name", "last_name", "email", "phone", "organisation",
          "job_title", "municipality_number", "years_as_leader", "invoice_org_number", "invoice_reference")
HEALTH_FIELDS = ("health_consent_at", "diet", "diet_other", "accessibility_needs")
HIDDEN = "<hidden>"


def state(registration: Registration) -> dict:
    values = snapshot(registration, FIELDS)
    for name in HEALTH_FIELDS:
        values[name] = HIDDEN if getattr(registration, name) else None
    health = snapshot(registration, HEALTH_FIELDS)
    values["_health"] = "|".join(str(health[n]) for n in HEALTH_FIELDS)
    chosen = sorted(((c, c.session or db.session.get(Session, c.session_id)) for c in registration.choices),
                    key=lambda pair: (pair[1].starts_at, pair[1].id))
    values["sessions"] = ", ".join(
        s.title + ("" if c.status.value == "confirmed" else f" [{c.status.value}]") for c, s in chosen) or None
    return values


def _changes(before: dict, after: dict) -> dict:
    changes = diff(before, after)
    health_changed = changes.pop("_health", None) is not None and "_health" in before
    if health_changed and not any(n in changes for n in HEALTH_FIELDS):
        changes["health"] = [HIDDEN, HIDDEN]
    return changes


@contextmanager
def _audited(actor: Actor, action: str, locate: Callable[[OrmSession], Registration | None],
             before: dict) -> Iterator[None]:
    orm_session = db.session()
    seen = {"before": before}

    def on_commit(sess: OrmSession) -> None:
        registration = locate(sess)
        if registration is None:
            return
        after = state(registration)
        changes = _changes(seen["before"], after)
        if changes:
            record(actor, "registration", registration.id, action, changes, event_id=registration.event_id)
            seen["before"] = after

    sa_event.listen(orm_session, "before_commit", on_commit)
    try:
        yield
    finally:
        sa_event.remove(orm_session, "before_commit", on_commit)


def _by_id(registration_id: int) -> Callable[[OrmSession], Registration | None]:
    return lambda sess: sess.get(Registration, registration_id)


def _current(registration_id: int) -> dict:
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise service.NotFound(registration_id)
    return state(registration)


def update_details(registration_id: int, applicant: Applicant, actor: Actor) -> Registration:
    with _audited(actor, "update", _by_id(registration_id), _current(registration_id)):
        return service.update_details(registration_id, applicant, by_organiser=True)


def change_sessions(registration_id: int, session_ids: Iterable[int], actor: Actor) -> Registration:
    with _audited(actor, "update", _by_id(registration_id), _current(registration_id)):
        return service.change_sessions(registration_id, session_ids, by_organiser=True)


def cancel(registration_id: int, actor: Actor) -> Registration:
    with _audited(actor, "cancel", _by_id(registration_id), _current(registration_id)):
        return service.cancel(registration_id, by_organiser=True)


def confirm_from_waitlist(registration_id: int, actor: Actor) -> Registration:
    with _audited(actor, "confirm", _by_id(registration_id), _current(registration_id)):
        return service.confirm_from_waitlist(registration_id)


def register(event_id: int, applicant: Applicant, session_ids: Iterable[int], actor: Actor) -> Registration:
    """Register someone by hand (also outside the registration window)."""
    email = applicant.email.strip().lower()

    def locate(sess: OrmSession) -> Registration | None:
        for obj in list(sess.identity_map.values()) + list(sess.new):
            if isinstance(obj, Registration) and obj.event_id == event_id and obj.email == email \
                    and obj.status is not None and obj.status != RegistrationStatus.CANCELLED:
                return obj
        return None

    with _audited(actor, "create", locate, {}):
        return service.register(event_id, applicant, session_ids, by_organiser=True)
