"""The back office's accounts: create, change the user-level role, deactivate, reset the password.

What a user does on an event is their place on its team (app/admin/event_teams.py).

A new or reset password is generated here and shown once to the organiser who asked for it (the
account holder changes nothing by e-mail; only the hash is stored). Changes are audited, passwords never.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.audit.log import Actor, diff, record, snapshot
from app.auth.service import readable_password
from app.extensions import db
from app.models import TeamMember, User, UserRole
from app.program.errors import Invalid, NotFound

FIELDS = ("email", "name", "role", "active")


def generated_password() -> str:
    return readable_password()


def users() -> list[User]:
    return list(db.session.scalars(select(User).options(selectinload(User.team).selectinload(TeamMember.event))
                                   .order_by(User.active.desc(), User.role, func.lower(User.email))))


def get(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(user_id)
    return user


def _state(user: User) -> dict:
    return snapshot(user, FIELDS)


def create(email: str, name: str, role: UserRole, actor: Actor) -> tuple[User, str]:
    """The new account and its password (shown once). The caller commits."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise Invalid({"email": "format"})
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        raise Invalid({"email": "taken"})
    password = generated_password()
    user = User(email=email, name=name.strip(), role=role, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(actor, "user", user.id, "create", diff({}, _state(user)))
    db.session.flush()
    return user, password


def update(user_id: int, name: str, role: UserRole, actor: Actor) -> User:
    user = get(user_id)
    if user.id == actor.user_id and role != user.role:
        raise Invalid({"role": "own_role"})
    before = _state(user)
    user.name, user.role = name.strip(), role
    record(actor, "user", user.id, "update", diff(before, _state(user)))
    db.session.flush()
    return user


def set_active(user_id: int, active: bool, actor: Actor) -> User:
    """Deactivating takes effect at once, also for a browser that is signed in, and for API tokens."""
    user = get(user_id)
    if user.id == actor.user_id and not active:
        raise Invalid({"active": "own_account"})
    if user.active != active:
        before = _state(user)
        user.active = active
        record(actor, "user", user.id, "activate" if active else "deactivate", diff(before, _state(user)))
        db.session.flush()
    return user


def reset_password(user_id: int, actor: Actor) -> str:
    user = get(user_id)
    password = generated_password()
    user.set_password(password)
    record(actor, "user", user.id, "reset_password", {})
    db.session.flush()
    return password


def end_sessions(user_id: int, actor: Actor) -> User:
    """Sign the user out everywhere: every session and remember-me cookie stops working."""
    user = get(user_id)
    user.end_all_sessions()
    record(actor, "user", user.id, "end_sessions", {})
    db.session.flush()
    return user
