"""Peer groups in the database: forming them with the engine (app/mentoring/groups.py), moving a person, naming
and placing a group, linking the programme session, publishing; a cancellation leaving its group; a late
registration added to the smallest group. The caller owns the transaction; nothing here commits.

Every change takes the event's row lock first (the same lock a registration or a cancellation takes,
app/registration/seats.py), so two organisers moving people at once, or a move beside a cancellation, happen
one after the other: nobody is lost or in two groups. A move names the group the organiser saw the person in;
when that is no longer so, the move is refused (`stale`) instead of silently undoing the other's change.

Published groups change only by an organiser's explicit action: re-forming them needs `replace_published`,
a cancellation only marks the member as left (the organiser sees the notice), nothing is reshuffled."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from app.audit.log import Actor, record
from app.core import clock
from app.extensions import db
from app.models import (
    ParticipantRole,
    PeerGroup,
    PeerGroupMember,
    PeerGroupState,
    Registration,
    RegistrationStatus,
    SchoolSize,
    Session,
    SessionStatus,
    YearsBand,
)
from app.program import versioning
from app.registration.seats import lock_event

SMALLEST, LARGEST = 5, 8
SIZES, YEARS = list(SchoolSize), list(YearsBand)
NAME_MAX = 80


class Refused(ValueError):
    """Nothing was stored. `reason`: size | published | stale | unknown | empty | name | name_taken | session."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Concern:
    """What the organiser is warned of about one group: `size` (outside 5–8) or `same_kommune`."""

    code: str
    group: PeerGroup
    count: int = 0
    kommune: str = ""


# --- reading ----------------------------------------------------------------------------------------

def groups_of(event_id: int) -> list[PeerGroup]:
    return list(db.session.scalars(
        select(PeerGroup).where(PeerGroup.event_id == event_id).order_by(PeerGroup.position, PeerGroup.id)
        .options(selectinload(PeerGroup.members).selectinload(PeerGroupMember.registration)
                 .selectinload(Registration.municipality))))


def candidates(event_id: int) -> list[Registration]:
    """Who is grouped: the event's confirmed participants (speakers, organisers and staff are not)."""
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event_id,
                                   Registration.status == RegistrationStatus.CONFIRMED,
                                   Registration.role == ParticipantRole.PARTICIPANT)
        .options(selectinload(Registration.municipality))
        .order_by(Registration.last_name, Registration.first_name, Registration.id)))


def _membership(event_id: int, registration_id: int) -> PeerGroupMember | None:
    return db.session.scalar(select(PeerGroupMember).where(PeerGroupMember.event_id == event_id,
                                                           PeerGroupMember.registration_id == registration_id))


def ungrouped(event_id: int, groups: list[PeerGroup]) -> list[Registration]:
    """Confirmed participants in no group, once there are groups (late registrations, a move out)."""
    if not groups:
        return []
    inside = {m.registration_id for g in groups for m in g.active_members}
    return [r for r in candidates(event_id) if r.id not in inside]


def left(groups: list[PeerGroup]) -> list[PeerGroupMember]:
    """Members who cancelled after the groups were made (the organiser's notices)."""
    return sorted((m for g in groups for m in g.members if m.left_at is not None), key=lambda m: m.left_at)


def concerns(group: PeerGroup) -> list[Concern]:
    members = group.active_members
    found = []
    if not SMALLEST <= len(members) <= LARGEST:
        found.append(Concern("size", group, len(members)))
    kommuner = Counter(m.registration.municipality_number for m in members if m.registration.municipality_number)
    for number, count in sorted(kommuner.items()):
        if count > 1:
            name = next(m.registration.municipality.display_name for m in members
                        if m.registration.municipality_number == number)
            found.append(Concern("same_kommune", group, count, name))
    return found


def published_group_of(registration_id: int) -> PeerGroup | None:
    """The published group a registration is in (for the badge and the manage page), else None."""
    return db.session.scalar(
        select(PeerGroup).join(PeerGroupMember)
        .where(PeerGroupMember.registration_id == registration_id, PeerGroupMember.left_at.is_(None),
               PeerGroup.state == PeerGroupState.PUBLISHED))


def label(group: PeerGroup) -> str:
    """What the badge prints: «Kollegagruppe 3 · Bord 3»."""
    return " · ".join(part for part in (group.name, group.place) if part)


