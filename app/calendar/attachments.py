"""The .ics files in e-mails: iTIP messages (RFC 5546) a calendar client can act on.

- The confirmation and "changed" e-mails carry the participant's program as METHOD:REQUEST.
- The e-mails saying sessions are gone from someone's program (workshops dropped, the
  registration cancelled, a session cancelled) carry them as METHOD:CANCEL, STATUS:CANCELLED.
- A programme-change notice carries the changed session as METHOD:REQUEST.

Calendar clients (Thunderbird, Outlook) apply a CANCEL or an update only to an event they took
from a REQUEST with the same UID (`session-<id>@host`, as in the feeds) and ORGANIZER (the
sender of our e-mails), and only when its SEQUENCE is not lower than the one they have. So every
VEVENT we e-mail names the organiser and the recipient as ATTENDEE (RSVP=FALSE: no reply is
wanted), and its SEQUENCE is the session's revision (raised by every change of title, time or
room, and by cancelling) plus the recipient's `Registration.calendar_sequence` (raised when
sessions leave their program without changing themselves): for one UID and recipient it never
goes down, and a CANCEL is above every REQUEST sent before it.
"""
from __future__ import annotations

from collections.abc import Sequence
from email.utils import parseaddr

from flask import current_app

from app.calendar import components as comp
from app.calendar import ical, service
from app.core import clock
from app.mail.outbox import Attachment
from app.models import Event, Registration, Session, Speaker


def _mimetype(method: str) -> str:
    # Outlook and Apple Mail act on a text/calendar part by its method parameter.
    return f"text/calendar; method={method}; charset=UTF-8"


def _organizer() -> tuple[str, str]:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    name, address = sender if isinstance(sender, tuple) else parseaddr(sender)
    return name or "Kulturskolerådet", address


def for_registration(registration: Registration, *, cancelled: bool = False) -> ical.Scheduling:
    name, address = _organizer()
    return ical.Scheduling(name, address, registration.full_name, registration.email,
                           sequence_bump=registration.calendar_sequence, cancelled=cancelled)


def for_speaker(speaker: Speaker, *, cancelled: bool = False) -> ical.Scheduling:
    name, address = _organizer()
    return ical.Scheduling(name, address, speaker.name, speaker.email, cancelled=cancelled)


def program_attachment(registration: Registration) -> Attachment:
    """My program (the plenary program and my sessions; waiting-list places marked), METHOD:REQUEST,
    stamped now, from the rows as they are (the e-mail is rendered when it is sent)."""
    data = service.participant_ics(registration, scheduling=for_registration(registration), stamp=clock.now())
    return Attachment(filename=f"{registration.event.slug}.ics", mimetype=_mimetype("REQUEST"), data=data)


def cancellation_attachment(event: Event, sessions: Sequence[Session], scheduling: ical.Scheduling) -> Attachment:
    """These sessions, gone from the recipient's program, as METHOD:CANCEL (`scheduling` cancelled)."""
    return _attachment(event, sessions, scheduling, "CANCEL")


def change_attachment(event: Event, session: Session, scheduling: ical.Scheduling, *,
                      waitlisted: bool = False) -> Attachment:
    """The session as it is after a programme change, METHOD:REQUEST (its SEQUENCE has been raised)."""
    return _attachment(event, [session], scheduling, "REQUEST", waitlisted=waitlisted)


def _attachment(event: Event, sessions: Sequence[Session], scheduling: ical.Scheduling, method: str, *,
                waitlisted: bool = False) -> Attachment:
    comps = comp.from_sessions(event, list(sessions), waitlisted=waitlisted, stamp=clock.now(), scheduling=scheduling)
    name, caldesc = comp.event_texts(comps)
    data = ical.assemble(name=name, caldesc=caldesc, url=comps.url, method=method,
                         vevents=[comps.vevents[i] for i in comps.order])
    return Attachment(filename=f"{event.slug}.ics", mimetype=_mimetype(method), data=data)
