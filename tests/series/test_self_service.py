"""A member manages themselves on their own link: stand in the member list or not, take the invitations or not,
and leave the series (after a confirmation; the row goes and the link stops working). An invitation's own
«meld deg av» lands on those choices; its List-Unsubscribe header is the one-click opt-out of all bulk mail."""
from __future__ import annotations

import json
import re

from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.mail import optout, renderers
from app.mail.outbox import deliver_due
from app.models import AuditEntry, OutboxMessage, OutboxStatus, SeriesMember
from app.series import invitations, service
from tests.factories import csrf_from
from tests.series.conftest import add_member


def _member(app, member_id: int) -> tuple[bool, bool] | None:
    with app.app_context():
        member = db.session.get(SeriesMember, member_id)
        return None if member is None else (member.show_in_member_list, member.mail_ok)


def _choose(client, url: str, **fields):
    page = client.get(url)
    assert page.status_code == 200
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), **fields}
    return client.post(f"{url}/choices", data=data)


def _invite(app, series_id: int, event_id: int) -> int:
    with app.app_context(), transaction():
        event = service.add_event(series_id, event_id, SYSTEM)
        return invitations.invite_members(service.get(series_id), event, SYSTEM)


def test_the_member_page_shows_the_members_choices_as_they_are(app, client, series):
    _id, token = add_member(app, series, "Áile Čállá", "aile@example.org", show_in_member_list=True)
    html = client.get(f"/series/nettverk-nord/m/{token}").get_data(as_text=True)
    assert 'id="choices-heading">Dine valg<' in html
    assert re.search(r'<input aria-describedby="show_in_member_list-hint" checked id="show_in_member_list"', html)
    assert re.search(r'<input aria-describedby="mail_ok-hint" checked id="mail_ok"', html)
    assert f'href="/series/nettverk-nord/m/{token}/leave"' in html
    assert "Du har meldt deg av alle fellesutsendinger" not in html


def test_a_member_changes_both_choices_and_the_member_list_follows(app, client, series):
    member_id, token = add_member(app, series, "Áile Čállá", "aile@example.org", municipality_number="5601",
                                  role="Kulturskoleleder", show_in_member_list=True)
    _other, other_token = add_member(app, series, "Per Olsen", "per@example.org")
    url = f"/series/nettverk-nord/m/{token}"
    response = _choose(client, url)  # both boxes left empty
    assert response.status_code == 303 and response.headers["Location"] == f"{url}#valg"
    assert _member(app, member_id) == (False, False)
    assert "Áile Čállá" not in client.get(f"/series/nettverk-nord/m/{other_token}").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "series_member",
                                                           AuditEntry.action == "update"))
        assert (entry.entity_id, entry.actor_label) == (member_id, "Medlemssiden")
        assert json.loads(entry.changes) == {"show_in_member_list": ["True", "False"], "mail_ok": ["True", "False"]}

    assert _choose(client, url, show_in_member_list="y").status_code == 303
    assert _member(app, member_id) == (True, False)
    html = client.get(f"/series/nettverk-nord/m/{other_token}").get_data(as_text=True)
    assert "<th scope=\"row\">Áile Čállá</th><td>Alta</td><td>Kulturskoleleder</td>" in html


def test_choices_without_the_csrf_token_change_nothing(app, client, series):
    member_id, token = add_member(app, series, "Kari Nordmann", "kari@x.no", show_in_member_list=True)
    assert client.post(f"/series/nettverk-nord/m/{token}/choices", data={}).status_code == 400
    assert _member(app, member_id) == (True, True)
    csrf = csrf_from(client.get(f"/series/nettverk-nord/m/{token}").get_data(as_text=True))
    assert client.post("/series/nettverk-nord/m/AAAAAAAAAAAAAAAAAAAAAAAA/choices",
                       data={"csrf_token": csrf}).status_code == 404


