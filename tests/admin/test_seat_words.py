"""One wording of seats (app/registration/choices.py::seat_words, the `seats` macro): the same words for the
same numbers on every page, the participant's and the organisers'."""
import re
from datetime import timedelta

import pytest

from app.core.transaction import transaction
from app.extensions import db
from app.models import SessionKind
from app.program.queries import Counts
from app.registration import choices, service
from tests.factories import applicant


@pytest.mark.parametrize("counts, style, words", [
    (Counts(40, 12, 0), "event", "28 ledige plasser"),
    (Counts(40, 39, 0), "event", "Bare 1 plass igjen"),
    (Counts(40, 40, 2), "event", "Fullt – du kan melde deg på ventelisten. 2 står på ventelisten."),
    (Counts(40, 12, 0), "session", "28 av 40 plasser ledige"),
    (Counts(40, 37, 0), "session", "Bare 3 av 40 plasser igjen"),
    (Counts(40, 40, 0), "session", "Fullt – venteliste. Ingen står på ventelisten ennå."),
    (Counts(None, 12, 0), "session", ""),
    (Counts(40, 12, 0), "organiser", "12 av 40 plasser"),
    (Counts(40, 40, 3), "organiser", "40 av 40 plasser · 3 på venteliste"),
    (Counts(None, 12, 0), "organiser", "12 påmeldt · ubegrenset"),
    (Counts(40, 12, 0), "link", "Meld deg på"),
    (Counts(40, 12, 0), "submit", "Meld meg på"),
    (Counts(40, 12, 1), "link", "Sett meg på ventelisten"),  # someone waits: a newcomer queues too
    (Counts(40, 40, 0), "submit", "Sett meg på ventelisten"),
    (Counts(None, 500, 0), "link", "Meld deg på"),
])
def test_every_seat_wording_comes_from_one_function(app, counts, style, words):
    with app.test_request_context("/"):
        assert choices.seat_words(counts, style) == words


def test_the_organisers_read_the_same_words_on_the_grid_the_session_and_the_dashboard(app, admin, make):
    event = make.event(capacity=10)
    workshop = make.session(event, kind=SessionKind.WORKSHOP, title="Verksted: Mestringstro", capacity=2,
                            starts_at=event.starts_at + timedelta(hours=1))
    with app.app_context():
        for i in range(3):
            with transaction():
                service.register(event.id, applicant(i), [workshop.id])
        db.session.remove()
    words = "2 av 2 plasser · 1 på venteliste"
    assert f"Workshop · {words}</span>" in admin.html(f"/admin/events/{event.slug}/program")  # the grid
    assert f"<td>{words}</td>" in admin.html(f"/admin/events/{event.slug}/program?view=list")
    assert f"<p>{words}</p>" in admin.html(f"/admin/events/{event.slug}/sessions/{workshop.id}")
    assert re.search(rf'<th scope="row">\d\d:\d\d Verksted: Mestringstro</th><td>2</td><td>{words}</td>',
                     admin.html(f"/admin/events/{event.slug}/"))


def test_the_participants_read_the_same_words_on_the_event_page_and_the_form(app, client, make):
    event = make.event(capacity=1)
    make.session(event, kind=SessionKind.WORKSHOP, title="Verksted", capacity=5,
                 starts_at=event.starts_at + timedelta(hours=1))
    with app.app_context():
        with transaction():
            service.register(event.id, applicant(1))
        db.session.remove()
    badge = re.compile(r'<span class="seats seats-(\w+)"><span class="seats-sign" aria-hidden="true">(.)</span> ([^<]*)</span>')
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    form = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    full = ("full", "✕", "Fullt – du kan melde deg på ventelisten. Ingen står på ventelisten ennå.")
    free = ("free", "✓", "5 av 5 plasser ledige")
    assert badge.findall(page) == [full, free] and badge.findall(form) == [full, free]
    assert f'href="/events/{event.slug}/register">Sett meg på ventelisten</a>' in page
    assert '<button type="submit" class="button button-primary">Sett meg på ventelisten</button>' in form
