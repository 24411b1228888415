"""«Glem meg»: the person is forgotten. No commit; the caller owns the transaction.

- The profile goes (name, workplace, kommune, job title, years, school size, both consents), with the
  sign-in links, every browser's sign-in and the personal feed (app.privacy.service.delete_persons, what the
  retention rule uses).
- Their series memberships are optional data: deleted, with the series' e-mails to them (their member links open
  nothing any more, and no invitation goes out): app.series.members.forget.
- Every registration is unlinked: Min side and the prefill know nothing of them any more.
- Registrations for events that have ended are anonymised now (app.privacy.service.anonymise: the rule the
  retention uses), except those needed for an invoice (an event with a fee, or invoice details given): they
  stay until the retention rule anonymises them. Registrations for events still to come stay as they are:
  the person is still coming, and can cancel through the manage link.
- Their mentoring profile goes too (with its pairs and follow-up answers): a mentee left without a mentor is
  listed again among those without one on /admin/mentoring.
- The audit log records that it happened and the counts, not who it was.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.audit.log import Actor, record
from app.core import clock
from app.extensions import db
from app.models import Person, Registration
from app.privacy import service as privacy
from app.series import members as series_members

ACTOR = Actor("participant", "Min side")  # the person themselves; their name is what they asked us to forget


@dataclass(frozen=True)
class Forgotten:
    unlinked: int
    anonymised: int
    memberships: int = 0


def _needed_for_invoice(registration: Registration) -> bool:
    return bool(registration.invoice_org_number or registration.event.fee_nok)


def forget(person: Person, actor: Actor = ACTOR) -> Forgotten:
    now = clock.now()
    registrations = list(db.session.scalars(
        select(Registration).options(joinedload(Registration.event)).where(Registration.person_id == person.id)))
    ended = [r for r in registrations if r.event.ends_at < now and r.anonymised_at is None
             and not _needed_for_invoice(r)]
    for registration in registrations:
        registration.person_id = None
    privacy.anonymise(ended, now)
    memberships = series_members.forget(person)
    changes = {"registrations_unlinked": [None, str(len(registrations))], "anonymised": [None, str(len(ended))]}
    if memberships:
        changes["series_memberships_deleted"] = [None, str(memberships)]
    record(actor, "person", person.id, "forget", changes)
    db.session.flush()
    person_id = person.id
    db.session.expunge(person)
    privacy.delete_persons([person_id])
    return Forgotten(len(registrations), len(ended), memberships)
