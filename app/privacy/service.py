"""The retention rules. Idempotent: running them twice changes nothing the second time.

- Diet, allergies and accessibility needs are deleted HEALTH_DATA_RETENTION_DAYS days after
  the event ends.
- Registrations are anonymised REGISTRATION_RETENTION_MONTHS months after the event ends:
  name, e-mail, phone, organisation, job title, invoice details and the health section are
  emptied, the links stop working and the e-mails sent to them are deleted. What stays is the
  event, the status, the sessions chosen, the kommune and the years-as-leader band — so counts
  per event, kommune and band are the same before and after.
- A remembered person (app.people: «Husk meg») is deleted when, for REGISTRATION_RETENTION_MONTHS months, they
  have had no registration (no event of theirs ended within that time, none is still to come) and have not
  signed in to Min side: the profile with both consents, the sign-in links, every browser's sign-in and the
  personal feed go; their series memberships stay (the member's own consent, left with their own link) but
  point at nobody (`delete_persons`, also what «Glem meg» uses).
"""
from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, exists, func, or_, select, update

from app.audit.log import SYSTEM, record
from app.core import clock
from app.extensions import db
from app.models import (
    AuditEntry,
    Event,
    MentoringProfile,
    OutboxMessage,
    Person,
    PersonLoginToken,
    PersonSignIn,
    Registration,
    RegistrationGroup,
)
from app.registration import links
from app.series import members as series_members


@dataclass(frozen=True)
class PurgeReport:
    health_cleared: int
    anonymised: int
    persons_deleted: int = 0


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the month's last day)."""
    year, month_index = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month_index + 1)[1])
    return moment.replace(year=year, month=month_index + 1, day=day)


def _has_health_data():
    return or_(Registration.health_consent_at.is_not(None), Registration.diet != "",
               Registration.diet_other != "", Registration.accessibility_needs != "")


def _health_due(ended_before: datetime):
    return (Registration.event_id.in_(select(Event.id).where(Event.ends_at < ended_before)),
            Registration.health_purged_at.is_(None), _has_health_data())


def clear_health_data(ended_before: datetime, now: datetime) -> Counter:
    """Delete the health section of every registration for an event that ended before the cut-off."""
    per_event = Counter(dict(db.session.execute(
        select(Registration.event_id, func.count()).where(*_health_due(ended_before))
        .group_by(Registration.event_id)
    ).all()))
    if per_event:
        db.session.execute(
            update(Registration).where(*_health_due(ended_before))
            .values(health_consent_at=None, diet="", diet_other="", accessibility_needs="", health_purged_at=now)
            .execution_options(synchronize_session=False)
        )
    return per_event


def _anonymise(registration: Registration, now: datetime) -> None:
    if registration.health_consent_at or registration.diet or registration.diet_other \
            or registration.accessibility_needs:
        registration.health_purged_at = now
    for name in ("first_name", "last_name", "phone", "organisation", "job_title", "invoice_org_number",
                 "invoice_reference", "diet", "diet_other", "accessibility_needs"):
        setattr(registration, name, "")
    registration.email = None
    registration.health_consent_at = None
    registration.anonymised_at = now
    registration.person_id = None  # an anonymised registration is nobody's any more (Min side, app.people)
    links.assign_tokens(registration)  # the manage link, feed and badge code open nothing any more


def anonymise_registrations(ended_before: datetime, now: datetime) -> Counter:
    """Anonymise every registration for an event that ended before the cut-off."""
    registrations = list(db.session.scalars(
        select(Registration).where(
            Registration.event_id.in_(select(Event.id).where(Event.ends_at < ended_before)),
            Registration.anonymised_at.is_(None),
        ).order_by(Registration.id)
    ))
    anonymise(registrations, now)
    _anonymise_groups(ended_before, now)
    return Counter(r.event_id for r in registrations)


