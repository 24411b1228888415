"""The manage page /me/<token>: status, choices, changes until the deadline, cancel, consent, my data."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import ChoiceStatus, OutboxMessage, Registration, RegistrationStatus, SessionChoice, SessionKind
from app.registration import links, service
from tests.factories import applicant
from tests.registration.conftest import errors_of, valid_form
from tests.smtp import SmtpServer


@pytest.fixture
def event_with_workshops(make):
    event = make.event(capacity=1, contact_email="post@example.org")
    start = event.starts_at + timedelta(hours=3)
    a = make.session(event, title="Verksted A", kind=SessionKind.WORKSHOP, capacity=1, starts_at=start)
    b = make.session(event, title="Verksted B", kind=SessionKind.WORKSHOP, capacity=5, starts_at=start)
    return event, a, b


def _register(app, event, n, sessions=(), **kw) -> tuple[int, str]:
    with app.app_context():
        with transaction():
            reg = service.register(event.id, applicant(n, **kw), [s.id for s in sessions])
        return reg.id, "/me/" + links.manage_token(reg)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _reg(app, reg_id) -> Registration:
    with app.app_context():
        reg = db.session.get(Registration, reg_id)
        reg.choices  # noqa: B018
        db.session.expunge(reg)
        return reg


def test_an_unknown_or_malformed_token_is_404(client):
    assert client.get("/me/ACDEFGHJKMNPQRTWXY346799").status_code == 404
    assert client.get("/me/" + "A" * 200).status_code == 404
    assert client.get("/me/ACDEFGHJKMNPQRTWXY346799/data.json").status_code == 404


def test_the_page_shows_status_and_each_choice_with_its_own_queue_position(app, client, event_with_workshops):
    event, a, b = event_with_workshops
    _first, first_path = _register(app, event, 1, [a])
    _second, second_path = _register(app, event, 2, [a])  # event full: waiting list 1, choice pending
    page = _text(client.get(first_path).get_data(as_text=True))
    assert "Du er påmeldt" in page and "Deltaker1 Nordmann, du har plass på" in page
    assert "Verksted A" in page and "Du har plass" in page
    waiting = _text(client.get(second_path).get_data(as_text=True))
    assert "Du står som nummer 1 på ventelisten" in waiting
    assert "Venter på plass på arrangementet" in waiting
    # The capacity raised: the second gets the event seat and queues for the full workshop; a third
    # with room in the event queues behind them.
    with app.app_context():
        from dataclasses import replace

        from app.audit.log import SYSTEM
        from app.models import Event
        from app.program import events
        with transaction():
            events.update_event(event.id, replace(events.draft_of(db.session.get(Event, event.id)), capacity=10), SYSTEM)
    waiting = _text(client.get(second_path).get_data(as_text=True))
    assert "Du er påmeldt" in waiting and "Nummer 1 på ventelisten" in waiting
    _third, third_path = _register(app, event, 3, [a])
    third = _text(client.get(third_path).get_data(as_text=True))
    assert "Nummer 2 på ventelisten" in third  # the session's queue, not the event's
    assert "Du kan endre eller melde deg av fram til" in third
    assert client.get(third_path).headers["Cache-Control"] == "private, no-cache"
    assert '<meta name="robots" content="noindex">' in client.get(third_path).get_data(as_text=True)


def test_changing_a_workshop_frees_the_seat_for_the_next_in_line(app, forms, event_with_workshops, make):
    event, a, b = event_with_workshops
    with app.app_context():
        from app.models import Event
        db.session.get(Event, event.id).capacity = 10
        db.session.commit()
    first, path = _register(app, event, 1, [a])
    second, _ = _register(app, event, 2, [a])
    response = forms.post(path + "/sessions", {"sessions": [str(b.id)]}, token_from=path)
    assert response.status_code == 303 and response.headers["Location"] == path + "#choices"
    page = forms.client.get(path).get_data(as_text=True)
    assert "Valgene dine er lagret. Vi sender en bekreftelse på e-post." in page
    with app.app_context():
        choices = {(c.registration_id, c.session_id): c.status for c in db.session.scalars(select(SessionChoice))}
        kinds = list(db.session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)))
    assert choices == {(first, b.id): ChoiceStatus.CONFIRMED, (second, a.id): ChoiceStatus.CONFIRMED}
    assert kinds[-3:] == ["registration.session_promoted", "registration.changed", "registration.sessions_dropped"]


def test_overlapping_or_forged_choices_on_the_manage_page_are_refused(app, forms, event_with_workshops, make):
    event, a, b = event_with_workshops
    reg_id, path = _register(app, event, 1, [a])
    response = forms.post(path + "/sessions", {"sessions": [str(a.id), str(b.id)]}, token_from=path)
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True)) == [
        "Du kan bare velge én sesjon om gangen: «Verksted A» og «Verksted B» går samtidig. Velg én av dem."]
    foreign = make.session(make.event(), kind=SessionKind.WORKSHOP)
    response = forms.post(path + "/sessions", {"sessions": [str(foreign.id)]}, token_from=path)
    assert response.status_code == 400
    assert [c.session_id for c in _reg(app, reg_id).choices] == [a.id]


def test_changing_details_keeps_the_role_and_checks_the_fields(app, forms, make):
    from app.models import ParticipantRole

    event = make.event(fee_nok=900)
    reg_id, path = _register(app, event, 1, role=ParticipantRole.SPEAKER, invoice_org_number="974760673")
    page = forms.client.get(path + "/details").get_data(as_text=True)
    assert 'value="Deltaker1"' in page and 'value="974760673"' in page
    bad = forms.post(path + "/details", valid_form(email="nei", invoice_org_number="974760673"), token_from=path + "/details")
    assert bad.status_code == 400
    assert errors_of(bad.get_data(as_text=True)) == ["Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."]
    good = forms.post(path + "/details", valid_form(first_name="Marit", email="marit@example.org", phone="91234567",
                                                    invoice_org_number="971526920", health_consent="y",
                                                    diet=["vegan"]), token_from=path + "/details")
    assert good.status_code == 303 and good.headers["Location"] == path + "#details"
    reg = _reg(app, reg_id)
    assert (reg.first_name, reg.email, reg.phone, reg.invoice_org_number, reg.diet, reg.role) == (
        "Marit", "marit@example.org", "91234567", "971526920", "vegan", ParticipantRole.SPEAKER)


def test_another_registrations_email_cannot_be_taken(app, forms, make):
    event = make.event()
    _register(app, event, 2)
    reg_id, path = _register(app, event, 1)
    response = forms.post(path + "/details", valid_form(email="deltaker2@example.org"), token_from=path + "/details")
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True)) == [f"Denne e-postadressen er allerede påmeldt {event.title}."]
    assert _reg(app, reg_id).email == "deltaker1@example.org"


def test_after_the_change_deadline_the_page_is_read_only_and_says_so(app, forms, event_with_workshops):
    event, a, b = event_with_workshops
    reg_id, path = _register(app, event, 1, [a])
    clock.set_now(event.change_deadline + timedelta(minutes=1))
    page = _text(forms.client.get(path).get_data(as_text=True))
    assert "Fristen for å endre eller melde seg av gikk ut" in page and "Påmeldingen kan bare leses nå." in page
    assert "post@example.org" in page
    assert "Lagre valgene" not in page and "Endre opplysningene" not in page and "Meld meg av" not in page
    token = forms.token(f"/events/{event.slug}")
    response = forms.client.post(path + "/sessions", data={"sessions": [str(b.id)], "csrf_token": token})
    assert response.status_code == 303
    assert "Fristen for å endre eller melde seg av gikk ut" in forms.client.get(path).get_data(as_text=True)
    assert forms.client.get(path + "/details").status_code == 303
    assert forms.client.post(path + "/cancel", data={"csrf_token": token}).status_code == 303
    reg = _reg(app, reg_id)
    assert reg.status == RegistrationStatus.CONFIRMED and [c.session_id for c in reg.choices] == [a.id]


def test_cancelling_asks_first_then_frees_the_seat(app, forms, event_with_workshops):
    event, a, _b = event_with_workshops
    first, path = _register(app, event, 1, [a])
    second, _ = _register(app, event, 2, [a])
    confirm = forms.client.get(path + "/cancel")
    assert confirm.status_code == 200
    text = _text(confirm.get_data(as_text=True))
    assert f"Vil du melde deg av {event.title}?" in text and "Ja, meld meg av" in text
    assert _reg(app, first).status == RegistrationStatus.CONFIRMED  # nothing happened yet
    response = forms.post(path + "/cancel", token_from=path + "/cancel")
    assert response.status_code == 303 and response.headers["Location"] == path
    page = _text(forms.client.get(path).get_data(as_text=True))
    assert f"Du er meldt av {event.title}." in page and "Du er meldt av" in page
    assert "Meld deg på igjen" in page
    assert _reg(app, first).status == RegistrationStatus.CANCELLED
    promoted = _reg(app, second)
    assert promoted.status == RegistrationStatus.CONFIRMED
    assert [(c.session_id, c.status) for c in promoted.choices] == [(a.id, ChoiceStatus.CONFIRMED)]


def test_withdrawing_health_consent_deletes_those_fields(app, forms, make):
    event = make.event()
    reg_id, path = _register(app, event, 1, health_consent=True, diet=("vegan", "nuts"), diet_other="Sesam",
                             accessibility_needs="Teleslynge")
    page = _text(forms.client.get(path).get_data(as_text=True))
    assert "Vegansk, Nøtter og peanøtter" in page and "Sesam" in page and "Teleslynge" in page
    response = forms.post(path + "/health/withdraw", token_from=path)
    assert response.status_code == 303
    reg = _reg(app, reg_id)
    assert (reg.health_consent_at, reg.diet, reg.diet_other, reg.accessibility_needs) == (None, "", "", "")
    page = _text(forms.client.get(path).get_data(as_text=True))
    assert "Samtykket er trukket, og opplysningene om kosthold, allergier og tilrettelegging er slettet." in page
    assert "Sesam" not in page


def test_my_data_is_everything_stored_about_me(app, client, make):
    event = make.event(slug="lk-2030", title="Lederkonferansen 2030")
    ws = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, capacity=5)
    reg_id, path = _register(app, event, 1, [ws], phone="912 34 567", health_consent=True, diet=("gluten",),
                             diet_other="Cøliaki", accessibility_needs="Rullestol", invoice_org_number="974760673",
                             invoice_reference="Ref 7")
    response = client.get(path + "/data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="mine-data-lk-2030.json"'
    data = json.loads(response.get_data(as_text=True))
    assert data["event"] == {"slug": "lk-2030", "title": "Lederkonferansen 2030",
                             "starts_at": clock.oslo(event.starts_at).isoformat(),
                             "ends_at": clock.oslo(event.ends_at).isoformat()}
    assert data["person"] == {"first_name": "Deltaker1", "last_name": "Nordmann", "email": "deltaker1@example.org",
                              "phone": "912 34 567", "organisation": "Eksempel kulturskole", "job_title": "Rektor",
                              "kommune": {"number": "0301", "name": "Oslo - Oslove"}, "years_as_leader": "4-6",
                              "school_size": None}
    assert data["invoice"] == {"org_number": "974760673", "reference": "Ref 7"}
    assert data["health"]["diet"] == [{"code": "gluten", "label": "Glutenfri"}]
    assert (data["health"]["diet_other"], data["health"]["accessibility_needs"]) == ("Cøliaki", "Rullestol")
    assert data["health"]["consent_given_at"] is not None
    assert data["registration"]["status"] == "confirmed" and data["registration"]["id"] == reg_id
    assert [(s["title"], s["status"]) for s in data["sessions"]] == [("Verksted", "confirmed")]
    assert [(m["kind"], m["to"], m["status"]) for m in data["emails"]] == [
        ("registration.confirmed", "deltaker1@example.org", "queued")]
    assert "Du er påmeldt Lederkonferansen 2030" in data["emails"][0]["text"]
    assert data["checkins"] == [] and data["history"] == []
    flat = json.dumps(data)
    with app.app_context():
        reg = db.session.get(Registration, reg_id)
        assert reg.manage_token_hash not in flat and reg.manage_salt not in flat


# --- 'send me my link again' -----------------------------------------------------------------------

def test_the_event_page_offers_to_resend_the_link(client, make):
    event = make.event()
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert f'action="/events/{event.slug}/resend-link"' in html
    assert 'name="csrf_token"' in html and 'id="resend-email" name="email" autocomplete="email"' in html


def test_resending_gives_the_same_answer_for_known_and_unknown_addresses(app, forms, make, smtp):
    event = make.event()
    _register(app, event, 1)
    answers = []
    for address in ("Deltaker1@example.org", "ukjent@example.org"):
        response = forms.post(f"/events/{event.slug}/resend-link", {"email": address}, token_from=f"/events/{event.slug}")
        assert response.status_code == 303 and response.headers["Location"] == f"/events/{event.slug}"
        page = _text(forms.client.get(f"/events/{event.slug}").get_data(as_text=True))
        answers.append(page.replace(address, "ADDRESS"))
    assert answers[0] == answers[1]
    assert "Hvis ADDRESS er påmeldt" in answers[0]
    with app.app_context():
        from app.mail.outbox import deliver_due
        messages = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "registration.link")))
        assert [m.to_address for m in messages] == ["deltaker1@example.org"]
        deliver_due()
        reg = db.session.scalar(select(Registration))
        link = links.manage_url(reg)
    received = [SmtpServer.text_of(m) for m in smtp.wait_for(2)]
    asked = [text for text in received if "Du ba om lenken til påmeldingen din" in text]
    assert len(asked) == 1 and link in asked[0]


def test_resend_with_a_bad_address_explains(app, forms, make):
    event = make.event()
    response = forms.post(f"/events/{event.slug}/resend-link", {"email": "nei"}, token_from=f"/events/{event.slug}")
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True)) == ["Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."]


def test_resending_is_rate_limited_per_address(app, forms, make, rate_limits):
    event = make.event()
    _register(app, event, 1)
    token = forms.token(f"/events/{event.slug}")
    url = f"/events/{event.slug}/resend-link"
    same = [forms.client.post(url, data={"email": "deltaker1@example.org", "csrf_token": token}).status_code
            for _ in range(4)]
    assert same == [303, 303, 303, 429]
    with app.app_context():
        sent = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "registration.link")).all()
        assert len(sent) == 3


def test_resending_is_rate_limited_per_client(forms, make, rate_limits):
    event = make.event()
    token = forms.token(f"/events/{event.slug}")
    url = f"/events/{event.slug}/resend-link"
    statuses = [forms.client.post(url, data={"email": f"x{i}@example.org", "csrf_token": token}).status_code
                for i in range(6)]
    assert statuses == [303] * 5 + [429]


def test_after_the_event_without_a_deadline_nothing_can_be_changed_and_nothing_breaks(app, forms, make):
    event = make.event(change_deadline=None, contact_email="post@example.org")
    reg_id, path = _register(app, event, 1)
    clock.set_now(event.ends_at + timedelta(days=1))
    page = _text(forms.client.get(path).get_data(as_text=True))
    assert "Meld meg av" not in page and "Endre opplysningene" not in page
    token = forms.token(f"/events/{event.slug}")
    assert forms.client.post(path + "/cancel", data={"csrf_token": token}).status_code == 303
    assert "Påmeldingen kan ikke endres lenger. Ta kontakt med post@example.org" in forms.client.get(path).get_data(
        as_text=True)
    assert forms.client.get(path + "/details").status_code == 303
    assert _reg(app, reg_id).status == RegistrationStatus.CONFIRMED
