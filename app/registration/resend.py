"""'Send me my link again': the manage link by e-mail to an address registered for the event."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Registration
from app.registration import notify


def send_manage_link(event_id: int, email: str) -> bool:
    """Queue the manage link when `email` is registered for the event (also a cancelled registration,
    which can register again from its page). Returns whether a message was queued — the visitor
    must get the same answer either way, so callers never tell them."""
    address = (email or "").strip().lower()
    registration = db.session.scalar(
        select(Registration).where(Registration.event_id == event_id, Registration.email == address)
    )
    if registration is None or registration.anonymised_at is not None:
        return False
    notify.manage_link(registration)
    db.session.commit()
    return True
