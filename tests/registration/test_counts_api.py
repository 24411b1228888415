"""The API's registered / waitlisted / seats_left, end to end: registrations made through the form."""
from datetime import timedelta

from app.models import SessionKind
from tests.registration.conftest import manage_path, valid_form


def test_counts_follow_registrations_made_through_the_form(forms, client, make):
    event = make.event(capacity=2)
    ws = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, capacity=1,
                      starts_at=event.starts_at + timedelta(hours=2))
    for i in range(3):
        manage_path(forms.register(event.slug, valid_form(email=f"p{i}@example.org", sessions=[str(ws.id)])))

    summary = next(e for e in client.get("/api/v1/events").get_json() if e["slug"] == event.slug)
    assert (summary["capacity"], summary["registered"], summary["waitlisted"], summary["seats_left"]) == (2, 2, 1, 0)
    detail = client.get(f"/api/v1/events/{event.slug}").get_json()
    assert (detail["registered"], detail["waitlisted"], detail["seats_left"]) == (2, 1, 0)
    session = next(s for s in detail["sessions"] if s["id"] == ws.id)
    assert (session["capacity"], session["registered"], session["seats_left"]) == (1, 1, 0)

    # The first cancels from their page: the one waiting gets the event seat.
    path = manage_path(forms.register(event.slug, valid_form(email="p3@example.org")))
    forms.post(path + "/cancel", token_from=path + "/cancel")
    detail = client.get(f"/api/v1/events/{event.slug}").get_json()
    assert (detail["registered"], detail["waitlisted"], detail["seats_left"]) == (2, 1, 0)
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Fullt – venteliste" in page
