"""Mentoring in the database: opting in on registration, withdrawing on the manage page, the organiser's
suggestions (app/mentoring/matching.py on the opted-in), locked pairs and approval with the introduction
e-mails. The caller owns the transaction; nothing here commits."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select

from app.audit.log import Actor, record
from app.core import clock
from app.extensions import db
from app.mail import outbox, texts
from app.models import (
    MentoringProfile,
    MentoringRole,
    MentorPair,
    PairStatus,
    Registration,
    RegistrationStatus,
    SchoolSize,
    YearsBand,
)

SIZES, YEARS = list(SchoolSize), list(YearsBand)


class Refused(ValueError):
    """A lock the organiser cannot make; `reason`: unknown | same_kommune | approved."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Suggestions:
    matching: object  # app.mentoring.matching.Matching
    profiles: dict[int, MentoringProfile]
    pairs: dict[int, MentorPair]  # by mentee profile id: its locked or approved pair
    ended: list[MentorPair]


def opt_in(registration: Registration, role: str, themes: Iterable[str], note: str) -> MentoringProfile | None:
    """The registration form's «mentoring» answer: nothing when empty."""
    if not role:
        return None
    profile = MentoringProfile(registration_id=registration.id, role=MentoringRole(role),
                               themes=",".join(sorted(set(themes))), note=note or "")
    db.session.add(profile)
    db.session.flush()
    record(Actor("participant", registration.full_name), "mentoring_profile", profile.id, "create",
           {"role": [None, role]}, event_id=registration.event_id)
    return profile


def profile_of(registration_id: int) -> MentoringProfile | None:
    return db.session.scalar(select(MentoringProfile).where(MentoringProfile.registration_id == registration_id))


def withdraw(registration_id: int, actor: Actor) -> list[MentorPair]:
    """Out of mentoring: every pair of the profile that is not ended yet becomes «avsluttet» (the organiser
    sees it on /admin/mentoring; nobody is re-matched or e-mailed by it). Returns those pairs."""
    profile = profile_of(registration_id)
    if profile is None or profile.withdrawn_at is not None:
        return []
    now = clock.now()
    profile.withdrawn_at = now
    pairs = list(db.session.scalars(select(MentorPair).where(
        (MentorPair.mentee_id == profile.id) | (MentorPair.mentor_id == profile.id),
        MentorPair.status != PairStatus.ENDED)))
    for pair in pairs:
        pair.status, pair.ended_at = PairStatus.ENDED, now
    record(actor, "mentoring_profile", profile.id, "withdraw", {"ended_pairs": [p.id for p in pairs]},
           event_id=profile.registration.event_id)
    db.session.flush()
    return pairs


def _active_profiles(event_id: int | None) -> list[MentoringProfile]:
    query = (select(MentoringProfile).join(Registration)
             .where(MentoringProfile.withdrawn_at.is_(None), Registration.status == RegistrationStatus.CONFIRMED)
             .order_by(Registration.last_name, Registration.first_name, MentoringProfile.id))
    if event_id is not None:
        query = query.where(Registration.event_id == event_id)
    return list(db.session.scalars(query))


def _leader(cls, profile: MentoringProfile):
    registration = profile.registration
    kommune = registration.municipality_number or f"?{profile.id}"
    return cls(id=profile.id, kommune=kommune, fylke=kommune[:2],
               size=SIZES.index(registration.school_size) if registration.school_size else None,
               years=YEARS.index(registration.years_as_leader) if registration.years_as_leader else None,
               themes=frozenset(profile.theme_codes))


def _open_pairs(ids: set[int]) -> list[MentorPair]:
    return [p for p in db.session.scalars(select(MentorPair).where(MentorPair.status != PairStatus.ENDED)
                                          .order_by(MentorPair.id))
            if p.mentee_id in ids and p.mentor_id in ids]


def _ended_pairs(ids: set[int]) -> list[MentorPair]:
    return [p for p in db.session.scalars(select(MentorPair).where(MentorPair.status == PairStatus.ENDED)
                                          .order_by(MentorPair.id))
            if p.mentee_id in ids or p.mentor_id in ids]