def anonymise(registrations: list[Registration], now: datetime) -> None:
    """Anonymise these registrations now (the rule above, also used by «Glem meg»: app.people.forgetting)."""
    for registration in registrations:
        _anonymise(registration, now)
    ids = [r.id for r in registrations]
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.registration_id.in_(chunk))
                           .execution_options(synchronize_session=False))
        db.session.execute(
            update(AuditEntry).where(AuditEntry.entity_type == "registration", AuditEntry.entity_id.in_(chunk))
            .values(changes="{}").execution_options(synchronize_session=False)
        )
        db.session.execute(  # a group's contact, named as the one who made the change
            update(AuditEntry).where(AuditEntry.entity_type == "registration", AuditEntry.entity_id.in_(chunk),
                                     AuditEntry.actor_type == "participant")
            .values(actor_label="").execution_options(synchronize_session=False)
        )


def _anonymise_groups(ended_before: datetime, now: datetime) -> None:
    """The group contacts of those events too: name, e-mail, phone and reference gone, the group page closed."""
    ended = select(Event.id).where(Event.ends_at < ended_before)
    ids = list(db.session.scalars(select(RegistrationGroup.id).where(
        RegistrationGroup.event_id.in_(ended), RegistrationGroup.revoked_at.is_(None))))
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        db.session.execute(
            update(RegistrationGroup).where(RegistrationGroup.id.in_(chunk))
            .values(contact_name="", contact_email=None, contact_phone="", invoice_reference="", revoked_at=now)
            .execution_options(synchronize_session=False))
        db.session.execute(
            update(AuditEntry).where(AuditEntry.entity_type == "registration_group", AuditEntry.entity_id.in_(chunk))
            .values(changes="{}", actor_label="").execution_options(synchronize_session=False))


def idle_persons(cutoff: datetime) -> list[int]:
    """Persons remembered before `cutoff` with no registration of theirs for an event that ended since (or is to
    come) and no sign-in to Min side since."""
    return list(db.session.scalars(select(Person.id).where(
        Person.created_at < cutoff, or_(Person.verified_at.is_(None), Person.verified_at < cutoff),
        ~exists().where(Registration.person_id == Person.id, Registration.event_id == Event.id,
                        Event.ends_at >= cutoff),
        ~exists().where(PersonLoginToken.person_id == Person.id, PersonLoginToken.used_at >= cutoff),
        ~exists().where(PersonSignIn.person_id == Person.id, PersonSignIn.created_at >= cutoff),
    ).order_by(Person.id)))


def delete_persons(person_ids: list[int]) -> None:
    """Delete these persons with their sign-in links, sign-ins, feed and mentoring profile (a column of theirs); their registrations
    and series memberships are unlinked (app.series.members.unlink)."""
    series_members.unlink(person_ids)
    for chunk in (person_ids[i:i + 500] for i in range(0, len(person_ids), 500)):
        for stmt in (update(Registration).where(Registration.person_id.in_(chunk)).values(person_id=None),
                     delete(PersonLoginToken).where(PersonLoginToken.person_id.in_(chunk)),
                     delete(PersonSignIn).where(PersonSignIn.person_id.in_(chunk)),
                     delete(MentoringProfile).where(MentoringProfile.person_id.in_(chunk)),  # its pairs cascade
                     delete(Person).where(Person.id.in_(chunk))):
            db.session.execute(stmt.execution_options(synchronize_session=False))


def purge_persons(cutoff: datetime) -> int:
    ids = idle_persons(cutoff)
    delete_persons(ids)
    for person_id in ids:  # that it happened, not who it was
        record(SYSTEM, "person", person_id, "privacy_purge")
    return len(ids)


def purge(now: datetime | None = None) -> PurgeReport:
    """Apply the rules as of `now` (the clock's now by default) in one transaction."""
    now = now or clock.now()
    config = current_app.config
    health = clear_health_data(now - timedelta(days=config["HEALTH_DATA_RETENTION_DAYS"]), now)
    cutoff = months_before(now, config["REGISTRATION_RETENTION_MONTHS"])
    anonymised = anonymise_registrations(cutoff, now)
    for event_id in sorted(set(health) | set(anonymised)):
        record(SYSTEM, "event", event_id, "privacy_purge",
               {"health_cleared": [None, str(health[event_id])], "anonymised": [None, str(anonymised[event_id])]},
               event_id=event_id)
    persons = purge_persons(cutoff)
    db.session.flush()
    return PurgeReport(sum(health.values()), sum(anonymised.values()), persons)
