"""Events in a series: a new published meeting invites the members who take the series' mail, once; the
series' feed holds its published meetings only."""
from __future__ import annotations

from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.mail import renderers
from app.models import EventStatus, OutboxMessage, SeriesMember
from app.series import invitations, service
from tests.series.conftest import add_member


def _add(app, series_id: int, event_id: int) -> int:
    with app.app_context(), transaction():
        series = service.get(series_id)
        event = service.add_event(series_id, event_id, SYSTEM)
        return invitations.invite_members(series, event, SYSTEM)


def test_a_new_meeting_invites_members_who_take_mail_once(app, make, series):
    add_member(app, series, "Kari Nordmann", "kari@x.no")
    add_member(app, series, "Ola Nordmann", "ola@x.no")
    no_mail, _token = add_member(app, series, "Per Stille", "per@x.no")
    with app.app_context(), transaction():
        db.session.get(SeriesMember, no_mail).mail_ok = False
    event = make.event(title="Nettverksmøte mars")
    assert _add(app, series, event.id) == 2
    assert _add(app, series, event.id) == 0  # the same meeting again: nobody twice
    with app.app_context():
        sent = db.session.execute(select(OutboxMessage.kind, OutboxMessage.to_address, OutboxMessage.subject)
                                  .order_by(OutboxMessage.to_address)).all()
        assert [tuple(m) for m in sent] == [
            ("series.invitation", "kari@x.no", "Nytt møte i Regionalt ledernettverk Nord: Nettverksmøte mars"),
            ("series.invitation", "ola@x.no", "Nytt møte i Regionalt ledernettverk Nord: Nettverksmøte mars"),
        ]
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "kari@x.no"))
        body = renderers.text_of(message)  # rendered when sent
        assert "Hei Kari Nordmann," in body and "/events/" in body
        assert "/mail/unsubscribe/" in body and "/series/nettverk-nord/m/" in body


def test_a_draft_meeting_invites_nobody(app, make, series):
    add_member(app, series, "Kari Nordmann", "kari@x.no")
    assert _add(app, series, make.event(status=EventStatus.DRAFT).id) == 0
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.id)) is None


def test_the_series_feed_has_its_published_meetings_only(app, client, make, series):
    mine = make.event(title="Nettverksmøte mars")
    make.session(mine, title="Erfaringsdeling")
    draft = make.event(title="Utkast", status=EventStatus.DRAFT)
    make.session(draft, title="Hemmelig")
    other = make.event(title="Annet")
    make.session(other, title="Ikke her")
    _add(app, series, mine.id)
    _add(app, series, draft.id)
    response = client.get("/series/nettverk-nord/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert body.count("BEGIN:VEVENT") == 1 and "SUMMARY:Erfaringsdeling" in body
    assert "NAME:Regionalt ledernettverk Nord" in body
    assert client.get("/series/ukjent/calendar.ics").status_code == 404
    again = client.get("/series/nettverk-nord/calendar.ics", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_api_names_the_series_of_an_event(app, client, make, series):
    mine = make.event(slug="nettverksmote-mars")
    make.event(slug="konferansen")
    _add(app, series, mine.id)
    events = {e["slug"]: e["series"] for e in client.get("/api/v1/events").get_json()}
    assert events == {"nettverksmote-mars": "nettverk-nord", "konferansen": None}


def test_registering_with_join_series_ticked_joins_once(app, client, make, series):
    from tests.factories import csrf_from

    event = make.event(slug="nettverksmote-mai")
    _add(app, series, event.id)
    page = client.get("/events/nettverksmote-mai/register").get_data(as_text=True)
    assert "Bli med i nettverket" in page
    data = {"csrf_token": csrf_from(page), "first_name": "Áile", "last_name": "Čállá", "email": "Aile@Example.org",
            "phone": "", "organisation": "Alta kulturskole", "kommune": "5601", "job_title": "Rektor",
            "years_as_leader": "1-3", "privacy_accepted": "y", "join_series": "y"}
    response = client.post("/events/nettverksmote-mai/register", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    with app.app_context():
        members = db.session.execute(select(SeriesMember.email, SeriesMember.name, SeriesMember.municipality_number,
                                            SeriesMember.role, SeriesMember.joined_via)).all()
        assert [tuple(m) for m in members] == [("aile@example.org", "Áile Čállá", "5601", "Rektor", "registration")]
        kinds = sorted(db.session.scalars(select(OutboxMessage.kind)))
        assert kinds == ["registration.confirmed", "series.link"]


def test_registering_without_ticking_joins_nothing(app, client, make, series):
    from tests.factories import csrf_from

    event = make.event(slug="nettverksmote-juni")
    _add(app, series, event.id)
    page = client.get("/events/nettverksmote-juni/register").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "first_name": "Ola", "last_name": "Nordmann", "email": "ola@example.org",
            "organisation": "Oslo kulturskole", "kommune": "0301", "job_title": "Rektor", "years_as_leader": "1-3",
            "privacy_accepted": "y"}
    assert client.post("/events/nettverksmote-juni/register", data=data).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(SeriesMember.id)) is None