def published_labels(event_id: int) -> dict[int, str]:
    """registration id → its published group's label, for a whole badge sheet in one query."""
    rows = db.session.execute(
        select(PeerGroupMember.registration_id, PeerGroup).join(PeerGroup)
        .where(PeerGroup.event_id == event_id, PeerGroup.state == PeerGroupState.PUBLISHED,
               PeerGroupMember.left_at.is_(None)))
    return {registration_id: label(group) for registration_id, group in rows}


def by_session(event_id: int) -> dict[int, list[PeerGroup]]:
    """Published groups by the programme session they meet in (the event page lists them under it)."""
    found: dict[int, list[PeerGroup]] = {}
    for group in db.session.scalars(select(PeerGroup).where(
            PeerGroup.event_id == event_id, PeerGroup.state == PeerGroupState.PUBLISHED,
            PeerGroup.session_id.is_not(None)).order_by(PeerGroup.position, PeerGroup.id)):
        found.setdefault(group.session_id, []).append(group)
    return found


def session_choices(event_id: int) -> list[Session]:
    return list(db.session.scalars(select(Session).where(
        Session.event_id == event_id, Session.status != SessionStatus.CANCELLED).order_by(Session.starts_at)))


# --- forming ----------------------------------------------------------------------------------------

def _participant(registration: Registration):
    from app.mentoring.groups import Participant

    return Participant(id=registration.id, kommune=registration.municipality_number or f"?{registration.id}",
                       size=SIZES.index(registration.school_size) if registration.school_size else None,
                       years=YEARS.index(registration.years_as_leader) if registration.years_as_leader else None)


def form(event_id: int, preferred: int, actor: Actor, *, replace_published: bool = False):
    """New draft groups of the confirmed participants, about `preferred` (5–8) each. Replaces the event's
    groups; published ones only with `replace_published` (the organiser confirmed). Returns the engine's
    Grouping (its warnings: too_few, small_group, same_kommune)."""
    from app.mentoring.groups import Rules, form_groups

    if not SMALLEST <= preferred <= LARGEST:
        raise Refused("size")
    lock_event(event_id)
    existing = groups_of(event_id)
    published = [g for g in existing if g.is_published]
    if published and not replace_published:
        raise Refused("published")
    people = candidates(event_id)
    if not people:
        raise Refused("empty")
    sessions = {g.session_id for g in existing}
    session_id = sessions.pop() if len(sessions) == 1 else None
    db.session.execute(delete(PeerGroupMember).where(PeerGroupMember.event_id == event_id))
    db.session.execute(delete(PeerGroup).where(PeerGroup.event_id == event_id))
    db.session.expire_all()
    grouping = form_groups([_participant(r) for r in people], Rules(SMALLEST, LARGEST, preferred))
    with force_locale("nb"):  # stored words: the event's language
        for number, ids in enumerate(grouping.groups, start=1):
            group = PeerGroup(event_id=event_id, position=number, name=_("Kollegagruppe %(n)d", n=number),
                              place=_("Bord %(n)d", n=number), session_id=session_id)
            group.members = [PeerGroupMember(event_id=event_id, registration_id=i) for i in ids]
            db.session.add(group)
    db.session.flush()
    record(actor, "peer_groups", event_id, "form", {"groups": [str(len(existing)), str(len(grouping.groups))],
                                                   "preferred": [None, str(preferred)]}, event_id=event_id)
    if published:
        versioning.bump(db.session)
    return grouping


def publish(event_id: int, actor: Actor) -> int:
    """Every draft group is published: printed on badges, shown on manage pages and in the programme."""
    lock_event(event_id)
    drafts = [g for g in groups_of(event_id) if not g.is_published]
    if not drafts and not groups_of(event_id):
        raise Refused("empty")
    now = clock.now()
    for group in drafts:
        group.state, group.published_at = PeerGroupState.PUBLISHED, now
    db.session.flush()
    if drafts:
        record(actor, "peer_groups", event_id, "publish", {"groups": [None, str(len(drafts))]}, event_id=event_id)
        versioning.bump(db.session)
    return len(drafts)


def _group(event_id: int, group_id: int | None) -> PeerGroup:
    group = db.session.get(PeerGroup, group_id) if group_id else None
    if group is None or group.event_id != event_id:
        raise Refused("unknown")
    return group


