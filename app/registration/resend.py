"""The manage link by e-mail to an address registered for the event: when asked for ('send me my link
again'), and when someone registers again with the address. The visitor gets the same answer whether
the address is registered or not, so these functions never tell the caller what they did. They queue in the caller's transaction."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.core import clock
from app.extensions import db
from app.models import OutboxMessage, Registration
from app.registration import notify

ALREADY_PER_HOUR = 3  # "you are already registered" e-mails to one registration: nobody's inbox gets flooded


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
    return True


def tell_already_registered(registration_id: int) -> bool:
    """Someone registered with an address that already has an active registration for the event: that
    registration stays as it is, and its holder gets the manage link — at most ALREADY_PER_HOUR times an
    hour (silently not more: the form's answer must not change). Returns whether a message was queued."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.anonymised_at is not None:
        return False
    recent = db.session.scalar(select(func.count()).where(
        OutboxMessage.registration_id == registration_id, OutboxMessage.kind == "registration.already",
        OutboxMessage.created_at > clock.now() - timedelta(hours=1)))
    if recent >= ALREADY_PER_HOUR:
        return False
    notify.already_registered(registration)
    return True
