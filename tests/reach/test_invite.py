"""/admin/reach/invite: the preview (count and a sample of the mail), sending through the outbox once per person
and target, List-Unsubscribe and opt-outs, the audit entry, lesetilgang reads only, past events and empty
segments refused in words."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.mail import outbox, renderers
from app.models import AuditEntry, EventRole, OutboxMessage, UserRole
from tests.clients import csrf_of
from tests.factories import csrf_from
from tests.reach.segment_world import build

ADMIN = "admin@example.org"
VIEWER = "lesetilgang@example.org"


@pytest.fixture
def world(app, make, frozen_now):
    return build(app, make, frozen_now)


@pytest.fixture
def admin(make, login):
    make.user(UserRole.ADMINISTRATOR, email=ADMIN)
    login(ADMIN)


def _query(world, **kw) -> dict:
    return {"segment": "county", "county": "56", "target": f"event-{world.conference_id}", **kw}


def _post(client, data: dict):
    """What the preview's «Send» button posts (the preview's token; /logout's where the page has no button)."""
    page = client.get("/admin/reach/invite", query_string=data).get_data(as_text=True)
    token = csrf_from(page) if 'name="csrf_token"' in page else csrf_of(client)
    return client.post("/admin/reach/invite", data={**data, "csrf_token": token})


def _invitations(app) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reach.invitation")
                                       .order_by(OutboxMessage.to_address)))


def _text(app, message: OutboxMessage) -> str:
    """The plain text as it is sent (rendered then: app/mail/renderers.py)."""
    with app.app_context():
        return renderers.text_of(message)


def test_the_reach_page_links_to_the_invitation_form(app, client, world, admin):
    html = client.get("/admin/reach?year=2027").get_data(as_text=True)
    assert 'href="/admin/reach/invite?segment=not_reached&amp;year=2027"' in html
    form = client.get("/admin/reach/invite?segment=not_reached&year=2027")
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert '<input checked id="segment-0" name="segment" type="radio" value="not_reached">' in html and "Lederkonferansen 2027" in html
    assert "Høstsamlingen 2026" not in html  # past: not offered
    assert "Forhåndsvisning" not in html


def test_the_preview_counts_and_shows_the_mail(app, client, world, admin):
    response = client.get("/admin/reach/invite", query_string=_query(world))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "2 personer får invitasjonen." in html
    assert "Slik ser e-posten ut for aslat@example.org:" in html
    assert "Invitasjon: Lederkonferansen 2027" in html and "Hei Áslat Čuđđe Leder," in html
    assert "Send invitasjonen til 2 personer" in html
    assert _invitations(app) == []  # a preview queues nothing


def test_sending_queues_once_per_person_even_when_sent_twice(app, client, world, admin):
    first = _post(client, _query(world))
    assert first.status_code == 303
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "2 invitasjoner til Lederkonferansen 2027 er lagt i utboksen." in page
    assert "2 i utvalget er invitert før og får den ikke igjen." in page
    again = _post(client, _query(world))
    assert again.status_code == 400
    assert "alle er invitert før" in again.get_data(as_text=True)
    # Another segment that overlaps: only the one not invited yet (Kari; Áslat had it).
    assert _post(client, _query(world, segment="new_leaders", band="lt1")).status_code == 303
    messages = _invitations(app)
    assert [m.to_address for m in messages] == ["aslat@example.org", "kari@example.org", "siri@example.org",
                                                "uten-kommune@example.org"]
    assert all(m.event_id == world.conference_id and m.dedupe_key.startswith(f"invite:event:{world.conference_id}:")
               for m in messages)
    assert all(m.body_text == "" and m.subject == "Invitasjon: Lederkonferansen 2027" for m in messages)
    body = _text(app, next(m for m in messages if m.to_address == "aslat@example.org"))
    assert "/events/" in body and "/mail/unsubscribe/" in body and "Du kan trekke samtykket på Min side" in body
    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "segment_invitation")
                                          .order_by(AuditEntry.id)))
    assert [(e.entity_type, e.entity_id, json.loads(e.changes)["recipients"][1]) for e in entries] == [
        ("event", world.conference_id, "2"), ("event", world.conference_id, "2")]
    assert json.loads(entries[0].changes)["segment"][1] == "Et fylke: Finnmark"


