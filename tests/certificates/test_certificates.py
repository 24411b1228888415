"""Kursbevis: issued in a batch after the event, a real PDF (text by pypdf, QR by zxing-cpp), the public
verification page, and who gets one when check-in was used."""
from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from app.certificates import service
from app.core import clock, tokens
from app.extensions import db
from app.models import Certificate, Checkin, EventRole, SessionKind
from tests.checkin.helpers import cancel, decode_qr, enrol, render_pages
from tests.factories import csrf_from

SAMI = dict(first_name="Ánde", last_name="Ŋuorra-Đávvet", organisation="Guovdageaidnu kulturskole")


def _programme(make, event):
    start = event.starts_at
    opening = make.session(event, title="Åpning", starts_at=start, ends_at=start + timedelta(hours=1))
    a = make.session(event, title="Verksted: Ledelse i kulturskolen", kind=SessionKind.WORKSHOP, capacity=20,
                     starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=2, minutes=30))
    b = make.session(event, title="Verksted: Økonomi", kind=SessionKind.WORKSHOP, capacity=20,
                     starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=2, minutes=30))
    make.session(event, title="Lunsj", kind=SessionKind.MEAL, starts_at=start + timedelta(hours=2, minutes=30),
                 ends_at=start + timedelta(hours=3, minutes=15))
    closing = make.session(event, title="Avslutning", starts_at=start + timedelta(hours=3, minutes=15),
                           ends_at=start + timedelta(hours=4))
    return opening, a, b, closing


