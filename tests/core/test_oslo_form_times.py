"""Oslo times typed into the back office's forms on the two nights the clocks change: the skipped hour in March
is refused with a message saying so, the repeated hour in October is asked about — and nothing typed is lost."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.models import Event, UserRole
from tests.clients import signed_in
from tests.conftest import utc

FORM = {
    "title": "Ledersamling Nord 2027", "slug": "ledersamling-nord-2027", "kind": "regional",
    "starts_at": "2027-11-02T10:00", "ends_at": "2027-11-02T15:30", "venue_id": "", "capacity": "60",
    "fee_nok": "", "registration_opens_at": "2027-03-28T02:30", "registration_closes_at": "2027-10-31T02:30",
    "change_deadline": "", "speaker_deadline": "", "contact_name": "Áile Gaup", "contact_email": "",
    "theme": "", "description": "",
}


def _event(app):
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == FORM["slug"]))
        if event is not None:
            db.session.expunge(event)
        return event


def test_the_skipped_hour_is_refused_and_the_repeated_hour_asks_which(app, client, login, make):
    admin = signed_in(client, login, make.user(UserRole.ADMINISTRATOR).email)
    response = admin.post("/admin/events/new", FORM)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ("Klokkeslettet 02:30 finnes ikke 28.03.2027: da begynner sommertiden, og klokka stilles fram fra 02:00 "
            "til 03:00. Velg et klokkeslett før 02:00 eller fra 03:00.") in html
    assert ("Klokkeslettet 02:30 finnes to ganger 31.10.2027: da slutter sommertiden, og klokka stilles tilbake fra "
            "03:00 til 02:00. Velg under hvilket av dem du mener.") in html
    # What was typed is kept; only the October field offers the choice, neither option chosen for the user.
    assert 'value="2027-03-28T02:30"' in html and 'value="2027-10-31T02:30"' in html and 'value="Áile Gaup"' in html
    radios = re.findall(r'<input type="radio" id="registration_closes_at-fold-(\d)" name="registration_closes_at-fold" '
                        r'value="\d"( checked)?>', html)
    assert radios == [("0", ""), ("1", "")]
    assert "registration_opens_at-fold" not in html
    assert "<legend>Hvilket klokkeslett 02:30 mener du?</legend>" in html
    assert '<label for="registration_closes_at-fold-0">første (sommertid, +02:00)</label>' in html
    assert '<label for="registration_closes_at-fold-1">andre (normaltid, +01:00)</label>' in html
    assert _event(app) is None

    # Choosing the second 02:30 (standard time) and a time that exists in March saves both.
    response = admin.post("/admin/events/new", {**FORM, "registration_opens_at": "2027-03-28T03:30",
                                                "registration_closes_at-fold": "1"})
    assert response.status_code == 303, response.get_data(as_text=True)
    event = _event(app)
    assert event.registration_opens_at == utc(2027, 3, 28, 1, 30)
    assert event.registration_closes_at == utc(2027, 10, 31, 1, 30)

    # Editing later shows the stored second 02:30 with its choice already made, so saving again keeps it.
    edit = admin.get(f"/admin/events/{event.slug}/settings").get_data(as_text=True)
    assert ('<input type="radio" id="registration_closes_at-fold-1" name="registration_closes_at-fold" value="1" '
            'checked>') in edit
