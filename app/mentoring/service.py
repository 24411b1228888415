"""Mentoring in the database: opting in on registration or on Min side, withdrawing, the organiser's
suggestions (app/mentoring/matching.py on the opted-in), locked pairs and approval with the introduction
e-mails. The caller owns the transaction; nothing here commits.

One profile per leader (app/models/mentoring.py): a remembered leader's answer on a registration form or on
Min side changes their one Person profile, so the matching sees each leader once, whichever events they are
at; a leader who is not remembered has the profile of that registration."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import exists, or_, select

from app.audit.log import Actor, record
from app.core import clock
from app.core.collation import norwegian_key
from app.extensions import db
from app.mail import outbox, texts
from app.models import (
    MentoringProfile,
    MentoringRole,
    MentorPair,
    PairStatus,
    Person,
    Registration,
    RegistrationStatus,
    SchoolSize,
    YearsBand,
)

SIZES, YEARS = list(SchoolSize), list(YearsBand)


class Refused(ValueError):
    """A change that cannot be made; `reason`: unknown | same_kommune | approved (the organiser's lock or
    unlock) | paired (a leader's change of role while in a pair)."""

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
    """The registration form's «mentoring» answer: nothing when empty. A remembered leader's (the registration
    is linked to a Person: app.people.identity.remember runs first) changes their one profile."""
    if not role:
        return None
    actor = Actor("participant", registration.full_name)
    if registration.person_id is not None:
        return set_for_person(db.session.get(Person, registration.person_id), role, themes, note, actor, event_id=registration.event_id)
    profile = MentoringProfile(registration_id=registration.id, role=MentoringRole(role),
                               themes=_codes(themes), note=note or "")
    db.session.add(profile)
    db.session.flush()
    record(actor, "mentoring_profile", profile.id, "create", {"role": [None, role]}, event_id=registration.event_id)
    return profile


def _codes(themes: Iterable[str]) -> str:
    return ",".join(sorted(set(themes)))


def set_for_person(person: Person, role: str, themes: Iterable[str], note: str, actor: Actor, *,
                   event_id: int | None = None) -> MentoringProfile:
    """A remembered leader opts in, changes role, themes or note, or opts in again after withdrawing (a new
    consent, dated now). A change of role is refused while they are in a pair that has not ended (Refused
    «paired»): they withdraw first, and the organiser sees that pair ended."""
    profile = of_person(person.id)
    new_role = MentoringRole(role)
    if profile is None:
        profile = MentoringProfile(person_id=person.id, role=new_role, themes="", note="")
        db.session.add(profile)
        db.session.flush()
        before = None
    else:
        before = profile.role.value if profile.withdrawn_at is None else None
        if profile.role != new_role and profile.withdrawn_at is None and _open_pairs_of(profile):
            raise Refused("paired")
        if profile.withdrawn_at is not None:
            profile.withdrawn_at, profile.consented_at = None, clock.now()
    profile.role, profile.themes, profile.note = new_role, _codes(themes), note or ""
    db.session.flush()
    record(actor, "mentoring_profile", profile.id, "create" if before is None else "update",
           {"role": [before, role]}, event_id=event_id)
    return profile


def of_person(person_id: int) -> MentoringProfile | None:
    return db.session.scalar(select(MentoringProfile).where(MentoringProfile.person_id == person_id))


def profile_of(registration_id: int) -> MentoringProfile | None:
    """The profile a registration's manage page shows: its remembered leader's, else its own."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        return None
    if registration.person_id is not None:
        mine = of_person(registration.person_id)
        if mine is not None:
            return mine
    return db.session.scalar(select(MentoringProfile).where(MentoringProfile.registration_id == registration_id))


def _open_pairs_of(profile: MentoringProfile) -> list[MentorPair]:
    return list(db.session.scalars(select(MentorPair).where(
        (MentorPair.mentee_id == profile.id) | (MentorPair.mentor_id == profile.id),
        MentorPair.status != PairStatus.ENDED)))


def withdraw(registration_id: int, actor: Actor) -> list[MentorPair]:
    """Out of mentoring from a manage page (the registration's profile, or its remembered leader's)."""
    profile = profile_of(registration_id)
    return withdraw_profile(profile, actor) if profile is not None else []


def withdraw_profile(profile: MentoringProfile, actor: Actor) -> list[MentorPair]:
    """Out of mentoring: every pair of the profile that is not ended yet becomes «avsluttet» (the organiser
    sees it on /admin/mentoring with who withdrew; nobody is re-matched or e-mailed by it; a mentee left
    without a mentor is listed among those without one). Returns those pairs."""
    if profile.withdrawn_at is not None:
        return []
    now = clock.now()
    profile.withdrawn_at = now
    pairs = _open_pairs_of(profile)
    for pair in pairs:
        pair.status, pair.ended_at = PairStatus.ENDED, now
    record(actor, "mentoring_profile", profile.id, "withdraw", {"ended_pairs": [p.id for p in pairs]},
           event_id=profile.registration.event_id if profile.registration is not None else None)
    db.session.flush()
    return pairs


def _confirmed_at(event_id: int | None):
    """A person profile counts at an event where the person has a confirmed registration (any event: always)."""
    if event_id is None:
        return MentoringProfile.person_id.is_not(None)
    return exists().where(Registration.person_id == MentoringProfile.person_id, Registration.event_id == event_id,
                          Registration.status == RegistrationStatus.CONFIRMED)


def _of_registration(event_id: int | None):
    query = select(MentoringProfile.id).join(Registration, Registration.id == MentoringProfile.registration_id)
    query = query.where(Registration.status == RegistrationStatus.CONFIRMED)
    return query.where(Registration.event_id == event_id) if event_id is not None else query


def _active_profiles(event_id: int | None) -> list[MentoringProfile]:
    profiles = db.session.scalars(select(MentoringProfile).where(
        MentoringProfile.withdrawn_at.is_(None),
        or_(MentoringProfile.id.in_(_of_registration(event_id)), _confirmed_at(event_id))))
    return sorted(profiles, key=lambda p: (norwegian_key(p.leader.last_name), norwegian_key(p.leader.first_name), p.id))


def _in_scope(event_id: int | None) -> set[int]:
    """Every profile of the event (withdrawn too), for its ended pairs."""
    if event_id is None:
        return set(db.session.scalars(select(MentoringProfile.id)))
    by_registration = select(MentoringProfile.id).join(Registration, Registration.id == MentoringProfile.registration_id)
    return set(db.session.scalars(by_registration.where(Registration.event_id == event_id))) | set(
        db.session.scalars(select(MentoringProfile.id).where(MentoringProfile.person_id.is_not(None), exists().where(
            Registration.person_id == MentoringProfile.person_id, Registration.event_id == event_id))))


def _leader(cls, profile: MentoringProfile):
    leader = profile.leader
    kommune = leader.municipality_number or f"?{profile.id}"
    return cls(id=profile.id, kommune=kommune, fylke=kommune[:2],
               size=SIZES.index(leader.school_size) if leader.school_size else None,
               years=YEARS.index(leader.years_as_leader) if leader.years_as_leader else None,
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
    approved pairs. scipy is imported here, when a matching is made (not at app start).

    A pair chosen when its two were in different kommuner stays as it is when one of them has moved to the
    other's kommune since (a new registration, changed details): nothing locked or approved changes by itself;
    the engine, which never pairs within a kommune, does not see it (`_as_is`)."""
    from app.mentoring import matching

    profiles = _active_profiles(event_id)
    by_id = {p.id: p for p in profiles}
    mentees = [_leader(matching.Mentee, p) for p in profiles if p.role == MentoringRole.MENTEE]
    mentors = [_leader(matching.Mentor, p) for p in profiles if p.role == MentoringRole.MENTOR]
    open_pairs = [p for p in _open_pairs(set(by_id))
                  if by_id[p.mentee_id].role == MentoringRole.MENTEE and by_id[p.mentor_id].role == MentoringRole.MENTOR]
    leaders = {m.id: m for m in [*mentees, *mentors]}
    as_is = [_as_is(leaders[p.mentee_id], leaders[p.mentor_id]) for p in open_pairs
             if matching.pair_of(leaders[p.mentee_id], leaders[p.mentor_id], locked=True) is None]
    aside = {p.mentee_id for p in as_is}
    taken = {m.id: sum(1 for p in open_pairs if p.mentor_id == m.id) for m in mentors}
    mentors = [replace(m, capacity=max(capacity, taken[m.id]) - sum(1 for p in as_is if p.mentor_id == m.id))
               for m in mentors]
    result = matching.match([m for m in mentees if m.id not in aside], mentors, capacity,
                            locked=[(p.mentee_id, p.mentor_id) for p in open_pairs if p.mentee_id not in aside])
    if as_is:
        order = {m.id: i for i, m in enumerate(mentees)}
        result = matching.Matching(tuple(sorted([*result.pairs, *as_is], key=lambda p: order[p.mentee_id])),
                                   result.unmatched)
    return Suggestions(result, by_id, {p.mentee_id: p for p in open_pairs}, _ended_pairs(_in_scope(event_id)))


def _as_is(mentee, mentor):
    """A kept pair the engine would refuse (now in one kommune), with its reasons."""
    from app.mentoring import matching

    steps = None if mentee.size is None or mentor.size is None else abs(mentee.size - mentor.size)
    return matching.Pair(mentee.id, mentor.id, 0, matching.SAME, tuple(sorted(mentee.themes & mentor.themes)),
                         steps, locked=True)


def lock(mentee_id: int, mentor_id: int, actor: Actor) -> MentorPair:
    """The organiser's choice of mentor for a mentee (a lock or a swap): kept by every later matching."""
    mentee, mentor = db.session.get(MentoringProfile, mentee_id), db.session.get(MentoringProfile, mentor_id)
    if (mentee is None or mentor is None or mentee.role != MentoringRole.MENTEE
            or mentor.role != MentoringRole.MENTOR or mentee.withdrawn_at or mentor.withdrawn_at):
        raise Refused("unknown")
    if mentee.leader.municipality_number == mentor.leader.municipality_number:
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
    record(actor, "mentor_pair", current.id, "lock", {"mentee": mentee_id, "mentor": mentor_id})
    return current


def unlock(mentee_id: int, actor: Actor) -> None:
    """The organiser's lock undone without choosing another mentor: the next suggestion is the matching's own.
    An approved pair is not undone here (Refused «approved»); no lock: Refused «unknown»."""
    current = db.session.scalar(select(MentorPair).where(MentorPair.mentee_id == mentee_id,
                                                         MentorPair.status != PairStatus.ENDED))
    if current is None:
        raise Refused("unknown")
    if current.status == PairStatus.APPROVED:
        raise Refused("approved")
    record(actor, "mentor_pair", current.id, "unlock", {"mentee": mentee_id, "mentor": current.mentor_id})
    db.session.delete(current)
    db.session.flush()


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
        mail = texts.write("mentoring_introduction", me=me, other=other, other_person=other.leader,
                           greeting_name=me.leader.full_name)
        queue_to(me, kind="mentoring.introduction", mail=mail, dedupe_key=f"mentor_pair:{pair.id}:{me.id}")


def queue_to(profile: MentoringProfile, *, kind: str, mail: texts.Texts, dedupe_key: str) -> None:
    """One mentoring e-mail to the leader of `profile` (about their registration, when it is one)."""
    registration = profile.registration
    outbox.queue(kind=kind, to=profile.leader.email or "", subject=mail.subject, text=mail.text, html=mail.html,
                 event_id=registration.event_id if registration else None,
                 registration_id=registration.id if registration else None, dedupe_key=dedupe_key)
