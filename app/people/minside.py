"""What Min side shows: the person's registrations, upcoming and past, what else is open to them, and the series
they are members of.

Bounded queries whatever the number of registrations (the benchmark holds 40): one for the registrations
with their events, one for their certificates, one for the events open for registration, one for the series."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core import clock
from app.extensions import db
from app.models import Certificate, Event, Person, Registration, RegistrationStatus
from app.program import queries
from app.registration import links, window
from app.series import members as series_members
from app.series import service as series_service


@dataclass(frozen=True)
class Entry:
    registration: Registration
    event: Event
    manage_url: str
    badge_url: str | None  # only a confirmed registration has a badge
    certificate_url: str | None = None  # once the organiser has issued the kursbevis


@dataclass(frozen=True)
class SeriesEntry:
    membership: series_members.Membership
    member_url: str  # the member's own page: the member list, their choices, leaving


@dataclass(frozen=True)
class Overview:
    upcoming: list[Entry]  # soonest first
    past: list[Entry]  # latest first
    open_events: list[Event]  # upcoming, open for registration, not registered for
    series: list[SeriesEntry]  # by title


def _entry(registration: Registration, certified: set[int]) -> Entry:
    token = links.manage_token(registration)
    badge = (url_for("badges.my_badge", token=token)
             if registration.status == RegistrationStatus.CONFIRMED else None)
    certificate = (url_for("certificates.my_certificate", token=token)  # a cancelled one's kursbevis is withdrawn
                   if registration.id in certified and registration.status != RegistrationStatus.CANCELLED else None)
    return Entry(registration, registration.event, url_for("registration.manage", token=token), badge, certificate)


def overview(person: Person) -> Overview:
    now = clock.now()
    registrations = db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id)
        .options(joinedload(Registration.event))
        .where(Registration.person_id == person.id).order_by(Event.starts_at, Registration.id)).all()
    certified = set(db.session.scalars(select(Certificate.registration_id).where(
        Certificate.registration_id.in_([r.id for r in registrations])))) if registrations else set()
    entries = [_entry(r, certified) for r in registrations]
    upcoming = [e for e in entries if e.event.ends_at >= now]
    past = [e for e in reversed(entries) if e.event.ends_at < now]
    registered = {r.event_id for r in registrations if r.is_active}
    open_events = [e for e in queries.listed_events(upcoming_only=True)[0]
                   if e.id not in registered and window.is_open(e)]
    series = [SeriesEntry(m, url_for("series.member_page", slug=m.series.slug,
                                     token=series_service.member_token(m.member)))
              for m in series_members.of_person(person.id)]
    return Overview(upcoming, past, open_events, series)
