"""A member's own choices, and the member ↔ person link. Plain functions; no request globals, no commit.

- On their own link a member chooses whether they stand in the member list other members see and whether they
  get the series' invitations (`choose`), and may leave (`leave`): the row goes, and with it the link.
- A member points at the remembered person with the same address (`Person`, who ticked «Husk meg»): linked when
  they join (`link_member`) and when the person is made later (`link_person`); both addresses are lower-cased.
- What the person withdraws on Min side acts on their memberships at once: the consent to be contacted takes them
  out of every member list and every series' invitations (`withdraw_contact`); «Glem meg» deletes the memberships
  and the series' e-mails to them (`forget`); the retention rule unlinks them (`unlink`). An invitation already
  queued is not sent once its member is gone or takes no invitations (app/mail/kinds.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from app.audit.log import Actor, record, recording_update
from app.extensions import db
from app.models import OutboxMessage, Person, Series, SeriesMember

SERIES_MAIL = ("series.link", "series.invitation")  # app/series/invitations.py
CHOICES = ("show_in_member_list", "mail_ok")


@dataclass(frozen=True)
class Membership:
    member: SeriesMember
    series: Series


def choose(member: SeriesMember, *, show_in_member_list: bool, mail_ok: bool, actor: Actor) -> None:
    with recording_update(actor, "series_member", member, CHOICES):
        member.show_in_member_list = show_in_member_list
        member.mail_ok = mail_ok
    db.session.flush()


def leave(member: SeriesMember, actor: Actor) -> None:
    """The member leaves: the row is deleted (their link opens nothing any more); the audit keeps no name."""
    record(actor, "series_member", member.id, "leave", {"series_id": [str(member.series_id), None]})
    db.session.delete(member)
    db.session.flush()


# --- the person ------------------------------------------------------------------------------------

def link_member(member: SeriesMember) -> None:
    """Point a new member at the remembered person with their address, if there is one."""
    member.person_id = db.session.scalar(select(Person.id).where(Person.email == member.email.strip().lower()))


def link_person(person: Person) -> int:
    """A person remembered now: the memberships with their address point at them. How many."""
    result = db.session.execute(
        update(SeriesMember).where(SeriesMember.email == person.email, SeriesMember.person_id.is_(None))
        .values(person_id=person.id).execution_options(synchronize_session=False))
    return result.rowcount or 0


def of_person(person_id: int) -> list[Membership]:
    """The person's series (Min side), by title; one query."""
    rows = db.session.execute(select(SeriesMember, Series).join(Series, Series.id == SeriesMember.series_id)
                              .where(SeriesMember.person_id == person_id).order_by(Series.title, SeriesMember.id))
    return [Membership(member, series) for member, series in rows]


def withdraw_contact(person_id: int) -> int:
    """The consent to be contacted is withdrawn: out of every member list and every series' invitations."""
    result = db.session.execute(
        update(SeriesMember).where(SeriesMember.person_id == person_id)
        .values(show_in_member_list=False, mail_ok=False).execution_options(synchronize_session="fetch"))
    return result.rowcount or 0


def forget(person: Person) -> int:
    """«Glem meg»: the person's memberships (linked, or with their address) are deleted, and the series' e-mails to
    them. How many memberships."""
    mine = (SeriesMember.person_id == person.id) | (SeriesMember.email == person.email)
    ids = list(db.session.scalars(select(SeriesMember.id).where(mine)))
    if ids:
        db.session.execute(delete(SeriesMember).where(SeriesMember.id.in_(ids))
                           .execution_options(synchronize_session="fetch"))
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.kind.in_(SERIES_MAIL),
                                                   OutboxMessage.to_address == person.email)
                       .execution_options(synchronize_session=False))
    return len(ids)


def unlink(person_ids: list[int]) -> None:
    """The retention rule deletes these persons: their memberships stay (their own consent, with their own link)
    but point at nobody."""
    for chunk in (person_ids[i:i + 500] for i in range(0, len(person_ids), 500)):
        db.session.execute(update(SeriesMember).where(SeriesMember.person_id.in_(chunk)).values(person_id=None)
                           .execution_options(synchronize_session=False))
