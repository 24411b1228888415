"""Which feed a URL names, its validators, and how to build it. No request globals.

Each `*_feed(...)` answers None (→ 404) or a `Feed`: its strong ETag and Last-Modified come
from the program version (remembered for up to a second by a process for its 304s, see
app.calendar.versions; `fresh=True` reads it now) and small per-version indexes, plus for a
participant one query for their registration's own state; `build()` makes the bytes only when
the client's copy is stale, from VEVENTs built once per program version.

- ETag: a digest of the program version (raised in the same transaction as any change to the
  program, app.program.versioning) and, for a participant, the registration's status,
  `updated_at` and an aggregate of its session choices (ids and statuses). The bytes depend on
  nothing else (DTSTAMP is the data's own time, see app.calendar.ical), so equal ETags mean
  equal bytes: a strong validator.
- Last-Modified: when the program version last moved, or the registration changed
  (app.calendar.freshness keeps `updated_at` moving with the choices).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Row, case, func, select
from sqlalchemy.orm import selectinload

from app.calendar import components as comp
from app.calendar import ical, tokens, versions
from app.extensions import db
from app.models import (
    ChoiceStatus,
    ContentVersion,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    Series,
    Session,
    SessionChoice,
    SessionSpeaker,
    SessionStatus,
    Speaker,
)
from app.program import queries, versioning
from app.program.cache import fragments
from app.registration import links as registration_links

# Raise FORMAT when the bytes made from the same data change (a new property, other words), and
# move FORMAT_SINCE to about when that version is deployed: every client then gets the new form
# once instead of a 304, whether it asks with If-None-Match or only with If-Modified-Since.
# 2: one VTIMEZONE for every year (summer time began an hour late in the generated one).
FORMAT = 2
FORMAT_SINCE = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)


def _modified(*moments: datetime | None) -> datetime:
    """Last-Modified: the latest of these, and never before the bytes took their present form."""
    return max(m for m in (*moments, FORMAT_SINCE) if m is not None)


@dataclass(frozen=True)
class Feed:
    etag: str  # unquoted
    last_modified: datetime
    filename: str
    personal: bool
    fresh: bool  # the validators come from the database now, not from a remembered version
    build: Callable[[], bytes]


def _etag(*parts: object) -> str:
    raw = "|".join(str(p) for p in (FORMAT, current_app.config["BASE_URL"], *parts))
    return hashlib.blake2s(raw.encode(), digest_size=16).hexdigest()


_IS_PROGRAM = ContentVersion.name == versioning.PROGRAM


def _cache_key(*parts: object) -> tuple:
    config = current_app.config
    return (*parts, config["BASE_URL"], config["SQLALCHEMY_DATABASE_URI"])


# --- the event's feed and one session --------------------------------------------------------
# Their validators need the program version and, per version, which events and sessions exist:
# small indexes cached per version, so a 304 needs no query while the version is remembered
# (app.calendar.versions).

def _events(version: int) -> dict[str, Row]:
    """slug → (id, status, updated_at) of every event, at this program version."""
    def build() -> dict[str, Row]:
        return {row.slug: row for row in db.session.execute(select(Event.slug, Event.id, Event.status,
                                                                   Event.updated_at, Event.series_id))}

    return fragments.get_or_build(_cache_key("calendar-events", version), build)


def _session_statuses(event_id: int, version: int) -> dict[int, SessionStatus]:
    def build() -> dict[int, SessionStatus]:
        return dict(db.session.execute(select(Session.id, Session.status).where(Session.event_id == event_id)).all())

    return fragments.get_or_build(_cache_key("calendar-sessions", event_id, version), build)


def _published_event(slug: str, fresh: bool) -> tuple[Row, versions.ProgramVersion] | None:
    program = versions.program_version(fresh=fresh)
    row = _events(program.version).get(slug)
    if row is None or row.status != EventStatus.PUBLISHED:
        return None
    return row, program


def event_feed(slug: str, *, fresh: bool = False) -> Feed | None:
    """The published event's whole program (`/events/<slug>/calendar.ics`)."""
    found = _published_event(slug, fresh)
    if found is None:
        return None
    row, program = found
    event_id, version = row.id, program.version

    def build() -> bytes:
        return fragments.get_or_build(_cache_key("calendar-event-feed", event_id, version),
                                      lambda: _event_bytes(event_id, version))

    return Feed(etag=_etag("event", event_id, version),
                last_modified=_modified(program.changed_at or row.updated_at),
                filename=f"{slug}.ics", personal=False, fresh=fresh, build=build)


def _event_bytes(event_id: int, version: int) -> bytes:
    comps = comp.components(event_id, version)
    name, caldesc = comp.event_texts(comps)
    return ical.assemble(name=name, caldesc=caldesc, url=comps.url, vevents=[comps.vevents[i] for i in comps.order])