def update(event_id: int, group_id: int, name: str, place: str, actor: Actor) -> PeerGroup:
    """Rename a group and set its table or room."""
    name, place = " ".join((name or "").split()), " ".join((place or "").split())
    if not name or len(name) > NAME_MAX or len(place) > NAME_MAX:
        raise Refused("name")
    lock_event(event_id)
    group = _group(event_id, group_id)
    clash = db.session.scalar(select(PeerGroup.id).where(PeerGroup.event_id == event_id, PeerGroup.name == name,
                                                         PeerGroup.id != group.id))
    if clash is not None:
        raise Refused("name_taken")
    before = {"name": group.name, "place": group.place}
    group.name, group.place = name, place
    db.session.flush()
    changes = {k: [v, getattr(group, k)] for k, v in before.items() if v != getattr(group, k)}
    if changes:
        record(actor, "peer_group", group.id, "update", changes, event_id=event_id)
        if group.is_published:
            versioning.bump(db.session)
    return group


def set_session(event_id: int, session_id: int | None, actor: Actor) -> int:
    """The programme session where every group of the event meets (None: none). Returns how many groups."""
    lock_event(event_id)
    if session_id is not None:
        session = db.session.get(Session, session_id)
        if session is None or session.event_id != event_id or session.status == SessionStatus.CANCELLED:
            raise Refused("session")
    groups = groups_of(event_id)
    for group in groups:
        group.session_id = session_id
    db.session.flush()
    record(actor, "peer_groups", event_id, "session", {"session_id": [None, str(session_id)]}, event_id=event_id)
    if any(g.is_published for g in groups):
        versioning.bump(db.session)
    return len(groups)


# --- moving people ----------------------------------------------------------------------------------

def move(event_id: int, registration_id: int, from_group_id: int | None, to_group_id: int,
         actor: Actor) -> list[Concern]:
    """Move a participant from the group the organiser saw her in (`from_group_id`; None: in no group) to
    another. Refused as `stale` when she is no longer where the organiser saw her. Returns the concerns of
    the two groups afterwards (size outside 5–8, two from one kommune) for the organiser's warning."""
    lock_event(event_id)
    registration = db.session.get(Registration, registration_id)
    if (registration is None or registration.event_id != event_id
            or registration.status != RegistrationStatus.CONFIRMED):
        raise Refused("unknown")
    target = _group(event_id, to_group_id)
    member = _membership(event_id, registration_id)
    current = member.group_id if member is not None and member.left_at is None else None
    if current != from_group_id:
        raise Refused("stale")
    if current == target.id:
        return []
    if member is None:
        member = PeerGroupMember(event_id=event_id, registration_id=registration_id, group_id=target.id)
        db.session.add(member)
    member.group_id, member.left_at, member.added_at = target.id, None, clock.now()
    db.session.flush()
    record(actor, "peer_group_member", member.id, "move",
           {"group_id": [str(current) if current else None, str(target.id)]}, event_id=event_id)
    affected = [target] + ([_group(event_id, current)] if current else [])
    for group in affected:
        db.session.expire(group, ["members"])
    return [c for g in affected for c in concerns(g)]


def add_to_smallest(event_id: int, registration_id: int, actor: Actor) -> tuple[PeerGroup, list[Concern]]:
    """«Legg til i minste gruppe» for a participant in no group: the group with the fewest members (of
    those, one with nobody from her kommune first; then the first)."""
    lock_event(event_id)
    registration = db.session.get(Registration, registration_id)
    groups = groups_of(event_id)
    if not groups or registration is None or registration.event_id != event_id:
        raise Refused("unknown")

    def rank(group: PeerGroup):
        kommuner = {m.registration.municipality_number for m in group.active_members}
        return len(group.active_members), registration.municipality_number in kommuner, group.position, group.id

    target = min(groups, key=rank)
    return target, move(event_id, registration_id, None, target.id, actor)


# --- cancellations ----------------------------------------------------------------------------------

def leave(registration: Registration) -> PeerGroup | None:
    """A cancelled registration leaves its group (the caller holds the event's lock: cancel). Marked, not
    deleted: the organiser sees «… har meldt seg av. Gruppe X har nå 4 deltakere» until she clears it.
    No other member moves."""
    member = _membership(registration.event_id, registration.id)
    if member is None or member.left_at is not None:
        return None
    member.left_at = clock.now()
    db.session.flush()
    return member.group


def clear_notices(event_id: int, actor: Actor) -> int:
    lock_event(event_id)
    result = db.session.execute(delete(PeerGroupMember).where(PeerGroupMember.event_id == event_id,
                                                              PeerGroupMember.left_at.is_not(None)))
    db.session.expire_all()
    if result.rowcount:
        record(actor, "peer_groups", event_id, "clear_notices", {"left": [str(result.rowcount), None]},
               event_id=event_id)
    return result.rowcount
