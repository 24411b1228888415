"""Participants with kommune, school size and years as leader, and the organiser's page posts."""
from __future__ import annotations

import html
import re

from sqlalchemy import select

from app.core.transaction import transaction
from app.extensions import db
from app.models import PeerGroup, PeerGroupMember, SchoolSize, YearsBand
from app.registration import links
from app.registration import service as registration_service
from tests.factories import applicant, csrf_from

KOMMUNER = ["0301", "1103", "1506", "1804", "3101", "3201", "3203", "3207", "4601", "5001", "5501", "5612",
            "3405", "3401", "1108", "1106"]
SIZES, YEARS = list(SchoolSize), list(YearsBand)


def enrol(app, event, n: int, *, kommune: str | None = None, first: str | None = None, last: str = "Nordmann",
          size: SchoolSize | None = None, years: YearsBand | None = None) -> tuple[int, str]:
    """A confirmed participant; (registration id, manage token)."""
    with app.app_context(), transaction():
        registration = registration_service.register(event.id, applicant(
            n, first_name=first or f"Deltaker{n}", last_name=last, municipality_number=kommune or KOMMUNER[n % 16],
            school_size=size or SIZES[n % 5], years_as_leader=years or YEARS[n % 5]))
        result = registration.id, links.manage_token(registration)
    with app.app_context():
        db.session.remove()
    return result


def post(client, slug: str, path: str, data: dict | None = None, follow: bool = True):
    page = client.get(f"/admin/events/{slug}/peer-groups")
    token = csrf_from(page.get_data(as_text=True))
    return client.post(f"/admin/events/{slug}/peer-groups{path}", data={"csrf_token": token, **(data or {})},
                       follow_redirects=follow)


def text(response) -> str:
    """The page's words, tags taken out and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def groups(app, event_id: int) -> list[tuple[str, str, list[int]]]:
    """(name, state, active member registration ids) per group, in order."""
    with app.app_context():
        rows = db.session.scalars(select(PeerGroup).where(PeerGroup.event_id == event_id)
                                  .order_by(PeerGroup.position)).all()
        result = [(g.name, g.state.value, sorted(m.registration_id for m in g.members if m.left_at is None))
                  for g in rows]
        db.session.remove()
    return result


def group_ids(app, event_id: int) -> list[int]:
    with app.app_context():
        ids = list(db.session.scalars(select(PeerGroup.id).where(PeerGroup.event_id == event_id)
                                      .order_by(PeerGroup.position)))
        db.session.remove()
    return ids


def member_count(app, event_id: int) -> int:
    with app.app_context():
        n = len(db.session.scalars(select(PeerGroupMember).where(PeerGroupMember.event_id == event_id)).all())
        db.session.remove()
    return n