def series_feed(slug: str, *, fresh: bool = False) -> Feed | None:
    """The published meetings of a public series (`/series/<slug>/calendar.ics`): the events' own VEVENTs,
    built once per program version (the same components as each event's feed)."""
    series = db.session.execute(select(Series.id, Series.title, Series.updated_at)
                                .where(Series.slug == slug, Series.public.is_(True))).first()
    if series is None:
        return None
    program = versions.program_version(fresh=fresh)
    events = sorted((row for row in _events(program.version).values()
                     if row.series_id == series.id and row.status == EventStatus.PUBLISHED), key=lambda r: r.id)
    event_ids, version = tuple(row.id for row in events), program.version

    def build() -> bytes:
        parts = [comp.components(event_id, version) for event_id in event_ids]
        vevents = [c.vevents[i] for c in parts if c is not None for i in c.order]
        with force_locale("nb"):
            caldesc = _("Møtene i %(title)s. Kulturskolerådet oppdaterer kalenderen når noe endres.",
                        title=series.title)
        return ical.assemble(name=series.title, caldesc=caldesc, url=None, vevents=vevents)

    return Feed(etag=_etag("series", series.id, version, series.updated_at, *event_ids),
                last_modified=_modified(program.changed_at, series.updated_at, *(r.updated_at for r in events)),
                filename=f"{slug}.ics", personal=False, fresh=fresh, build=build)


def session_feed(slug: str, session_id: int, *, fresh: bool = False) -> Feed | None:
    """One session of a published event, for "add this one" (`/events/<slug>/sessions/<id>.ics`)."""
    found = _published_event(slug, fresh)
    if found is None:
        return None
    row, program = found
    event_id, version = row.id, program.version
    if _session_statuses(event_id, version).get(session_id, SessionStatus.CANCELLED) == SessionStatus.CANCELLED:
        return None

    def build() -> bytes:
        comps = comp.components(event_id, version)
        picked = [session_id] if session_id in comps.vevents else []
        name, caldesc = comp.event_texts(comps)
        return ical.assemble(name=name, caldesc=caldesc, url=comps.url, vevents=[comps.vevents[i] for i in picked])

    return Feed(etag=_etag("session", event_id, session_id, version),
                last_modified=_modified(program.changed_at or row.updated_at), filename=f"{slug}-{session_id}.ics",
                personal=False, fresh=fresh, build=build)


# --- personal feeds: a participant's program, a speaker's sessions ---------------------------

def personal_feed(token: str, *, fresh: bool = False) -> Feed | None:
    """`/calendar/<token>.ics`: a participant's feed token, else a speaker's, else None."""
    registration = registration_links.by_feed_token(token)
    if registration is not None:
        return _participant_feed(registration)
    speaker = tokens.by_speaker_feed_token(token)
    if speaker is not None:
        return _speaker_feed(speaker, fresh)
    return None


def _choices_state(registration_id: int):
    """Program version, its time, and a cheap fingerprint of the registration's choices, in one query."""
    confirmed = case((SessionChoice.status == ChoiceStatus.CONFIRMED, SessionChoice.id), else_=0)
    waiting = case((SessionChoice.status == ChoiceStatus.WAITLISTED, SessionChoice.id), else_=0)
    return db.session.execute(
        select(
            select(ContentVersion.version).where(_IS_PROGRAM).scalar_subquery().label("version"),
            select(ContentVersion.changed_at).where(_IS_PROGRAM).scalar_subquery().label("changed_at"),
            func.count(SessionChoice.id),
            func.coalesce(func.sum(SessionChoice.id), 0),
            func.coalesce(func.max(SessionChoice.id), 0),
            func.coalesce(func.sum(confirmed), 0),
            func.coalesce(func.sum(waiting), 0),
        ).where(SessionChoice.registration_id == registration_id)
    ).one()


def _participant_feed(registration: Registration) -> Feed:
    state = _choices_state(registration.id)
    version = state.version or 0
    etag = _etag("participant", registration.id, registration.status, registration.updated_at.isoformat(),
                 version, *state[2:])
    return Feed(etag=etag, last_modified=_modified(state.changed_at, registration.updated_at),
                filename="mitt-program.ics", personal=True, fresh=True,
                build=lambda: participant_ics(registration, version=version))


def participant_ics(registration: Registration, *, version: int | None = None,
                    scheduling: ical.Scheduling | None = None, stamp: datetime | None = None) -> bytes:
    """A participant's program as iCalendar: the feed (from the cached VEVENTs of `version`), or,
    with `scheduling`, the METHOD:REQUEST file for an e-mail, stamped `stamp` and built from the
    current rows (app.calendar.attachments)."""
    event = registration.event
    active = registration.status != RegistrationStatus.CANCELLED and event.status == EventStatus.PUBLISHED
    if scheduling is None:
        version = versions.program_version(fresh=True).version if version is None else version
        normal = comp.components(event.id, version)
        marked = comp.components(event.id, version, waitlisted=True) if active and _any_waiting(registration) else normal
    else:
        sessions = queries.program(event)
        normal = comp.from_sessions(event, sessions, stamp=stamp, scheduling=scheduling)
        marked = (comp.from_sessions(event, sessions, waitlisted=True, stamp=stamp, scheduling=scheduling)
                  if _any_waiting(registration) else normal)
    name, caldesc = comp.participant_texts(normal)
    return ical.assemble(
        name=name, caldesc=caldesc, url=normal.url, method="REQUEST" if scheduling else None,
        vevents=_chosen_vevents(registration, normal, marked) if active else [],
    )


