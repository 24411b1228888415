"""What each kind of message is, in one place: bulk or not, automatic or not, and whether what it says
still holds when it is about to be sent.

A message about a registration is written when the registration changes and sent later; by then the
registration may have changed again (a "Du er påmeldt" for a registration cancelled since). Such a message
is not sent and is marked superseded; the later message about the change goes out instead (messages about
one registration go out in the order they were queued: app/mail/outbox.py).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.extensions import db
from app.mail import optout, reasons
from app.models import OutboxMessage, Registration, RegistrationStatus, SeriesMember

Holds = Callable[[Registration, dict], bool]


@dataclass(frozen=True)
class Kind:
    bulk: bool = False  # an organiser's message to many: List-Unsubscribe (RFC 8058), opt-outs honoured
    automatic: bool = True  # written by the system, not a person: Auto-Submitted: auto-generated (RFC 3834)
    holds: Holds | None = None  # for a message about a registration: is it still true?
    wanted: Callable[[dict], bool] | None = None  # from its context: does the recipient still want it?


def _status(*statuses: RegistrationStatus) -> Holds:
    return lambda registration, _context: registration.status in statuses


def _member_wants(member_id: int | None) -> bool:
    """Is the series member still there and taking invitations? (True for a message that names no member.)"""
    if member_id is None:
        return True
    member = db.session.get(SeriesMember, member_id)
    return member is not None and member.mail_ok


def _not_cancelled(registration: Registration, _context: dict) -> bool:
    return registration.status != RegistrationStatus.CANCELLED


KINDS: dict[str, Kind] = {
    "registration.confirmed": Kind(holds=_status(RegistrationStatus.CONFIRMED)),
    "registration.waitlisted": Kind(holds=_not_cancelled),
    "registration.promoted": Kind(holds=_status(RegistrationStatus.CONFIRMED)),
    "registration.session_promoted": Kind(holds=_not_cancelled),
    "registration.changed": Kind(holds=_not_cancelled),
    "registration.cancelled": Kind(holds=_status(RegistrationStatus.CANCELLED)),
    "registration.reminder": Kind(holds=_status(RegistrationStatus.CONFIRMED)),  # app/reminders/sending.py
    "bulk": Kind(bulk=True, automatic=False),
    # A series' new meeting to its members (app/series/invitations.py): not once the member has left the series
    # or chosen no invitations (on their member page, or by withdrawing the consent on Min side).
    "series.invitation": Kind(bulk=True, wanted=lambda context: _member_wants(context.get("series_member_id"))),
    # once to a new leader, with the start package (app/resources/welcome.py): not needed for the registration,
    # so opt-outs are honoured and it carries List-Unsubscribe
    "resources.welcome": Kind(bulk=True),
    "reach.invitation": Kind(bulk=True, automatic=False),  # an organiser's invitation to a segment (app/reach)
}
_OTHER = Kind()


def of(kind: str) -> Kind:
    return KINDS.get(kind, _OTHER)


def why_not_send(message: OutboxMessage, context: dict) -> str | None:
    """A reason code when `message` must not go out now (superseded, opted out), else None."""
    kind = of(message.kind)
    if kind.bulk and optout.is_opted_out(message.to_address):
        return reasons.OPTED_OUT
    if kind.wanted is not None and not kind.wanted(context):
        return reasons.NOT_WANTED
    if kind.holds is not None and message.registration_id is not None:
        registration = db.session.get(Registration, message.registration_id)
        if registration is not None and not kind.holds(registration, context):
            return reasons.SUPERSEDED
    return None
