"""The kitchen's numbers: diets of the confirmed participants, with names only where consent was given.

Diet, allergies and accessibility needs are only stored with the participant's consent (and deleted
when it is withdrawn); this reads them for organisers only.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import Registration, RegistrationStatus


@dataclass(frozen=True)
class Person:
    name: str
    organisation: str
    text: str = ""


@dataclass
class Summary:
    confirmed: int
    consented: int
    per_diet: list[tuple[str, int]]
    names: dict[str, list[Person]] = field(default_factory=dict)
    other: list[Person] = field(default_factory=list)
    accessibility: list[Person] = field(default_factory=list)


def summary(event_id: int) -> Summary:
    confirmed = db.session.scalar(select(func.count()).where(
        Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED))
    rows = db.session.execute(
        select(Registration.first_name, Registration.last_name, Registration.organisation, Registration.diet,
               Registration.diet_other, Registration.accessibility_needs)
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED,
               Registration.health_consent_at.is_not(None),
               or_(Registration.diet != "", Registration.diet_other != "", Registration.accessibility_needs != ""))
        .order_by(func.lower(Registration.last_name), func.lower(Registration.first_name))
    ).all()
    consented = db.session.scalar(select(func.count()).where(
        Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED,
        Registration.health_consent_at.is_not(None)))
    counts: Counter = Counter()
    result = Summary(confirmed, consented, [])
    for first, last, organisation, diet, other, access in rows:
        name = f"{first} {last}".strip()
        for code in (c for c in diet.split(",") if c):
            counts[code] += 1
            result.names.setdefault(code, []).append(Person(name, organisation))
        if other:
            result.other.append(Person(name, organisation, other))
        if access:
            result.accessibility.append(Person(name, organisation, access))
    result.per_diet = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return result
