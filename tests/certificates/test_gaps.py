"""Kursbevis beyond the first page and after issue: a long programme puts the QR and the footer on every page,
the batch e-mails each participant once («Kursbeviset ditt er klart», real SMTP), and a registration cancelled
after issue withdraws it (no download, /verify says so)."""
from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header

from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import OutboxMessage
from tests.certificates.test_certificates import _check_in, _codes, _issue, _text
from tests.checkin.helpers import cancel, decode_qr, enrol, render_pages
from tests.smtp import SmtpServer


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"]))).replace("\n", "")


def test_a_programme_longer_than_a_page_has_the_qr_and_the_footer_on_every_page(app, client, make, login,
                                                                                frozen_now):
    event = make.event(title="Sommerskolen for kulturskoleledere")
    for n in range(60):
        start = event.starts_at + timedelta(minutes=30 * n)
        make.session(event, title=f"Økt {n + 1}: Samtale om ledelse i kulturskolen", starts_at=start,
                     ends_at=start + timedelta(minutes=30))
    ande = enrol(app, event, 1, first_name="Ánde", last_name="Ŋuorra")
    frozen_now(event.ends_at + timedelta(days=1))
    _issue(client, login, make, event)
    [code] = _codes(app).values()

    pdf = client.get(f"/me/{ande.token}/certificate.pdf").data
    pages = render_pages(pdf, dpi=150)
    assert len(pages) == 3
    for page in pages:
        assert [qr.text for qr in decode_qr(page)] == [f"http://samling.test/verify/{code}"]
    text = _text(pdf)
    assert text.count(f"Kontrollkode: {code}") == 3
    assert text.count("Kontroller at kursbeviset er ekte:") == 3
    assert [f"Side {n} av 3" in text for n in (1, 2, 3)] == [True, True, True]
    assert text.count("Kursbevis for Ánde Ŋuorra (fortsatt)") == 2
    assert "Økt 1:" in text and "Økt 60:" in text
    assert "Til sammen: 30 timer" in text


def test_a_short_programme_stays_one_page_without_page_numbers(app, client, make, login, frozen_now):
    event = make.event()
    make.session(event, title="Åpning")
    one = enrol(app, event, 1)
    frozen_now(event.ends_at + timedelta(days=1))
    _issue(client, login, make, event)
    pdf = client.get(f"/me/{one.token}/certificate.pdf").data
    assert len(render_pages(pdf, dpi=72)) == 1
    assert "Side 1" not in _text(pdf)


def test_issuing_e_mails_each_participant_once_with_the_download_link(app, client, make, login, frozen_now, smtp):
    event = make.event(title="Regionsamling Nord")
    make.session(event, title="Åpning")
    ande = enrol(app, event, 1, first_name="Ánde", last_name="Ŋuorra", email="ande@example.org")
    kari = enrol(app, event, 2, first_name="Kari", email="kari@example.org")
    late = enrol(app, event, 3, first_name="Sen", email="sen@example.org")
    _check_in(app, event, ande.id)
    _check_in(app, event, kari.id)
    with app.app_context():
        deliver_due()
        db.session.remove()
    smtp.wait_for(3)
    frozen_now(event.ends_at + timedelta(days=1))
    assert "2 nye kursbevis er utstedt." in _issue(client, login, make, event)
    _check_in(app, event, late.id)  # her scan was missed at the door; the organiser checks her in afterwards
    _issue(client, login, make, event)  # again: only the new one is told
    with app.app_context():
        deliver_due()
        kinds = db.session.query(OutboxMessage.to_address, OutboxMessage.kind).filter(
            OutboxMessage.kind == "certificate.ready").order_by(OutboxMessage.id).all()
        db.session.remove()
    assert sorted(tuple(k) for k in kinds) == [("ande@example.org", "certificate.ready"),
                                         ("kari@example.org", "certificate.ready"),
                                         ("sen@example.org", "certificate.ready")]
    messages = smtp.wait_for(6)
    ready = {m["To"]: m for m in messages if _subject(m) == "Kursbeviset ditt er klart: Regionsamling Nord"}
    assert sorted(ready) == ["ande@example.org", "kari@example.org", "sen@example.org"]
    assert len(messages) == 6  # 3 confirmations, 3 kursbevis e-mails: nobody twice
    body = SmtpServer.text_of(ready["ande@example.org"])
    assert "Hei Ánde!" in body
    assert f"http://samling.test/me/{ande.token}/certificate.pdf" in body
    assert f"http://samling.test/me/{kari.token}/certificate.pdf" in SmtpServer.text_of(ready["kari@example.org"])
    assert f"http://samling.test/me/{late.token}/certificate.pdf" in SmtpServer.text_of(ready["sen@example.org"])


def test_a_registration_cancelled_after_issue_withdraws_its_certificate(app, client, make, login, frozen_now):
    event = make.event(title="Lederkonferansen 2027", contact_email="kurs@example.org")
    make.session(event, title="Åpning")
    ande = enrol(app, event, 1, first_name="Ánde", last_name="Ŋuorra")
    frozen_now(event.ends_at + timedelta(days=1))
    _issue(client, login, make, event)
    [code] = _codes(app).values()
    assert client.get(f"/me/{ande.token}/certificate.pdf").status_code == 200

    cancel(app, ande)
    response = client.get(f"/me/{ande.token}/certificate.pdf")
    assert response.status_code == 410
    shown = response.get_data(as_text=True)
    assert "Kursbeviset er trukket tilbake" in shown
    assert "ble avmeldt etter at kursbeviset ble utstedt" in shown and "kurs@example.org" in shown
    assert f"/me/{ande.token}/certificate.pdf" not in client.get(f"/me/{ande.token}").get_data(as_text=True)
    verify = client.get(f"/verify/{code}")
    assert verify.status_code == 200
    page = verify.get_data(as_text=True)
    assert "Kursbeviset er trukket tilbake" in page and "Kursbeviset er ekte" not in page
    assert "Ánde Ŋuorra" in page
