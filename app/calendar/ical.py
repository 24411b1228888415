"""The iCalendar (RFC 5545 / RFC 7986) shape of the program, built with the `icalendar` library.

- Every session is a VEVENT whose UID never changes (`session-<id>@<host of BASE_URL>`), with
  DTSTART/DTEND in TZID=Europe/Oslo, SEQUENCE from the session's revision counter and
  LAST-MODIFIED from the rows it shows. In a feed (no METHOD) DTSTAMP is that same moment
  (RFC 5545 3.8.7.2), so the bytes of a feed depend only on the data: that is what makes its
  ETag strong. A METHOD:PUBLISH attachment stamps the moment it was made instead.
- Every calendar (feeds and e-mail attachments alike) carries the same VTIMEZONE for
  Europe/Oslo (`VTIMEZONE` below, the one place it is written), and NAME/X-WR-CALNAME,
  X-WR-CALDESC, X-WR-TIMEZONE, REFRESH-INTERVAL and X-PUBLISHED-TTL (one hour), PRODID.
- An e-mailed VEVENT is an iTIP (RFC 5546) one: it names the ORGANIZER and the ATTENDEE, and
  its SEQUENCE adds the recipient's own count (`Scheduling`), see app.calendar.attachments.

All words are Norwegian bokmål; callers build under `force_locale("nb")`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from flask import current_app
from flask_babel import gettext as _

from app.core import clock
from app.core.labels import SESSION_KIND, SPEAKER_ROLE
from app.core.urls import absolute_url
from app.models import Event, Session, SpeakerRole

PRODID = "-//Kulturskolerådet//Samling//NO"
TZID = "Europe/Oslo"
REFRESH = timedelta(hours=1)
END = b"END:VCALENDAR\r\n"

# Europe/Oslo since 1996 (EU rule): summer time from the last Sunday of March, 02:00 local
# (01:00 UTC), to the last Sunday of October, 03:00 local (01:00 UTC). DTSTART is local wall-clock
# time in the offset before the change (RFC 5545 3.6.5). One definition, right for every year, in
# every calendar we make: a client that keys zones by TZID (vobject, Thunderbird) never sees two
# versions of it. Written out rather than generated: icalendar's generated VTIMEZONE lists the
# year's dates with RDATE and puts the start of summer time an hour late.
VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\n"
    f"TZID:{TZID}\r\n"
    f"X-LIC-LOCATION:{TZID}\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZNAME:CEST\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZNAME:CET\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
).encode()


@dataclass(frozen=True)
class Scheduling:
    """What an e-mailed VEVENT adds to a feed's (RFC 5546): who organises (the sender of our
    e-mails), who attends (the recipient), and the recipient's own count added to SEQUENCE
    (raised whenever we tell them a session is gone from their program)."""

    organizer_name: str
    organizer_email: str
    attendee_name: str
    attendee_email: str
    sequence_bump: int = 0
    cancelled: bool = False


def uid_host() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "samling"


def session_uid(session_id: int) -> str:
    return f"session-{session_id}@{uid_host()}"


def event_url(event: Event) -> str:
    return absolute_url("public.event", slug=event.slug)


def session_url(event_page: str, session: Session) -> str:
    return f"{event_page}#session-{session.id}"


def location(event: Event, session: Session) -> str:
    """'Room, venue, address' with what is missing left out ('Digitalt' for an online event)."""
    venue = session.room.venue if session.room is not None else event.venue
    parts = [session.room.name] if session.room is not None else []
    if venue is not None:
        parts += [venue.name, venue.full_address]
    elif event.is_online:
        parts.append(_("Digitalt"))
    return ", ".join(p for p in parts if p)


def description(event: Event, session: Session, url: str, *, waitlisted: bool = False) -> str:
    lines = []
    if waitlisted:
        lines += [_("Du står på venteliste til denne."), ""]
    for link in session.speaker_links:
        who = ", ".join(p for p in (link.speaker.name, link.speaker.organisation) if p)
        lines.append(f"{SPEAKER_ROLE[link.role or SpeakerRole.SPEAKER]}: {who}")
    if session.abstract:
        if lines:
            lines.append("")
        lines.append(session.abstract.strip())
    if lines:
        lines.append("")
    lines.append(_("Mer om sesjonen: %(url)s", url=url))
    return "\n".join(lines)


def last_modified(session: Session) -> datetime:
    """The latest change to what the VEVENT shows: the session or one of its speakers."""
    return max([session.updated_at, *(link.speaker.updated_at for link in session.speaker_links)])


def summary(session: Session, *, waitlisted: bool = False) -> str:
    return f"{session.title} ({_('venteliste')})" if waitlisted else session.title


def vevent(event: Event, session: Session, *, event_page: str, waitlisted: bool = False,
           stamp: datetime | None = None, scheduling: Scheduling | None = None) -> icalendar.Event:
    """One session as a VEVENT. `event_page` is `event_url(event)`; `stamp` is DTSTAMP for an
    e-mail (a feed leaves it out and stamps LAST-MODIFIED), and `scheduling` its iTIP parts."""
    url = session_url(event_page, session)
    modified = last_modified(session)
    component = icalendar.Event()
    component.add("uid", session_uid(session.id))
    component.add("dtstamp", stamp or modified)
    component.add("dtstart", clock.oslo(session.starts_at))
    component.add("dtend", clock.oslo(session.ends_at))
    component.add("summary", summary(session, waitlisted=waitlisted))
    place = location(event, session)
    if place:
        component.add("location", place)
    component.add("description", description(event, session, url, waitlisted=waitlisted))
    component.add("url", url)
    categories = [str(SESSION_KIND[session.kind])]
    if session.track is not None:
        categories.append(session.track.name)
    component.add("categories", categories)
    status = "TENTATIVE" if waitlisted else "CONFIRMED"
    sequence = session.revision
    if scheduling is not None:
        status = "CANCELLED" if scheduling.cancelled else status
        sequence += scheduling.sequence_bump
        _add_parties(component, scheduling, waitlisted=waitlisted)
    component.add("status", status)
    component.add("last-modified", modified)
    component.add("sequence", sequence)
    return component


def _add_parties(component: icalendar.Event, scheduling: Scheduling, *, waitlisted: bool) -> None:
    organizer = icalendar.vCalAddress(f"mailto:{scheduling.organizer_email}")
    organizer.params["CN"] = _param(scheduling.organizer_name)
    component.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{scheduling.attendee_email}")
    attendee.params.update({"CN": _param(scheduling.attendee_name), "ROLE": "REQ-PARTICIPANT",
                            "PARTSTAT": "TENTATIVE" if waitlisted else "ACCEPTED", "RSVP": "FALSE"})
    component.add("attendee", attendee)


def _param(text: str) -> str:
    """A parameter value can hold anything but a double quote (RFC 5545 3.1); icalendar quotes the rest."""
    return text.replace('"', "'")


def assemble(*, name: str, caldesc: str, url: str | None, vevents: Iterable[bytes],
             method: str | None = None) -> bytes:
    """A whole VCALENDAR from serialised VEVENTs (each made by `vevent(...).to_ical()`).

    The calendar's own properties are serialised by icalendar; the VTIMEZONE and the
    VEVENTs, serialised once and cached per program version, are put inside it as they are.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("name", name)
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("description", caldesc)
    calendar.add("x-wr-caldesc", icalendar.vText(caldesc))
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    if url:
        calendar.add("url", url)
    head = calendar.to_ical()
    if not head.endswith(END):
        raise RuntimeError("icalendar ended the calendar in an unexpected way")
    return b"".join([head[: -len(END)], VTIMEZONE, *vevents, END])
