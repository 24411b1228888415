"""The rules of the leader across events. Plain functions over the session; no request globals, no commit.

- A person is one e-mail address, compared case-insensitively (stored lower-cased): `Kari@X.no` is `kari@x.no`.
- A person exists only with their consent to be remembered, given on a registration form (`remember`);
  that registration, and every later one given with the consent, points at them. A registration without the
  consent is never linked, and changes nothing that is remembered.
- What is remembered is what they gave last: name, workplace, kommune, job title, years as leader, school
  size (on a new registration, and when they change the details of a linked registration on its manage page:
  `follow`); and whether they may be invited to other offers (`contact_ok`, dated, withdrawn at any time).
- A person made now takes over the series memberships with their address (app.series.members); withdrawing
  `contact_ok` on Min side takes them out of those series' member lists and invitations at once.
- «Glem meg» (`forget`): app.people.forgetting.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.calendar.tokens import assign_person_feed
from app.core import clock
from app.extensions import db
from app.models import Person, Registration
from app.series import members as series_members

PROFILE_FIELDS = ("first_name", "last_name", "organisation", "municipality_number", "job_title", "years_as_leader",
                  "school_size")


@dataclass(frozen=True)
class Consents:
    remember: bool = False
    contact_ok: bool = False


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def by_email(email: str | None) -> Person | None:
    email = normalise_email(email)
    if not email:
        return None
    return db.session.scalar(select(Person).where(func.lower(Person.email) == email))


def remember(registration: Registration, consents: Consents) -> Person | None:
    """With the consent: the registration's person (made now when the address is new), their profile taken
    from this registration, and the registration linked to them. Without it: nothing, None."""
    if not consents.remember or not registration.email:
        return None
    now = clock.now()
    person = by_email(registration.email)
    if person is None:
        person = _new_person(registration.email, now)
        db.session.flush()
        series_members.link_person(person)
    _take_profile(person, registration)
    if consents.contact_ok and person.contact_ok_at is None:
        person.contact_ok_at = now
    elif not consents.contact_ok:  # the form's box left empty; the series memberships keep their own choices
        person.contact_ok_at = None
    db.session.flush()
    registration.person_id = person.id
    return person


def _take_profile(person: Person, registration: Registration) -> None:
    for name in PROFILE_FIELDS:
        setattr(person, name, getattr(registration, name))


def follow(registration: Registration) -> Person | None:
    """The details of a registration changed on its manage page: a registration linked to a person (given with
    the consent to be remembered) gives them its profile; any other changes nothing remembered."""
    if registration.person_id is None:
        return None
    person = db.session.get(Person, registration.person_id)
    if person is not None:
        _take_profile(person, registration)
        db.session.flush()
    return person


def _new_person(email: str, now) -> Person:
    """A new person; or, when another registration of the same address made them a moment ago (two
    registrations at once: the unique address refuses the second row), that one."""
    person = Person(email=normalise_email(email), remember_consent_at=now, created_at=now)
    assign_person_feed(person)
    try:
        with db.session.begin_nested():
            db.session.add(person)
    except IntegrityError:
        return by_email(email)
    return person


def set_contact_ok(person: Person, ok: bool) -> None:
    """Given (dated now, unless it was given already) or withdrawn: withdrawn, they leave every series' member
    list and invitations at once (app.series.members.withdraw_contact)."""
    if ok and person.contact_ok_at is None:
        person.contact_ok_at = clock.now()
    elif not ok:
        person.contact_ok_at = None
        if person.id is not None:
            series_members.withdraw_contact(person.id)


def prefill(person: Person | None) -> dict:
    """The registration form's values from what the person agreed we remember (nothing without a person)."""
    if person is None:
        return {}
    return {
        "first_name": person.first_name, "last_name": person.last_name, "email": person.email,
        "organisation": person.organisation, "kommune": person.municipality_number, "job_title": person.job_title,
        "years_as_leader": person.years_as_leader.value if person.years_as_leader else None,
        "school_size": person.school_size.value if person.school_size else None,
        "remember_consent": True, "contact_ok": person.contact_ok_at is not None,
    }