def _issue(client, login, make, event):
    login(make.user(EventRole.ORGANISER, events=[event]).email)
    assert client.get(f"/admin/events/{event.slug}/certificates").status_code == 200
    form = client.get(f"/admin/events/{event.slug}/settings").get_data(as_text=True)
    response = client.post(f"/admin/events/{event.slug}/certificates", data={"csrf_token": csrf_from(form)})
    assert response.status_code == 303
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _codes(app) -> dict[int, str]:
    with app.app_context():
        rows = db.session.scalars(select(Certificate)).all()
        found = {c.registration_id: service.code(c) for c in rows}
        db.session.remove()
    return found


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_after_the_event_the_organiser_issues_and_the_participant_downloads_a_verifiable_pdf(
        app, client, make, login, frozen_now):
    venue = make.venue(name="Clarion Hotel Oslo")
    event = make.event(title="Lederkonferansen 2027", venue_id=venue.id)
    opening, a, b, closing = _programme(make, event)
    ande = enrol(app, event, 1, sessions=[a.id], **SAMI)
    kari = enrol(app, event, 2, sessions=[b.id], first_name="Kari", last_name="Nordmann")
    gone = enrol(app, event, 3, first_name="Per", last_name="Borte")
    cancel(app, gone)
    frozen_now(event.ends_at + timedelta(days=1))

    html = _issue(client, login, make, event)
    assert "2 nye kursbevis er utstedt." in html
    codes = _codes(app)
    assert set(codes) == {ande.id, kari.id}
    code = codes[ande.id]
    assert len(code) == 22 and set(code) <= set(tokens.ALPHABET) and tokens.bits(len(code)) >= 96
    # Issuing again adds nobody.
    assert "0 nye kursbevis er utstedt." in _issue(client, login, make, event)
    assert _codes(app) == codes

    response = client.get(f"/me/{ande.token}/certificate.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = _text(response.data)
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    assert "Kursbevis" in text
    assert "Ánde Ŋuorra-Đávvet" in text
    assert "Lederkonferansen 2027" in text
    with app.test_request_context():
        dates = clock.date_range_label(event.starts_at, event.ends_at)
    assert f"{dates}, Clarion Hotel Oslo" in lines
    day = clock.day_month(event.starts_at)
    assert f"{day} 09:00–10:00 Åpning" in lines
    assert f"{day} 10:00–11:30 Verksted: Ledelse i kulturskolen" in lines
    assert f"{day} 12:15–13:00 Avslutning" in lines
    assert "Verksted: Økonomi" not in text and "Lunsj" not in text
    assert "Til sammen: 3 timer" in lines  # 1 + 1,5 + 0,75 hours, in whole half hours
    assert f"Kontrollkode: {code}" in lines

    [page] = render_pages(response.data, dpi=150)
    [qr] = decode_qr(page)
    assert qr.text == f"http://samling.test/verify/{code}"

    verify = client.get(f"/verify/{code}")
    assert verify.status_code == 200
    shown = verify.get_data(as_text=True)
    assert "Kursbeviset er ekte" in shown
    assert "Ánde Ŋuorra-Đávvet" in shown and "Lederkonferansen 2027" in shown
    assert "Guovdageaidnu" not in shown and "@example" not in shown and "Verksted" not in shown
    unknown = client.get("/verify/ACDEFGHJKMNPQRTWXY3467")
    assert unknown.status_code == 404
    assert "Fant ikke kursbeviset" in unknown.get_data(as_text=True)

    manage = client.get(f"/me/{kari.token}").get_data(as_text=True)
    assert f"/me/{kari.token}/certificate.pdf" in manage
    not_issued = client.get(f"/me/{gone.token}/certificate.pdf")
    assert not_issued.status_code == 200
    assert "Kursbeviset er ikke klart" in not_issued.get_data(as_text=True)
    assert f"/me/{gone.token}/certificate.pdf" not in client.get(f"/me/{gone.token}").get_data(as_text=True)


def _check_in(app, event, registration_id, session_id=None):
    with app.app_context():
        db.session.add(Checkin(event_id=event.id, registration_id=registration_id, session_id=session_id,
                               scanned_at=event.starts_at))
        db.session.commit()
        db.session.remove()


def test_where_check_in_was_used_only_those_checked_in_get_one_with_the_sessions_they_were_scanned_into(
        app, client, make, login, frozen_now):
    event = make.event(title="Regionsamling Nord")
    opening, a, b, closing = _programme(make, event)
    here = enrol(app, event, 1, sessions=[a.id], first_name="Sara", last_name="Mikkelsen")
    away = enrol(app, event, 2, sessions=[a.id], first_name="Ola", last_name="Hjemme")
    _check_in(app, event, here.id)
    _check_in(app, event, here.id, b.id)  # went to the other workshop than she chose
    frozen_now(event.ends_at + timedelta(hours=1))

    assert "1 nytt kursbevis er utstedt." in _issue(client, login, make, event)
    assert set(_codes(app)) == {here.id}
    text = _text(client.get(f"/me/{here.token}/certificate.pdf").data)
    assert "Verksted: Økonomi" in text
    assert "Åpning" not in text and "Ledelse i kulturskolen" not in text
    assert "Til sammen: 1,5 timer" in text
    assert "Kursbeviset er ikke klart" in client.get(f"/me/{away.token}/certificate.pdf").get_data(as_text=True)
    client.get("/lang/en")  # the kursbevis is bokmål whatever the page's language, like the badge
    assert "Til sammen: 1,5 timer" in _text(client.get(f"/me/{here.token}/certificate.pdf").data)
    assert "The certificate is not ready" in client.get(f"/me/{away.token}/certificate.pdf").get_data(as_text=True)


def test_before_the_event_is_over_nothing_is_issued_and_lesetilgang_sees_no_button(app, client, make, login):
    event = make.event()
    enrol(app, event, 1)
    html = _issue(client, login, make, event)
    assert "Kursbevis kan utstedes når arrangementet er over." in html
    assert _codes(app) == {}

    client.post("/logout", data={"csrf_token": csrf_from(client.get(f"/admin/events/{event.slug}/settings")
                                                         .get_data(as_text=True))})
    login(make.user(EventRole.VIEWER, events=[event]).email)
    page = client.get(f"/admin/events/{event.slug}/certificates")
    assert page.status_code == 200
    assert "Utsted kursbevis" not in page.get_data(as_text=True)  # its POST answers 403 (the access table)


def test_hours_count_overlapping_sessions_once_in_whole_half_hours(app):
    from app.certificates.render import hours_label

    nine = datetime(2027, 4, 14, 7, 0, tzinfo=UTC)
    sessions = [service.Attended("A", nine, nine + timedelta(hours=1)),
                service.Attended("B", nine + timedelta(minutes=30), nine + timedelta(hours=1, minutes=30)),
                service.Attended("C", nine + timedelta(hours=3), nine + timedelta(hours=3, minutes=50))]
    assert service.minutes(sessions) == 90 + 50
    with app.test_request_context():
        assert hours_label(service.minutes(sessions)) == "2 timer"
        assert hours_label(60) == "1 time"
        assert hours_label(89) == "1 time"
        assert hours_label(90) == "1,5 timer"
