"""'Mine data': everything stored about one registration, as JSON (GDPR right of access)."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.mail.renderers import text_of
from app.models import AuditEntry, Checkin, OutboxMessage, PeerGroupMember, Registration
from app.registration import choices


def _iso(moment: datetime | None) -> str | None:
    return clock.oslo(moment).isoformat() if moment else None


def _person(r: Registration) -> dict:
    return {
        "first_name": r.first_name, "last_name": r.last_name, "email": r.email, "phone": r.phone,
        "organisation": r.organisation, "job_title": r.job_title,
        "kommune": ({"number": r.municipality.number, "name": r.municipality.display_name}
                    if r.municipality else None),
        "years_as_leader": r.years_as_leader.value if r.years_as_leader else None,
        "school_size": r.school_size.value if r.school_size else None,
    }


def _health(r: Registration) -> dict:
    labels = dict(choices.DIETS)
    return {
        "consent_given_at": _iso(r.health_consent_at),
        "diet": [{"code": c, "label": str(labels.get(c, c))} for c in r.diet_codes],
        "diet_other": r.diet_other,
        "accessibility_needs": r.accessibility_needs,
        "deleted_at": _iso(r.health_purged_at),
    }


def _sessions(r: Registration) -> list[dict]:
    return [{
        "session_id": c.session_id, "title": c.session.title,
        "starts_at": _iso(c.session.starts_at), "ends_at": _iso(c.session.ends_at),
        "status": c.status.value, "waitlist_position": c.waitlist_position, "chosen_at": _iso(c.created_at),
    } for c in r.choices]


def _emails(r: Registration) -> list[dict]:
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.registration_id == r.id)
                              .order_by(OutboxMessage.id))
    return [{"kind": m.kind, "to": m.to_address, "subject": m.subject, "status": m.status.value,
             "queued_at": _iso(m.created_at), "sent_at": _iso(m.sent_at), "text": text_of(m)} for m in rows]


def _checkins(r: Registration) -> list[dict]:
    rows = db.session.scalars(select(Checkin).where(Checkin.registration_id == r.id).order_by(Checkin.id))
    return [{"session_id": c.session_id, "scanned_at": _iso(c.scanned_at), "undone_at": _iso(c.undone_at)}
            for c in rows]


def _history(r: Registration) -> list[dict]:
    rows = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "registration",
                                                       AuditEntry.entity_id == r.id).order_by(AuditEntry.id))
    return [{"at": _iso(a.at), "by": a.actor_type, "action": a.action, "changes": json.loads(a.changes or "{}")}
            for a in rows]


def export(registration: Registration) -> dict:
    """Every field stored about this person for this event, their choices, e-mails and check-ins.
    Only the links' salts and digests are left out: they open nothing and are not about the person."""
    r = registration
    event = r.event
    return {
        "exported_at": _iso(clock.now()),
        "controller": "Kulturskolerådet",
        "event": {"slug": event.slug, "title": event.title, "starts_at": _iso(event.starts_at),
                  "ends_at": _iso(event.ends_at)},
        "registration": {
            "id": r.id, "status": r.status.value, "waitlist_position": r.waitlist_position, "role": r.role.value,
            "registered_at": _iso(r.created_at), "updated_at": _iso(r.updated_at),
            "confirmed_at": _iso(r.confirmed_at), "cancelled_at": _iso(r.cancelled_at),
            "privacy_accepted_at": _iso(r.privacy_accepted_at), "anonymised_at": _iso(r.anonymised_at),
        },
        "person": _person(r),
        "invoice": {"org_number": r.invoice_org_number, "reference": r.invoice_reference},
        "health": _health(r),
        "sessions": _sessions(r),
        "emails": _emails(r),
        "checkins": _checkins(r),
        "history": _history(r),
        "peer_group": _peer_group(r),
    }


def _peer_group(r: Registration) -> dict | None:
    """Her kollegagruppe (app/peer_groups), draft or published, or the one she left by cancelling."""
    member = db.session.scalar(select(PeerGroupMember).where(PeerGroupMember.registration_id == r.id))
    if member is None:
        return None
    group = member.group
    return {"name": group.name, "table_or_room": group.place, "state": group.state.value,
            "added_at": _iso(member.added_at), "left_at": _iso(member.left_at)}
