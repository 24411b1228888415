"""An event's sessions as serialised VEVENTs, built once per program version.

Every feed of an event (the whole program, one session, a participant's program, a speaker's
sessions) is a choice among the same VEVENTs, so they are built once per program version
(`app.program.cache.fragments`) and a feed only picks and joins them. A participant's
waiting-list places use a second variant ("(venteliste)", STATUS:TENTATIVE), built only when
some feed needs it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.calendar import ical
from app.core.clock import date_range_label
from app.extensions import db
from app.models import ChoiceStatus, Event, EventStatus, Session, Venue
from app.program import queries
from app.program.cache import fragments


@dataclass(frozen=True)
class EventComponents:
    event_id: int
    slug: str
    title: str
    published: bool
    when: str  # '14.–15. april 2027'
    url: str  # the event page
    order: tuple[int, ...]  # session ids in time order (cancelled sessions left out)
    common: frozenset[int]  # sessions everybody attends (not sign-up ones)
    vevents: Mapping[int, bytes]


def components(event_id: int, version: int, *, waitlisted: bool = False) -> EventComponents | None:
    """The event's VEVENTs at this program version (None when the event is gone)."""
    key = ("calendar-vevents", event_id, version, waitlisted, current_app.config["BASE_URL"])
    return fragments.get_or_build(key, lambda: _build(event_id, waitlisted))


def _load_event(event_id: int) -> Event | None:
    return db.session.scalars(
        select(Event).where(Event.id == event_id).options(joinedload(Event.venue).joinedload(Venue.municipality))
    ).unique().one_or_none()


def _build(event_id: int, waitlisted: bool) -> EventComponents | None:
    event = _load_event(event_id)
    if event is None:
        return None
    sessions = queries.program(event)
    return from_sessions(event, sessions, waitlisted=waitlisted)


def from_sessions(event: Event, sessions: list[Session], *, waitlisted: bool = False,
                  stamp: datetime | None = None, scheduling: ical.Scheduling | None = None) -> EventComponents:
    """Build the VEVENTs (`stamp` and `scheduling`: DTSTAMP and the iTIP parts of an e-mailed
    file; a feed has neither)."""
    page = ical.event_url(event)
    with force_locale("nb"):
        vevents = {s.id: ical.vevent(event, s, event_page=page, waitlisted=waitlisted, stamp=stamp,
                                     scheduling=scheduling).to_ical()
                   for s in sessions}
        when = date_range_label(event.starts_at, event.ends_at)
    return EventComponents(
        event_id=event.id,
        slug=event.slug,
        title=event.title,
        published=event.status == EventStatus.PUBLISHED,
        when=when,
        url=page,
        order=tuple(s.id for s in sessions),
        common=frozenset(s.id for s in sessions if not s.is_signup),
        vevents=vevents,
    )


def participant_selection(order: Iterable[int], common: frozenset[int], choices: Mapping[int, ChoiceStatus],
                          registration_waitlisted: bool) -> list[tuple[int, bool]]:
    """(session id, is a waiting-list place) for a participant, in time order: the sessions
    everybody attends plus the ones they chose. On the event's waiting list, every place is one."""
    picked = []
    for session_id in order:
        if session_id in common:
            picked.append((session_id, registration_waitlisted))
        elif session_id in choices:
            picked.append((session_id, registration_waitlisted or choices[session_id] != ChoiceStatus.CONFIRMED))
    return picked


def event_texts(comps: EventComponents) -> tuple[str, str]:
    """NAME and X-WR-CALDESC of the event's own feed."""
    with force_locale("nb"):
        return comps.title, _(
            "Programmet for %(title)s, %(when)s. Kulturskolerådet oppdaterer det når noe endres.",
            title=comps.title, when=comps.when,
        )


def participant_texts(comps: EventComponents) -> tuple[str, str]:
    with force_locale("nb"):
        return _("Mitt program – %(title)s", title=comps.title), _(
            "Programmet ditt på %(title)s, %(when)s: fellesprogrammet og sesjonene du har valgt.",
            title=comps.title, when=comps.when,
        )
