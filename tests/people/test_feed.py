"""One calendar feed of all a person's events (/me/calendar/<token>.ics), resettable from Min side."""
import re

from icalendar import Calendar

from app.calendar.tokens import person_feed_url
from app.extensions import db
from app.models import Person
from tests.factories import csrf_from
from tests.people.conftest import person_of, register


def _feed_path(app, email: str) -> str:
    with app.app_context():
        url = person_feed_url(db.session.get(Person, person_of(app, email).id))
    return url.split(app.config["BASE_URL"], 1)[1]


def _summaries(response) -> list[str]:
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return [str(c["SUMMARY"]) for c in Calendar.from_ical(response.data).walk("VEVENT")]


def test_the_feed_has_every_event_of_the_person_and_nothing_of_others(app, client, make):
    first, second, other = make.event(title="Konferansen"), make.event(title="Samlingen"), make.event()
    make.session(first, title="Åpning i Bodø")
    make.session(second, title="Ságastallan")
    make.session(other, title="Ikke mitt")
    register(client, first.slug, "Kari@Example.org")
    register(app.test_client(), second.slug, "kari@example.org")
    register(app.test_client(), other.slug, "kari@example.org", remember=False)
    path = _feed_path(app, "kari@example.org")
    assert re.fullmatch(r"/me/calendar/[A-Z0-9]{24}\.ics", path)
    response = client.get(path)
    assert sorted(_summaries(response)) == ["Ságastallan", "Åpning i Bodø"]
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert client.get(path, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_resetting_the_feed_makes_the_old_url_unknown(app, client, make, signed_in):
    event = make.event()
    make.session(event, title="Plenum")
    register(client, event.slug, "ola@example.org")
    old = _feed_path(app, "ola@example.org")
    signed_in("ola@example.org")
    html = client.get("/me/").get_data(as_text=True)
    assert old.removesuffix(".ics") in html
    response = client.post("/me/calendar/reset", data={"csrf_token": csrf_from(html)})
    assert response.status_code == 303 and response.headers["Location"] == "/me/#kalender"
    new = _feed_path(app, "ola@example.org")
    assert new != old
    assert client.get(old).status_code == 404
    assert _summaries(client.get(new)) == ["Plenum"]
    assert client.get("/me/calendar/TULL.ics").status_code == 404