def test_a_series_invitation_to_members_is_sent_with_list_unsubscribe(app, client, world, admin, smtp):
    data = {"segment": "series", "series": str(world.series_id), "target": f"series-{world.other_series_id}"}
    assert _post(client, data).status_code == 303
    messages = _invitations(app)
    assert [m.to_address for m in messages] == ["aslat@example.org", "ingrid@example.org"]
    body = _text(app, messages[0])
    assert "Hei Áslat Čuđđe," in body and "/series/digitalt" in body
    assert "Du får denne e-posten fordi du er medlem av Nettverk for nye ledere." in body
    with app.app_context():
        assert outbox.deliver_due().sent == 3  # and the world's one registration confirmation
    smtp.wait_for(3)
    parsed = next(r.parsed() for r in smtp.received if r.parsed()["To"] == "aslat@example.org")
    with app.app_context():
        from app.mail import optout

        assert parsed["List-Unsubscribe"].strip() == f"<{optout.url_for_address('aslat@example.org')}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Auto-Submitted"] is None  # an organiser sent it


def test_a_past_event_and_an_empty_segment_are_refused_in_words(app, client, world, admin):
    past = client.get("/admin/reach/invite", query_string=_query(world, target=f"event-{world.past_id}"))
    assert past.status_code == 400
    assert "Arrangementet er over. Velg et arrangement som ikke har vært ennå." in past.get_data(as_text=True)
    assert _post(client, _query(world, target=f"event-{world.past_id}")).status_code == 400
    empty = client.get("/admin/reach/invite", query_string=_query(world, segment="school_size",
                                                                   school_size="gt1000"))
    assert empty.status_code == 200
    assert "Ingen i dette utvalget har sagt ja til å bli kontaktet. Velg et annet utvalg." in empty.get_data(as_text=True)
    refused = _post(client, _query(world, segment="school_size", school_size="gt1000"))
    assert refused.status_code == 400 and "Ingen i utvalget kan inviteres" in refused.get_data(as_text=True)
    bad = client.get("/admin/reach/invite", query_string=_query(world, county="99"))
    assert bad.status_code == 400 and "Velg et av alternativene." in bad.get_data(as_text=True)
    for wrong, says in (({"segment": ""}, "Velg hvem som skal inviteres."), ({"segment": "alle"}, "Velg hvem som skal inviteres."),
                        ({"segment": "not_reached", "year": "i fjor"}, "Skriv et år mellom 2000 og 2100."),
                        ({"target": ""}, "Velg et arrangement eller et nettverk."),
                        ({"target": "event-999"}, "Velg et publisert arrangement som kommer, eller et åpent nettverk.")):
        refused = _post(client, _query(world, **wrong))
        assert refused.status_code == 400 and says in refused.get_data(as_text=True), wrong
    assert _invitations(app) == []


def test_lesetilgang_sees_the_count_but_cannot_send(app, client, make, login, world):
    with app.app_context():
        from app.models import Event

        event = db.session.get(Event, world.conference_id)
    make.user(EventRole.VIEWER, email=VIEWER, events=[event])
    login(VIEWER)
    page = client.get("/admin/reach/invite", query_string=_query(world))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "2 personer får invitasjonen." in html
    assert "Send invitasjonen" not in html and "Du har lesetilgang" in html
    refused = _post(client, _query(world))
    assert refused.status_code == 403
    assert _invitations(app) == []


def test_the_clock_moving_past_the_event_between_preview_and_send(app, client, world, admin, frozen_now):
    page = client.get("/admin/reach/invite", query_string=_query(world))
    token = csrf_from(page.get_data(as_text=True))
    frozen_now(clock.parse_local("2027-03-05T12:00"))
    refused = client.post("/admin/reach/invite", data={**_query(world), "csrf_token": token})
    assert refused.status_code == 400 and "Arrangementet er over." in refused.get_data(as_text=True)
    assert _invitations(app) == []


def test_a_school_year_from_the_reach_page_is_carried_into_the_segment(app, client, world, admin):
    html = client.get("/admin/reach?year=2026&school=1").get_data(as_text=True)
    assert 'href="/admin/reach/invite?segment=not_reached&amp;year=2026&amp;school_year=y"' in html
    page = client.get("/admin/reach/invite", query_string={"segment": "not_reached", "year": "2026",
                                                           "school_year": "y",
                                                           "target": f"event-{world.conference_id}"})
    text = page.get_data(as_text=True)
    assert "Kommunen er ikke nådd i skoleåret 2026/27" in text
    assert "3 personer får invitasjonen." in text  # Kari's Oslo was reached in 2026/27
    calendar = client.get("/admin/reach/invite", query_string={"segment": "not_reached", "year": "2026",
                                                               "target": f"event-{world.conference_id}"})
    assert "4 personer får invitasjonen." in calendar.get_data(as_text=True)
