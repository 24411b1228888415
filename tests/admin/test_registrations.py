"""Registrations in the back office: search, filters, paging with a bounded number of queries, and the
organiser's changes (through the registration service) audited in the same transaction."""
import json
import re

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import (
    AuditEntry,
    Checkin,
    ChoiceStatus,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    SessionChoice,
    SessionKind,
    YearsBand,
)
from app.registration import service
from tests.conftest import count_queries, utc
from tests.factories import applicant

PEOPLE = [  # (key, first, last, organisation, kommune, years)
    ("oystein", "Øystein", "Ås", "Lillehammer kulturskole", "3405", YearsBand.GT10),
    ("aile", "Áile", "Gaup", "Kárášjoga kulturskole", "5501", YearsBand.LT1),
    ("kari", "Kari", "Nordmann", "Oslo kulturskole", "0301", YearsBand.Y4_6),
    ("per", "Per", "Hansen", "Tromsø kulturskole", "5501", YearsBand.Y4_6),
]


@pytest.fixture
def setup(app, make):
    event = make.event(capacity=3)
    ws = make.session(event, title="Verksted A", kind=SessionKind.WORKSHOP, capacity=10)
    ids = {}
    with app.app_context():
        for key, first, last, org, kommune, years in PEOPLE:
            with transaction():
                ids[key] = service.register(event.id, applicant(key, first_name=first, last_name=last, organisation=org,
                                                                municipality_number=kommune, years_as_leader=years),
                                            [ws.id] if key in ("aile", "per") else []).id
        db.session.add(Checkin(event_id=event.id, registration_id=ids["kari"], scanned_at=clock.now()))
        db.session.add(Checkin(event_id=event.id, registration_id=ids["oystein"], scanned_at=clock.now(),
                               undone_at=clock.now()))
        db.session.commit()
    return event, ws, ids


def names(html):
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r'registrations/\d+">([^<]+)</a>', body)


def test_the_list_searches_and_filters(admin, setup):
    event, ws, _ids = setup
    url = f"/admin/events/{event.slug}/registrations"
    assert names(admin.html(url)) == ["Gaup, Áile", "Hansen, Per", "Nordmann, Kari", "Ås, Øystein"]
    assert "Viser 1–4 av 4 påmeldinger" in admin.html(url)
    assert names(admin.html(url + "?q=øy")) == ["Ås, Øystein"]  # not ASCII, any case
    assert names(admin.html(url + "?q=ØYSTEIN")) == ["Ås, Øystein"]
    assert names(admin.html(url + "?q=kárášjoga")) == ["Gaup, Áile"]
    assert names(admin.html(url + "?q=kari%20nordmann")) == ["Nordmann, Kari"]
    assert names(admin.html(url + "?q=deltakerper@")) == ["Hansen, Per"]
    assert names(admin.html(url + "?q=50%25")) == []  # a literal %, not a wildcard
    assert names(admin.html(url + "?status=waitlisted")) == ["Hansen, Per"]
    assert names(admin.html(url + "?status=confirmed")) == ["Gaup, Áile", "Nordmann, Kari", "Ås, Øystein"]
    assert names(admin.html(url + "?kommune=5501")) == ["Gaup, Áile", "Hansen, Per"]
    assert names(admin.html(url + "?county=34")) == ["Ås, Øystein"]
    assert names(admin.html(url + "?years=4-6")) == ["Hansen, Per", "Nordmann, Kari"]
    assert names(admin.html(url + f"?session={ws.id}")) == ["Gaup, Áile", "Hansen, Per"]
    assert names(admin.html(url + "?checked_in=yes")) == ["Nordmann, Kari"]  # an undone check-in is not one
    assert names(admin.html(url + "?checked_in=no&years=4-6")) == ["Hansen, Per"]
    # Nonsense in the query string is ignored, not an error.
    assert names(admin.html(url + "?status=tull&years=99&session=abc&per_page=7&page=x")) == names(admin.html(url))


def test_cancelled_registrations_are_listed_only_when_asked_for(admin, app, setup):
    event, _ws, ids = setup
    with app.app_context():
        with transaction():
            service.cancel(ids["kari"])
    url = f"/admin/events/{event.slug}/registrations"
    assert "Nordmann, Kari" not in names(admin.html(url))
    assert names(admin.html(url + "?status=cancelled")) == ["Nordmann, Kari"]
    assert len(names(admin.html(url + "?status=all"))) == 4