def test_no_invitations_chosen_means_none_queued_and_none_sent_of_those_queued_already(app, client, make, series):
    member_id, token = add_member(app, series, "Kari Nordmann", "kari@x.no")
    assert _invite(app, series, make.event(title="Møte 1").id) == 1  # queued, not sent yet
    assert _choose(client, f"/series/nettverk-nord/m/{token}").status_code == 303
    assert _invite(app, series, make.event(title="Møte 2").id) == 0
    with app.app_context():
        deliver_due()
        message = db.session.scalar(select(OutboxMessage))
        assert (message.status, message.reason) == (OutboxStatus.SUPERSEDED, "not_wanted")
    assert _member(app, member_id) == (False, False)


def test_leaving_asks_first_then_deletes_the_member_and_the_link_stops_working(app, client, make, series):
    member_id, token = add_member(app, series, "Kari Nordmann", "kari@x.no", show_in_member_list=True)
    _invite(app, series, make.event(title="Møte 1").id)
    url = f"/series/nettverk-nord/m/{token}"
    page = client.get(f"{url}/leave")
    assert page.status_code == 200 and page.headers["X-Robots-Tag"] == "noindex"
    html = page.get_data(as_text=True)
    assert "Vil du melde deg ut av Regionalt ledernettverk Nord?" in html
    token_value = csrf_from(html)
    assert client.post(f"{url}/leave", data={"csrf_token": token_value}).status_code == 200  # not the button
    assert client.post(f"{url}/leave", data={"confirm": "1"}).status_code == 400  # no CSRF token
    assert _member(app, member_id) == (True, True)

    response = client.post(f"{url}/leave", data={"csrf_token": token_value, "confirm": "1"})
    assert response.status_code == 303 and response.headers["Location"] == "/series/nettverk-nord"
    assert "Du er meldt ut av Regionalt ledernettverk Nord" in client.get("/series/nettverk-nord").get_data(
        as_text=True)
    assert _member(app, member_id) is None
    assert client.get(url).status_code == 404 and client.get(f"{url}/leave").status_code == 404
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "leave"))
        assert (entry.entity_type, entry.entity_id, entry.actor_label) == ("series_member", member_id, "Medlemssiden")
        deliver_due()  # the invitation queued before is not sent to someone who left
        assert db.session.scalar(select(OutboxMessage.reason)) == "not_wanted"


def test_the_invitations_unsubscribe_lands_on_the_choices_and_the_header_on_the_bulk_opt_out(app, client, make,
                                                                                            series):
    member_id, token = add_member(app, series, "Kari Nordmann", "kari@x.no")
    _invite(app, series, make.event(title="Møte 1").id)
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        sent = renderers.content_of(message)  # as it is sent: the invitation is written then
        text, html = sent.text, sent.html
    member_url = f"{app.config['BASE_URL']}/series/nettverk-nord/m/{token}"
    assert ("Vil du ikke ha flere invitasjoner fra nettverket, eller vil du melde deg ut? Velg det her:\n"
            f"{member_url}#valg") in text
    assert f'<a href="{member_url}#valg">Ingen flere invitasjoner fra nettverket, eller meld deg ut</a>' in html
    with app.test_request_context():
        bulk = optout.url_for_address("kari@x.no")
    assert f"Meld deg av alle:\n{bulk}" in text

    # Opted out of all bulk mail: the member page says the series' invitations do not come either.
    with app.app_context(), transaction():
        optout.opt_out(optout.token_for("kari@x.no"))
    page = client.get(f"/series/nettverk-nord/m/{token}").get_data(as_text=True)
    assert "Du har meldt deg av alle fellesutsendinger fra oss" in page
    assert _member(app, member_id) == (False, True)


def test_a_member_of_a_series_not_on_the_website_still_manages_themselves(app, client, series):
    member_id, token = add_member(app, series, "Kari Nordmann", "kari@x.no")
    with app.app_context(), transaction():
        service.get(series).public = False
    url = f"/series/nettverk-nord/m/{token}"
    assert client.get("/series/nettverk-nord").status_code == 404
    assert client.get(url).status_code == 200
    assert _choose(client, url, show_in_member_list="y").status_code == 303
    assert _member(app, member_id) == (True, False)
    page = client.get(f"{url}/leave").get_data(as_text=True)
    response = client.post(f"{url}/leave", data={"csrf_token": csrf_from(page), "confirm": "1"})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert _member(app, member_id) is None
