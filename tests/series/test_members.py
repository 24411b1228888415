"""Joining a series: one member per e-mail (case-insensitive), the link by e-mail, the member list only on a
member's own link and only with those who opted in (name, kommune, role)."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage, SeriesMember
from tests.factories import csrf_from
from tests.series.conftest import add_member


def _join(client, **fields):
    page = client.get("/series/nettverk-nord")
    assert page.status_code == 200
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), "consent": "y", **fields}
    return client.post("/series/nettverk-nord/join", data=data)


def test_joining_twice_with_other_case_is_one_member_and_the_second_changes_nothing(app, client, series):
    first = _join(client, name="Kari Nordmann", email="Kari@X.no", municipality_number="0301", role="Rektor")
    assert first.status_code == 303
    second = _join(client, name="Noen Andre", email="kari@x.no", municipality_number="5001")
    assert second.status_code == 303
    with app.app_context():
        members = db.session.execute(select(SeriesMember.email, SeriesMember.name, SeriesMember.municipality_number,
                                            SeriesMember.joined_via)).all()
        assert [tuple(m) for m in members] == [("kari@x.no", "Kari Nordmann", "0301", "invitation")]
        links = db.session.execute(select(OutboxMessage.kind, OutboxMessage.to_address)).all()
        assert [tuple(m) for m in links] == [("series.link", "kari@x.no"), ("series.link", "kari@x.no")]


def test_join_without_consent_is_refused_and_stores_nothing(app, client, series):
    page = client.get("/series/nettverk-nord")
    response = client.post("/series/nettverk-nord/join", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "name": "Kari", "email": "kari@x.no"})
    assert response.status_code == 400
    assert "Du må samtykke for å bli med i nettverket." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SeriesMember.id)) is None


def test_member_list_only_on_a_members_link_and_only_those_who_opted_in(app, client, series):
    _id, token = add_member(app, series, "Áile Čállá", "aile@example.org", municipality_number="5601",
                            role="Kulturskoleleder", show_in_member_list=True)
    add_member(app, series, "Skjult Medlem", "skjult@example.org", show_in_member_list=False)
    public = client.get("/series/nettverk-nord").get_data(as_text=True)
    assert "Áile Čállá" not in public and "members-heading" not in public
    response = client.get(f"/series/nettverk-nord/m/{token}")
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex"
    html = response.get_data(as_text=True)
    assert "<th scope=\"row\">Áile Čállá</th><td>Alta</td><td>Kulturskoleleder</td>" in html
    assert "Skjult Medlem" not in html and "aile@example.org" not in html
    assert client.get("/series/nettverk-nord/m/AAAAAAAAAAAAAAAAAAAAAAAA").status_code == 404