def test_paging_and_a_bounded_number_of_queries_whatever_the_page_size(app, admin, make):
    event = make.event(capacity=None)
    sessions = [make.session(event, kind=SessionKind.WORKSHOP, capacity=100, title=f"Verksted {i}",
                             starts_at=event.starts_at + i * (event.ends_at - event.starts_at) / 4) for i in range(3)]
    with app.app_context():
        for i in range(60):
            with transaction():
                service.register(event.id, applicant(f"{i:03d}", last_name=f"Etternavn{i:03d}"), [sessions[i % 3].id])
    url = f"/admin/events/{event.slug}/registrations"
    page2 = admin.html(url + "?per_page=25&page=2")
    assert names(page2)[0] == "Etternavn025, Deltaker025" and len(names(page2)) == 25
    assert "Viser 26–50 av 60 påmeldinger" in page2 and "Side 2 av 3" in page2
    assert 'href="/admin/events/' + event.slug + '/registrations?' in page2 and "page=3" in page2
    counts = []
    for size in (25, 100):
        with count_queries(app) as queries:
            response = admin.get(url + f"?per_page={size}&q=deltaker")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts


def test_edit_details_is_audited_with_old_and_new_values_in_the_same_transaction(app, admin, setup):
    event, _ws, ids = setup
    url = f"/admin/events/{event.slug}/registrations/{ids['kari']}"
    form = admin.html(url)
    assert 'value="Kari"' in form and 'value="Oslo kulturskole"' in form
    engine_statements = []

    def on_sql(_conn, _cursor, statement, *_args):
        engine_statements.append(statement.split()[0:3])

    def on_commit(_conn):
        engine_statements.append(["COMMIT"])

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", on_sql)
    sa_event.listen(engine, "commit", on_commit)
    try:
        response = admin.post(url, {"first_name": "Kari", "last_name": "Nordmann-Ås", "email": "kari@example.org",
                                    "organisation": "Oslo kulturskole", "kommune": "0301", "job_title": "Rektor",
                                    "years_as_leader": "7-10", "role": "participant", "health_consent": "y",
                                    "diet": ["vegetarian"]})
    finally:
        sa_event.remove(engine, "before_cursor_execute", on_sql)
        sa_event.remove(engine, "commit", on_commit)
    assert response.status_code == 303
    # The UPDATE of the registration and the INSERT of its audit entry are in one transaction.
    chunks, current = [], []
    for item in engine_statements:
        if item == ["COMMIT"]:
            chunks.append(current)
            current = []
        else:
            current.append(" ".join(item))
    [together] = [c for c in chunks if any(s.startswith("UPDATE registrations") for s in c)]
    assert any(s.startswith("INSERT INTO audit_entries") for s in together)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "registration"))
        changes = json.loads(entry.changes)
        reg = db.session.get(Registration, ids["kari"])
        assert (reg.last_name, reg.email, reg.diet) == ("Nordmann-Ås", "kari@example.org", "vegetarian")
    assert (entry.action, entry.actor_type, entry.event_id) == ("update", "administrator", event.id)
    assert changes["last_name"] == ["Nordmann", "Nordmann-Ås"]
    assert changes["email"] == ["deltakerkari@example.org", "kari@example.org"]
    assert changes["years_as_leader"] == ["4-6", "7-10"]
    assert changes["diet"] == [None, "<hidden>"] and "vegetarian" not in entry.changes  # health data is never logged
    assert set(changes) == {"last_name", "email", "years_as_leader", "diet", "health_consent_at"}


