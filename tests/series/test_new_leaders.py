"""A draft meeting added to a series invites its members when it is published (once), and a new leader joins
the meeting place for new leaders from her registration's page (her consent, what she registered with)."""
from __future__ import annotations

from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.models import EventRole, EventStatus, OutboxMessage, SeriesKind, SeriesMember, YearsBand
from app.series import service
from tests.checkin.helpers import enrol
from tests.factories import csrf_from
from tests.series.conftest import add_member


def _mail(app, kind: str) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(select(OutboxMessage.to_address, OutboxMessage.subject)
                                  .where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()
        db.session.remove()
    return [tuple(r) for r in rows]


def test_publishing_a_draft_meeting_of_a_series_invites_its_members_once(app, client, make, login, series):
    add_member(app, series, "Kari Nordmann", "kari@x.no")
    event = make.event(title="Nettverksmøte mai", status=EventStatus.DRAFT)
    with app.app_context(), transaction():
        service.add_event(series, event.id, SYSTEM)
    assert _mail(app, "series.invitation") == []  # a draft invites nobody
    login(make.user(EventRole.ORGANISER, events=[event]).email)
    token = csrf_from(client.get(f"/admin/events/{event.slug}/").get_data(as_text=True))
    answer = client.post(f"/admin/events/{event.slug}/publish", data={"csrf_token": token}, follow_redirects=True)
    assert "Arrangementet er publisert. 1 medlem av nettverket er invitert." in answer.get_data(as_text=True)
    assert _mail(app, "series.invitation") == [
        ("kari@x.no", "Nytt møte i Regionalt ledernettverk Nord: Nettverksmøte mai")]
    client.post(f"/admin/events/{event.slug}/publish", data={"csrf_token": token})
    assert len(_mail(app, "series.invitation")) == 1


def _new_leaders(app) -> int:
    with app.app_context(), transaction():
        found = service.create(service.SeriesDraft("Møteplass for nye kulturskoleledere", "nye-ledere",
                                                   SeriesKind.NEW_LEADERS), SYSTEM)
        db.session.flush()
        return found.id


def _members(app, series_id: int) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(select(SeriesMember.email, SeriesMember.name, SeriesMember.municipality_number,
                                         SeriesMember.role).where(SeriesMember.series_id == series_id)).all()
        db.session.remove()
    return [tuple(r) for r in rows]


def test_a_new_leader_joins_from_her_registration_with_her_consent(app, client, make, series):
    new_leaders = _new_leaders(app)
    event = make.event(title="Lederkonferansen 2027")
    ande = enrol(app, event, 1, first_name="Ánde", last_name="Ŋuorra", email="Ande@X.no", municipality_number="5610",
                 job_title="Kulturskolerektor", years_as_leader=YearsBand.LT1)
    page = client.get(f"/me/{ande.token}").get_data(as_text=True)
    assert "Ny som leder? Bli med i Møteplass for nye kulturskoleledere" in page
    assert "Regionalt ledernettverk Nord" not in page  # only the new leaders' series is offered
    url = f"/me/{ande.token}/series/nye-ledere/join"

    refused = client.post(url, data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    assert "Kryss av for samtykket for å bli med i Møteplass for nye kulturskoleledere." in refused.get_data(
        as_text=True)
    assert _members(app, new_leaders) == []

    joined = client.post(url, data={"csrf_token": csrf_from(page), "nye-ledere-consent": "y"},
                         follow_redirects=True).get_data(as_text=True)
    assert "Du er med i Møteplass for nye kulturskoleledere." in joined
    assert "Bli med i nettverket" not in joined
    assert _members(app, new_leaders) == [("ande@x.no", "Ánde Ŋuorra", "5610", "Kulturskolerektor")]
    assert _mail(app, "series.link") == [("ande@x.no", "Din lenke til Møteplass for nye kulturskoleledere")]
    client.post(url, data={"csrf_token": csrf_from(page), "nye-ledere-consent": "y"})  # again: nothing new
    assert len(_members(app, new_leaders)) == 1 and len(_mail(app, "series.link")) == 1


def test_an_experienced_leader_is_not_offered_it(app, client, make):
    new_leaders = _new_leaders(app)
    event = make.event()
    kari = enrol(app, event, 2, years_as_leader=YearsBand.Y7_10)
    page = client.get(f"/me/{kari.token}").get_data(as_text=True)
    assert "Ny som leder?" not in page
    client.post(f"/me/{kari.token}/series/nye-ledere/join",
                data={"csrf_token": csrf_from(page), "nye-ledere-consent": "y"})
    assert _members(app, new_leaders) == []
