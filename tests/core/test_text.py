"""Single-line text: one rule (`app.core.text.one_line`), applied where it is stored (the `OneLine` column type)."""
from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from app.core.text import one_line
from app.extensions import db
from app.models import ProgramNotice, Registration, Session
from app.models.types import OneLine
from tests.registration.conftest import FormClient, manage_path, valid_form
from tests.speakers.conftest import csrf, portal, sign_in  # noqa: F401 - fixtures

INJECTED = "Verksted i ledelse\nBcc: victim@evil.example"


@pytest.mark.parametrize(("raw", "expected"), [
    (INJECTED, "Verksted i ledelse Bcc: victim@evil.example"),
    ("Kari\r\nBcc: x@evil.example", "Kari Bcc: x@evil.example"),
    ("a\u2028b\u2029c\x85d", "a b c d"),  # line and paragraph separators, NEL
    ("  tab\tand\x00nul\x1b[31m  ", "tab and nul [31m"),
    ("Ánne Čđŋšŧž Sámi", "Ánne Čđŋšŧž Sámi"),
    ("", ""),
    (None, None),
])
def test_one_line_turns_breaks_and_controls_into_one_space(raw, expected):
    assert one_line(raw) == expected


def test_the_titles_names_and_rooms_of_every_model_are_one_line_columns():
    columns = {f"{c.table.name}.{c.name}" for t in db.metadata.sorted_tables for c in t.columns
               if isinstance(c.type, OneLine)}
    expected = {
        "events.title", "events.theme", "events.contact_name", "tracks.name", "sessions.title",
        "speakers.name", "speakers.title", "speakers.organisation", "users.name",
        "venues.name", "venues.address", "venues.city", "rooms.name",
        "registrations.first_name", "registrations.last_name", "registrations.organisation",
        "registrations.job_title", "program_notices.old_title", "program_notices.new_title",
        "program_notices.old_room", "program_notices.new_room", "outbox_messages.subject",
    }
    assert expected <= columns, sorted(expected - columns)


def test_a_title_with_a_line_break_from_the_speaker_portal_is_stored_as_one_line(app, client, portal, sign_in):  # noqa: F811
    sign_in(portal.anna)
    path = f"/speaker/sessions/{portal.talk.id}"
    response = client.post(path, data={"csrf_token": csrf(client, path), "title": INJECTED,
                                       "abstract": "Om ledelse.", "description": "", "technical_needs": ""})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Session, portal.talk.id).title == "Verksted i ledelse Bcc: victim@evil.example"
        notice = db.session.scalars(select(ProgramNotice)).one()
        assert notice.new_title == "Verksted i ledelse Bcc: victim@evil.example"


def test_a_name_with_a_line_break_through_the_registration_form_is_stored_as_one_line(app, client, make):
    event = make.event()
    response = FormClient(client).register(event.slug, valid_form(
        first_name="Kari\r\nBcc: victim@evil.example", organisation="Lillehammer\u2028kulturskole"))
    manage_path(response)
    with app.app_context():
        registration = db.session.scalars(select(Registration)).one()
        assert (registration.first_name, registration.organisation) == (
            "Kari Bcc: victim@evil.example", "Lillehammer kulturskole")


def test_a_core_insert_is_normalised_too(app, make):
    """The registration hot path writes with Core INSERTs: the column type applies there as well."""
    event = make.event()
    with app.app_context():
        session_id = db.session.execute(insert(Session.__table__).values(
            event_id=event.id, title="Pause\r\nX-Evil: 1", abstract="", description="", kind="break",
            starts_at=event.starts_at, ends_at=event.starts_at, status="scheduled", revision=0,
        ).returning(Session.__table__.c.id)).scalar_one()
        db.session.commit()
        assert db.session.get(Session, session_id).title == "Pause X-Evil: 1"


def test_a_form_validates_what_will_be_stored_a_name_of_control_characters_is_empty(app, client, portal, sign_in):  # noqa: F811
    """Every form's single-line fields pass through `one_line` before validation (app/core/forms.py)."""
    sign_in(portal.anna)
    response = client.post("/speaker/profile", data={"csrf_token": csrf(client, "/speaker/profile"),
                                                      "name": "\x07\x1b\x08", "bio": "Ny bio."})
    assert response.status_code == 400 and "Skriv inn navnet ditt." in response.get_data(as_text=True)
    with app.app_context():
        from app.models import Speaker

        assert db.session.get(Speaker, portal.anna.id).name == "Anna Aas"