def test_a_refused_edit_is_not_logged_and_keeps_the_input(app, admin, setup):
    event, _ws, ids = setup
    url = f"/admin/events/{event.slug}/registrations/{ids['kari']}"
    response = admin.post(url, {"first_name": "Kari", "last_name": "Ny", "email": "deltakerper@example.org",
                                "role": "participant"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "allerede påmeldt" in html and 'value="Ny"' in html
    with app.app_context():
        assert db.session.scalar(select(AuditEntry)) is None


def test_cancel_confirm_from_waitlist_and_change_sessions(app, admin, setup):
    event, ws, ids = setup
    base = f"/admin/events/{event.slug}/registrations"
    assert "Gi plass (flytt fra venteliste)" in admin.html(f"{base}/{ids['per']}")
    assert admin.post(f"{base}/{ids['per']}/confirm").status_code == 303
    assert admin.post(f"{base}/{ids['aile']}/cancel").status_code == 303
    assert admin.post(f"{base}/{ids['kari']}/sessions", {"s-sessions": [str(ws.id)]}).status_code == 303
    bad = admin.post(f"{base}/{ids['kari']}/sessions", {"s-sessions": ["999999"]})
    assert bad.status_code == 303
    with app.app_context():
        per, aile = db.session.get(Registration, ids["per"]), db.session.get(Registration, ids["aile"])
        assert (per.status, aile.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.CANCELLED)
        assert [c.status for c in per.choices] == [ChoiceStatus.CONFIRMED]
        assert db.session.scalar(select(SessionChoice.status).where(
            SessionChoice.registration_id == ids["kari"])) == ChoiceStatus.CONFIRMED
        log = [(e.entity_id, e.action, json.loads(e.changes)) for e in db.session.scalars(
            select(AuditEntry).order_by(AuditEntry.id))]
        kinds = set(db.session.scalars(select(OutboxMessage.kind)))
    assert log[0] == (ids["per"], "confirm", {"status": ["waitlisted", "confirmed"], "waitlist_position": ["1", None],
                                              "sessions": ["Verksted A [pending]", "Verksted A"]})
    assert log[1][1] == "cancel" and log[1][2]["status"] == ["confirmed", "cancelled"]
    assert log[2] == (ids["kari"], "update", {"sessions": [None, "Verksted A"]})
    assert len(log) == 3  # the refused change logged nothing
    assert {"registration.promoted", "registration.cancelled", "registration.changed"} <= kinds


def test_register_someone_by_hand_even_after_registration_closed(app, admin, make, frozen_now):
    event = make.event()
    frozen_now(event.registration_closes_at + (event.starts_at - event.registration_closes_at) / 2)
    url = f"/admin/events/{event.slug}/registrations/new"
    assert "Meld på" in admin.html(url)
    response = admin.post(url, {"first_name": "Sigrid", "last_name": "Undset", "email": "Sigrid@Example.org",
                                "organisation": "Lillehammer kulturskole", "kommune": "3405", "role": "speaker"})
    assert response.status_code == 303
    with app.app_context():
        reg = db.session.scalar(select(Registration).where(Registration.email == "sigrid@example.org"))
        assert (reg.status.value, reg.role.value) == ("confirmed", "speaker")
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.entity_id, entry.action) == (reg.id, "create")
        assert json.loads(entry.changes)["first_name"] == [None, "Sigrid"]
    again = admin.post(url, {"first_name": "Sigrid", "last_name": "Undset", "email": "sigrid@example.org",
                             "role": "participant"})
    assert again.status_code == 400 and "allerede påmeldt" in again.get_data(as_text=True)


def test_another_events_registration_is_404(admin, setup, make):
    _event, _ws, ids = setup
    other = make.event()
    assert admin.get(f"/admin/events/{other.slug}/registrations/{ids['kari']}").status_code == 404
    assert admin.get(f"/admin/events/{other.slug}/registrations/99999").status_code == 404
    assert admin.get("/admin/events/finnes-ikke/registrations").status_code == 404


def test_a_session_just_after_midnight_in_oslo_is_listed_on_its_oslo_day(admin, make):
    """The back office's session choices showed the UTC day: 00:30 on New Year's Day was «31.12 00:30»."""
    event = make.event(starts_at=utc(2027, 12, 31, 17, 0), ends_at=utc(2028, 1, 1, 2, 0),
                       registration_closes_at=utc(2027, 12, 30, 12, 0))
    make.session(event, title="Nyttårsverksted", kind=SessionKind.WORKSHOP, capacity=10,
                 starts_at=utc(2027, 12, 31, 23, 30), ends_at=utc(2028, 1, 1, 0, 30))
    html = admin.get(f"/admin/events/{event.slug}/registrations/new").get_data(as_text=True)
    assert "01.01 00:30 Nyttårsverksted" in html
    assert "31.12 00:30" not in html