def suggest(event_id: int | None, capacity: int) -> Suggestions:
    """The best matching of the confirmed, opted-in leaders (of one event, or all), keeping locked and
    approved pairs. scipy is imported here, when a matching is made (not at app start)."""
    from app.mentoring import matching

    profiles = _active_profiles(event_id)
    by_id = {p.id: p for p in profiles}
    mentees = [_leader(matching.Mentee, p) for p in profiles if p.role == MentoringRole.MENTEE]
    mentors = [_leader(matching.Mentor, p) for p in profiles if p.role == MentoringRole.MENTOR]
    open_pairs = [p for p in _open_pairs(set(by_id))
                  if by_id[p.mentee_id].role == MentoringRole.MENTEE and by_id[p.mentor_id].role == MentoringRole.MENTOR]
    taken = {m.id: sum(1 for p in open_pairs if p.mentor_id == m.id) for m in mentors}
    mentors = [replace(m, capacity=max(capacity, taken[m.id])) for m in mentors]
    result = matching.match(mentees, mentors, capacity, locked=[(p.mentee_id, p.mentor_id) for p in open_pairs])
    all_ids = {p.id for p in db.session.scalars(select(MentoringProfile).join(Registration).where(
        Registration.event_id == event_id))} if event_id is not None else set(
        db.session.scalars(select(MentoringProfile.id)))
    return Suggestions(result, by_id, {p.mentee_id: p for p in open_pairs}, _ended_pairs(all_ids))


def lock(mentee_id: int, mentor_id: int, actor: Actor) -> MentorPair:
    """The organiser's choice of mentor for a mentee (a lock or a swap): kept by every later matching."""
    mentee, mentor = db.session.get(MentoringProfile, mentee_id), db.session.get(MentoringProfile, mentor_id)
    if (mentee is None or mentor is None or mentee.role != MentoringRole.MENTEE
            or mentor.role != MentoringRole.MENTOR or mentee.withdrawn_at or mentor.withdrawn_at):
        raise Refused("unknown")
    if mentee.registration.municipality_number == mentor.registration.municipality_number:
        raise Refused("same_kommune")
    current = db.session.scalar(select(MentorPair).where(MentorPair.mentee_id == mentee_id,
                                                         MentorPair.status != PairStatus.ENDED))
    if current is not None and current.status == PairStatus.APPROVED:
        raise Refused("approved")
    if current is None:
        current = MentorPair(mentee_id=mentee_id, mentor_id=mentor_id, status=PairStatus.LOCKED)
        db.session.add(current)
    current.mentor_id = mentor_id
    db.session.flush()
    record(actor, "mentor_pair", current.id, "lock", {"mentee": mentee_id, "mentor": mentor_id},
           event_id=mentee.registration.event_id)
    return current


def approve(event_id: int | None, capacity: int, actor: Actor) -> list[MentorPair]:
    """Every suggested or locked pair not yet approved becomes approved, and both get the introduction
    e-mail with the other's contact details (both consented by opting in). Returns the new approvals."""
    suggestions = suggest(event_id, capacity)
    now, approved = clock.now(), []
    for pair in suggestions.matching.pairs:
        row = suggestions.pairs.get(pair.mentee_id)
        if row is not None and row.status == PairStatus.APPROVED:
            continue
        if row is None:
            row = MentorPair(mentee_id=pair.mentee_id, mentor_id=pair.mentor_id)
            db.session.add(row)
        row.status, row.approved_at = PairStatus.APPROVED, now
        db.session.flush()
        record(actor, "mentor_pair", row.id, "approve", {"mentee": row.mentee_id, "mentor": row.mentor_id},
               event_id=event_id)
        _introduce(suggestions.profiles[row.mentee_id], suggestions.profiles[row.mentor_id], row)
        approved.append(row)
    return approved


def _introduce(mentee: MentoringProfile, mentor: MentoringProfile, pair: MentorPair) -> None:
    for me, other in ((mentee, mentor), (mentor, mentee)):
        registration = me.registration
        mail = texts.write("mentoring_introduction", me=me, other=other, other_person=other.registration,
                           greeting_name=registration.full_name)
        outbox.queue(kind="mentoring.introduction", to=registration.email or "", subject=mail.subject,
                     text=mail.text, html=mail.html, event_id=registration.event_id,
                     registration_id=registration.id, dedupe_key=f"mentor_pair:{pair.id}:{me.id}")
