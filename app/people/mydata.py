"""'Mine data' for the whole person (GDPR right of access): what is remembered, and every registration
as app.registration.mydata exports it."""
from __future__ import annotations

from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.models import Event, MentoringProfile, Person, Registration
from app.registration import mydata


def _iso(moment):
    return clock.oslo(moment).isoformat() if moment else None


def profile(person: Person) -> dict:
    return {
        "email": person.email, "first_name": person.first_name, "last_name": person.last_name,
        "organisation": person.organisation, "job_title": person.job_title,
        "kommune": ({"number": person.municipality.number, "name": person.municipality.display_name}
                    if person.municipality else None),
        "years_as_leader": person.years_as_leader.value if person.years_as_leader else None,
        "school_size": person.school_size.value if person.school_size else None,
        "remember_consent_given_at": _iso(person.remember_consent_at),
        "contact_ok_given_at": _iso(person.contact_ok_at),
        "email_verified_at": _iso(person.verified_at),
        "remembered_since": _iso(person.created_at), "updated_at": _iso(person.updated_at),
        "mentoring": _mentoring(person),
    }


def _mentoring(person: Person) -> dict | None:
    profile = db.session.scalar(select(MentoringProfile).where(MentoringProfile.person_id == person.id))
    if profile is None:
        return None
    return {"role": profile.role.value, "themes": profile.theme_codes, "note": profile.note,
            "consent_given_at": _iso(profile.consented_at), "withdrawn_at": _iso(profile.withdrawn_at)}


def export(person: Person) -> dict:
    registrations = db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id)
        .where(Registration.person_id == person.id).order_by(Event.starts_at, Registration.id))
    return {
        "exported_at": _iso(clock.now()),
        "controller": "Kulturskolerådet",
        "person": profile(person),
        "registrations": [mydata.export(r) for r in registrations],
    }
