"""The meeting link of a digital event on the manage page: for confirmed participants only."""
from __future__ import annotations

from app.core.transaction import transaction
from app.registration import links, service
from tests.factories import applicant

LINK = "https://meet.example.org/samling-123"


def _manage_path(app, event_id: int, n: str) -> str:
    with app.app_context():
        with transaction():
            registration = service.register(event_id, applicant(n), [])
        return "/me/" + links.manage_token(registration)


def test_the_meeting_link_is_shown_to_the_confirmed_and_not_to_the_waiting_list(app, client, make):
    event = make.event(is_online=True, meeting_url=LINK, capacity=1)
    confirmed, waiting = _manage_path(app, event.id, "a"), _manage_path(app, event.id, "b")
    page = client.get(confirmed).get_data(as_text=True)
    assert '<h2 id="meeting-heading">Det digitale møtet</h2>' in page
    assert f'<a href="{LINK}">Lenke til møtet</a>' in page
    other = client.get(waiting).get_data(as_text=True)
    assert "Du står som nummer 1 på ventelisten" in other
    assert LINK not in other and "Det digitale møtet" not in other


def test_no_meeting_section_for_an_event_at_a_venue(app, client, make):
    event = make.event(meeting_url=LINK)
    page = client.get(_manage_path(app, event.id, "a")).get_data(as_text=True)
    assert "Du er påmeldt" in page
    assert LINK not in page