def _chosen_vevents(registration: Registration, normal: comp.EventComponents,
                    marked: comp.EventComponents) -> list:
    """The registration's own program (its choices, the common sessions), the waiting ones from `marked`."""
    choices = {c.session_id: c.status for c in registration.choices}
    on_waitlist = registration.status == RegistrationStatus.WAITLISTED
    picked = comp.participant_selection(normal.order, normal.common, choices, on_waitlist)
    return [(marked if waiting else normal).vevents[i] for i, waiting in picked]


def _any_waiting(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.WAITLISTED or any(
        c.status != ChoiceStatus.CONFIRMED for c in registration.choices
    )


def _speaker_feed(speaker: Speaker, fresh: bool) -> Feed:
    program = versions.program_version(fresh=fresh)
    return Feed(etag=_etag("speaker", speaker.id, program.version),
                last_modified=_modified(program.changed_at or speaker.updated_at), filename="mine-sesjoner.ics",
                personal=True, fresh=fresh, build=lambda: speaker_ics(speaker, program.version))


def speaker_ics(speaker: Speaker, version: int) -> bytes:
    """The speaker's sessions in published events, across events, in time order."""
    rows = db.session.execute(
        select(Session.id, Session.event_id)
        .join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
        .join(Event, Event.id == Session.event_id)
        .where(SessionSpeaker.speaker_id == speaker.id, Event.status == EventStatus.PUBLISHED,
               Session.status != SessionStatus.CANCELLED)
        .order_by(Session.starts_at, Session.id)
    ).all()
    by_event: dict[int, comp.EventComponents | None] = defaultdict(lambda: None)
    vevents = []
    for session_id, event_id in rows:
        if by_event[event_id] is None:
            by_event[event_id] = comp.components(event_id, version)
        comps = by_event[event_id]
        if comps is not None and session_id in comps.vevents:
            vevents.append(comps.vevents[session_id])
    with force_locale("nb"):
        name = _("Mine sesjoner – %(name)s", name=speaker.name)
        caldesc = _("Sesjonene der du er foredragsholder, moderator eller programleder på arrangementer fra "
                    "Kulturskolerådet.")
    return ical.assemble(name=name, caldesc=caldesc, url=None, vevents=vevents)


# --- a leader's feed of all their events (/me/calendar/<token>.ics) --------------------------

def _person_registrations(person_id: int) -> list[Registration]:
    """The person's active registrations for published events, in time order, with their choices."""
    return list(db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id)
        .options(selectinload(Registration.choices))
        .where(Registration.person_id == person_id, Registration.status != RegistrationStatus.CANCELLED,
               Event.status == EventStatus.PUBLISHED)
        .order_by(Event.starts_at, Registration.id)
    ))


def person_feed(token: str) -> Feed | None:
    """The person's program at every event they are registered for, or None for an unknown token."""
    person = tokens.by_person_feed_token(token)
    if person is None:
        return None
    program = versions.program_version(fresh=True)
    registrations = _person_registrations(person.id)
    states = [(r.id, r.status, r.updated_at.isoformat()) for r in registrations]
    return Feed(etag=_etag("person", person.id, program.version, *states),
                last_modified=_modified(program.changed_at, person.created_at,
                                        *(r.updated_at for r in registrations)),
                filename="mine-arrangementer.ics", personal=True, fresh=True,
                build=lambda: person_ics(registrations, program.version))


def person_ics(registrations: list[Registration], version: int) -> bytes:
    vevents = []
    for registration in registrations:
        normal = comp.components(registration.event_id, version)
        if normal is None:
            continue
        waiting = _any_waiting(registration)
        marked = comp.components(registration.event_id, version, waitlisted=True) if waiting else normal
        vevents += _chosen_vevents(registration, normal, marked)
    with force_locale("nb"):
        name = _("Mine arrangementer – Kulturskolerådet")
        caldesc = _("Programmet ditt på alle arrangementene du er påmeldt hos Kulturskolerådet.")
    return ical.assemble(name=name, caldesc=caldesc, url=None, vevents=vevents)


# --- resetting a participant's feed ----------------------------------------------------------

def reset_participant_feed(registration: Registration) -> None:
    """A new calendar URL for this registration; the old one answers 404 from now on."""
    registration_links.reset_feed_token(registration)
    db.session.flush()
