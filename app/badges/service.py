"""Which badges to print and what is on them. Plain functions; no request globals.

Badges are always printed in Norwegian bokmål (the event's language), whatever the language of
the page they were downloaded from.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.badges import render
from app.badges.layout import BadgeData
from app.core.clock import date_range_label
from app.core.collation import norwegian_key
from app.core.labels import PARTICIPANT_ROLE
from app.core.urls import absolute_url
from app.extensions import db
from app.models import Event, ParticipantRole, Registration, RegistrationStatus
from app.peer_groups import service as peer_groups
from app.registration import links

LAYOUTS = ("a6", "a7")


class BadgeError(Exception):
    """A badge cannot be made as asked."""


class NotConfirmed(BadgeError):
    """Only confirmed registrations have a badge."""


def role_label(role: ParticipantRole) -> str:
    return str(PARTICIPANT_ROLE[ParticipantRole(role)])


# --- Norwegian alphabetical order (app/core/collation.py) -------------------------------------------

def sort_key(registration: Registration) -> tuple:
    return (norwegian_key(registration.last_name), norwegian_key(registration.first_name), registration.id)


# --- choosing the registrations ---------------------------------------------------------------------

@dataclass(frozen=True)
class BadgeFilter:
    """A set of confirmed registrations: by role, by last-name range (by initial letters), by id."""

    roles: frozenset[str] = field(default_factory=frozenset)
    last_from: str = ""
    last_to: str = ""
    ids: frozenset[int] = field(default_factory=frozenset)

    def matches(self, registration: Registration) -> bool:
        if self.roles and registration.role.value not in self.roles:
            return False
        if self.ids and registration.id not in self.ids:
            return False
        key = norwegian_key(registration.last_name)
        lo, hi = norwegian_key(self.last_from), norwegian_key(self.last_to)
        if lo and key[:len(lo)] < lo:
            return False
        if hi and key[:len(hi)] > hi:
            return False
        return True


def confirmed(event_id: int, badge_filter: BadgeFilter | None = None) -> list[Registration]:
    """The event's confirmed registrations (filtered), sorted by last name in Norwegian order."""
    rows = db.session.scalars(
        select(Registration)
        .options(joinedload(Registration.municipality))
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED)
    ).all()
    chosen = [r for r in rows if badge_filter is None or badge_filter.matches(r)]
    return sorted(chosen, key=sort_key)


# --- what is printed --------------------------------------------------------------------------------

def badge_url(code: str) -> str:
    """What the QR encodes (CONTRACT: <BASE_URL>/b/<code>)."""
    return absolute_url("checkin.badge", code=code)


def badge_data(registration: Registration, event: Event, group: str = "") -> BadgeData:
    code = links.badge_code(registration)
    municipality = registration.municipality
    return BadgeData(
        first_name=registration.first_name,
        last_name=registration.last_name,
        organisation=registration.organisation,
        kommune=municipality.display_name if municipality else "",
        role=registration.role.value,
        role_label=role_label(registration.role),
        event_title=event.title,
        event_dates=date_range_label(event.starts_at, event.ends_at),
        code=code,
        url=badge_url(code),
        group=group,
    )


def sheet(event: Event, registrations: list[Registration], layout: str = "a6", duplex: bool = False,
          record: render.Recorder | None = None) -> bytes:
    """The print sheet for these registrations (see `confirmed()`), in the order given."""
    if layout not in LAYOUTS:
        raise BadgeError(layout)
    with force_locale("nb"):
        groups = peer_groups.published_labels(event.id)
        badges = [badge_data(r, event, groups.get(r.id, "")) for r in registrations]
        title = _("Navneskilt – %(event)s", event=event.title)
    return render.sheet_pdf(badges, layout, duplex=duplex, title=title, record=record)


def single(registration: Registration, record: render.Recorder | None = None) -> bytes:
    """One participant's badge (A6, centred on A4)."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise NotConfirmed(registration.id)
    with force_locale("nb"):
        group = peer_groups.published_group_of(registration.id)
        data = badge_data(registration, registration.event, peer_groups.label(group) if group else "")
        title = _("Navneskilt – %(name)s", name=registration.full_name)
    return render.single_pdf(data, "a6", title=title, record=record)


def filename(event: Event, layout: str, suffix: str = "") -> str:
    return f"navneskilt-{event.slug}-{layout}{suffix}.pdf"
