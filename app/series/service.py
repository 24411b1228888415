"""Series and networks: the series, its members and its events. No request globals, no commit.

A member is one lower-cased e-mail per series. Joining with an e-mail that is already a member changes nothing
(a stranger cannot alter someone's membership); the member's own link is e-mailed instead. A member link opens
the series page with the member list (only members who opted in, and only name, kommune and role).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from app.audit.log import Actor, AuditedEdits, record, recording_update
from app.core import clock, tokens
from app.extensions import db
from app.models import Event, EventStatus, JoinedVia, Municipality, Series, SeriesKind, SeriesMember
from app.series import members

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
FIELDS = ("title", "slug", "kind", "description", "public")
MEMBER_FIELDS = ("name", "email", "municipality_number", "role", "show_in_member_list", "joined_via")
MEMBER_TOKEN = "series-member"


class SeriesError(Exception):
    """Nothing was stored."""


class NotFound(SeriesError):
    pass


class Invalid(SeriesError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class SeriesDraft:
    title: str
    slug: str
    kind: SeriesKind
    description: str = ""
    public: bool = True


@dataclass(frozen=True)
class MemberDraft:
    name: str
    email: str
    municipality_number: str | None = None
    role: str = ""
    show_in_member_list: bool = False
    mail_ok: bool = True


@dataclass(frozen=True)
class Joined:
    member: SeriesMember
    new: bool  # False: the e-mail was already a member; nothing changed


def every_series() -> list[Series]:
    return list(db.session.scalars(select(Series).order_by(Series.title)))


def get(series_id: int) -> Series:
    found = db.session.get(Series, series_id)
    if found is None:
        raise NotFound(series_id)
    return found


def by_slug(slug: str) -> Series | None:
    """Public or not: a member's own link works also for a series not shown on the website."""
    return db.session.scalar(select(Series).where(Series.slug == slug))


def public_by_slug(slug: str) -> Series | None:
    return db.session.scalar(select(Series).where(Series.slug == slug, Series.public.is_(True)))


def _check(draft: SeriesDraft, series_id: int | None) -> None:
    errors = {}
    if not draft.title.strip():
        errors["title"] = "required"
    if not SLUG.match(draft.slug or ""):
        errors["slug"] = "format"
    else:
        clash = db.session.scalar(select(Series.id).where(Series.slug == draft.slug))
        if clash is not None and clash != series_id:
            errors["slug"] = "taken"
    if errors:
        raise Invalid(errors)


def _apply(target: Series, draft: SeriesDraft) -> None:
    target.title, target.slug, target.kind = draft.title.strip(), draft.slug, draft.kind
    target.description, target.public = draft.description.strip(), draft.public


_EDITS: AuditedEdits[Series, SeriesDraft] = AuditedEdits("series", FIELDS, Series, get, _check, _apply)


def create(draft: SeriesDraft, actor: Actor) -> Series:
    return _EDITS.create(draft, actor)


def update(series_id: int, draft: SeriesDraft, actor: Actor) -> Series:
    return _EDITS.update(series_id, draft, actor)


# --- members ---------------------------------------------------------------------------------

def member_token(member: SeriesMember) -> str:
    return tokens.derive(MEMBER_TOKEN, member.token_salt)


def member_by_token(series: Series, token: str) -> SeriesMember | None:
    return db.session.scalar(select(SeriesMember).where(SeriesMember.series_id == series.id,
                                                        SeriesMember.token_hash == tokens.digest(token)))


def member_by_email(series_id: int, email: str) -> SeriesMember | None:
    return db.session.scalar(select(SeriesMember).where(SeriesMember.series_id == series_id,
                                                        SeriesMember.email == email.strip().lower()))


def _check_member(draft: MemberDraft) -> None:
    errors = {}
    if not draft.name.strip():
        errors["name"] = "required"
    if "@" not in draft.email.strip()[1:-1]:
        errors["email"] = "format"
    if draft.municipality_number and db.session.get(Municipality, draft.municipality_number) is None:
        errors["municipality_number"] = "unknown"
    if errors:
        raise Invalid(errors)


def join(series_id: int, draft: MemberDraft, via: JoinedVia, actor: Actor) -> Joined:
    """Make `draft` a member (idempotent per e-mail, case-insensitive)."""
    get(series_id)
    _check_member(draft)
    existing = member_by_email(series_id, draft.email)
    if existing is not None:
        return Joined(existing, False)
    salt = tokens.new_salt()
    member = SeriesMember(
        series_id=series_id, email=draft.email.strip().lower(), name=draft.name.strip(),
        municipality_number=draft.municipality_number or None, role=draft.role.strip(),
        show_in_member_list=draft.show_in_member_list, mail_ok=draft.mail_ok, joined_via=via,
        token_salt=salt, token_hash=tokens.digest(tokens.derive(MEMBER_TOKEN, salt)), joined_at=clock.now(),
    )
    members.link_member(member)
    db.session.add(member)
    db.session.flush()
    record(actor, "series_member", member.id, "create",
           {"series_id": [None, str(series_id)], "joined_via": [None, via.value]})
    return Joined(member, True)


def remove_member(series_id: int, member_id: int, actor: Actor) -> None:
    member = db.session.get(SeriesMember, member_id)
    if member is None or member.series_id != series_id:
        raise NotFound(member_id)
    record(actor, "series_member", member.id, "delete", {"series_id": [str(series_id), None]})
    db.session.delete(member)
    db.session.flush()


def visible_members(series_id: int) -> list[SeriesMember]:
    """The member list other members see: only those who opted in."""
    return list(db.session.scalars(select(SeriesMember).where(
        SeriesMember.series_id == series_id, SeriesMember.show_in_member_list.is_(True)).order_by(SeriesMember.name)))


def member_count(series_id: int) -> int:
    return db.session.scalar(select(func.count()).where(SeriesMember.series_id == series_id)) or 0


# --- events ----------------------------------------------------------------------------------

def events_of(series_id: int, *, published_only: bool = True) -> tuple[list[Event], list[Event]]:
    """(upcoming, past) meetings of the series, upcoming soonest first, past latest first."""
    stmt = select(Event).where(Event.series_id == series_id)
    if published_only:
        stmt = stmt.where(Event.status == EventStatus.PUBLISHED)
    events = list(db.session.scalars(stmt.order_by(Event.starts_at)))
    now = clock.now()
    return [e for e in events if e.ends_at >= now], [e for e in reversed(events) if e.ends_at < now]


def candidate_events() -> list[Event]:
    """Events that belong to no series yet and are not cancelled: what an organiser may add."""
    return list(db.session.scalars(select(Event).where(Event.series_id.is_(None),
                                                       Event.status != EventStatus.CANCELLED)
                                   .order_by(Event.starts_at.desc())))


def add_event(series_id: int, event_id: int, actor: Actor) -> Event:
    series = get(series_id)
    event = db.session.get(Event, event_id)
    if event is None or event.status == EventStatus.CANCELLED:
        raise NotFound(event_id)
    if event.series_id is not None and event.series_id != series_id:
        raise Invalid({"event_id": "taken"})
    with recording_update(actor, "event", event, ("series_id",)):
        event.series = series
        event.series_id = series.id
    db.session.flush()
    return event


def remove_event(series_id: int, event_id: int, actor: Actor) -> None:
    event = db.session.get(Event, event_id)
    if event is None or event.series_id != series_id:
        raise NotFound(event_id)
    with recording_update(actor, "event", event, ("series_id",)):
        event.series_id = None
    db.session.flush()
