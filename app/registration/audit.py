"""The audit entry of an organiser's change to a registration, written by app.registration.service in
the change's own transaction: the registration's fields before → after.

Health fields (diet, allergies, accessibility) are logged as changed without their values: the
audit log outlives the retention of health data.
"""
from __future__ import annotations

from app.audit.log import Actor, diff, record, snapshot
from app.extensions import db
from app.models import Registration, Session

FIELDS = ("status", "waitlist_position", "role", "first_name", "last_name", "email", "phone", "organisation",
          "job_title", "municipality_number", "years_as_leader", "invoice_org_number", "invoice_reference")
HEALTH_FIELDS = ("health_consent_at", "diet", "diet_other", "accessibility_needs")
HIDDEN = "<hidden>"


def state(registration: Registration) -> dict:
    """What the audit log compares: the fields, the health section hidden, the sessions chosen."""
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


def record_change(actor: Actor, action: str, registration: Registration, before: dict) -> None:
    """Record `action` with what changed since `before` (`state()` then; {} for a new registration);
    nothing when nothing changed."""
    db.session.flush()
    changes = _changes(before, state(registration))
    if changes:
        record(actor, "registration", registration.id, action, changes, event_id=registration.event_id)
