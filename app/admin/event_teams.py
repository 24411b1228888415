"""Each event's team: who is arrangør, lesetilgang or dørvakt there (what each may do: app/auth/access.py).

One role per person and event. Every change is audited (entity "user", with the event). The caller commits.
"""
from __future__ import annotations

from sqlalchemy import func, select

from app.admin import accounts as people
from app.audit.log import Actor, record
from app.extensions import db
from app.models import EventRole, TeamMember, User
from app.program.errors import Invalid, NotFound

ROLE_ORDER = (EventRole.ORGANISER, EventRole.VIEWER, EventRole.DOOR)


def members(event_id: int) -> list[TeamMember]:
    """The team, arrangører first, then by name."""
    found = db.session.scalars(select(TeamMember).join(User).where(TeamMember.event_id == event_id)
                               .order_by(func.lower(User.name), func.lower(User.email)))
    return sorted(found, key=lambda m: ROLE_ORDER.index(m.role))


def candidates(event_id: int) -> list[User]:
    """The active users not yet on the team, who can be added."""
    on_team = select(TeamMember.user_id).where(TeamMember.event_id == event_id)
    return list(db.session.scalars(select(User).where(User.active.is_(True), User.id.not_in(on_team))
                                   .order_by(func.lower(User.name), func.lower(User.email))))


def _member(event_id: int, user_id: int) -> TeamMember | None:
    return db.session.get(TeamMember, (event_id, user_id))


def put(event_id: int, user_id: int, role: EventRole, actor: Actor) -> TeamMember:
    """Put the user on the team with `role`, or change their role there."""
    if db.session.get(User, user_id) is None:
        raise NotFound(user_id)
    member = _member(event_id, user_id)
    if member is None:
        member = TeamMember(event_id=event_id, user_id=user_id, role=role)
        db.session.add(member)
        record(actor, "user", user_id, "team_add", {"team_role": [None, role.value]}, event_id=event_id)
    elif member.role != role:
        record(actor, "user", user_id, "team_role", {"team_role": [member.role.value, role.value]},
               event_id=event_id)
        member.role = role
    db.session.flush()
    return member


def remove(event_id: int, user_id: int, actor: Actor) -> None:
    member = _member(event_id, user_id)
    if member is None:
        raise NotFound(user_id)
    if actor.user_id == user_id and member.role == EventRole.ORGANISER:
        raise Invalid({"user": "own_role"})  # an arrangør does not lock themselves out; another one can
    record(actor, "user", user_id, "team_remove", {"team_role": [member.role.value, None]}, event_id=event_id)
    db.session.delete(member)
    db.session.flush()


def new_member(event_id: int, email: str, name: str, role: EventRole, actor: Actor) -> tuple[User, str]:
    """A new account (no user-level rights) on this event's team; its password is shown once to the caller."""
    user, password = people.create(email, name, people.UserRole.MEMBER, actor)
    put(event_id, user.id, role, actor)
    return user, password


def add_creator(event_id: int, user: User, actor: Actor) -> None:
    """Whoever creates an event is its arrangør, administrators too: the team is never empty."""
    put(event_id, user.id, EventRole.ORGANISER, actor)
