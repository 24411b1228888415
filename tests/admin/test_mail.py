"""Bulk e-mail to the filtered registrations (preview first, sent once) and the outbox with its resend."""
import re

from sqlalchemy import func, select

from app.core.transaction import transaction
from app.extensions import db
from app.mail.outbox import MAX_ATTEMPTS, deliver_due
from app.models import AuditEntry, OutboxMessage, OutboxStatus
from app.registration import service
from tests.factories import applicant
from tests.smtp import SmtpServer


def test_preview_then_send_to_the_filtered_set_once(app, admin, make, smtp):
    event = make.event(title="Regional samling Nord")
    with app.app_context():
        with transaction():
            service.register(event.id, applicant("a", first_name="Áile", municipality_number="5501"))
        with transaction():
            service.register(event.id, applicant("b", first_name="Bjørn", municipality_number="5501"))
        with transaction():
            service.register(event.id, applicant("c", first_name="Cecilie", municipality_number="0301"))
        deliver_due()
    smtp.wait_for(3)
    url = f"/admin/events/{event.slug}/mail?kommune=5501"
    page = admin.html(url)
    assert "Meldingen går til 2 påmeldinger som passer filtrene i listen." in page
    batch = re.search(r'name="batch" type="hidden" value="([0-9a-f]+)"', page).group(1)
    message = {"subject": "Praktisk informasjon", "body": "Hei {fornavn}!\r\n\r\nVi møtes i Tromsø kulturhus.",
               "batch": batch}

    preview = admin.post(url, {**message, "action": "preview"}).get_data(as_text=True)
    assert "Slik ser meldingen ut for deltakerb@example.org:" in preview  # the first by name
    assert "Hei Bjørn!" in preview and "Send til 2 mottakere" in preview
    assert "http://samling.test/me/…" in preview  # the participant's secret link is not shown
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3  # nothing queued by the preview

    response = admin.post(url, {**message, "action": "send"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/admin/events/{event.slug}/registrations?kommune=5501")
    assert admin.post(url, {**message, "action": "send"}).status_code == 303  # a double click sends nothing more
    with app.app_context():
        deliver_due()
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "bulk_email"))
        assert entry.entity_type == "event" and '"recipients": [null, "2"]' in entry.changes
    messages = smtp.wait_for(5)[3:]
    assert sorted(m["To"] for m in messages) == ["deltakera@example.org", "deltakerb@example.org"]
    text = SmtpServer.text_of(next(m for m in messages if m["To"] == "deltakerb@example.org"))
    assert text.startswith("Hei Bjørn!") and "Vi møtes i Tromsø kulturhus." in text and "/me/" in text


def test_empty_message_is_refused_with_the_input_kept(admin, make):
    event = make.event()
    response = admin.post(f"/admin/events/{event.slug}/mail", {"subject": "", "body": "Tekst",
                                                                               "action": "preview"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Fyll ut feltet." in html and "Tekst</textarea>" in html


def test_failed_messages_are_listed_and_can_be_sent_again(app, admin, make, smtp):
    with app.app_context():
        from app.mail import outbox

        outbox.queue(kind="test", to="feil@example.org", subject="Kom ikke fram", text="x")
        message = outbox.queue(kind="test", to="ok@example.org", subject="Kom fram", text="y")
        db.session.flush()
        failed = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "feil@example.org"))
        failed.status, failed.attempts, failed.last_error = OutboxStatus.FAILED, MAX_ATTEMPTS, "550 mailbox unavailable"
        message.status = OutboxStatus.SENT
        db.session.commit()
        failed_id = failed.id
    page = admin.html("/admin/outbox?status=failed")
    assert "feil@example.org" in page and "550 mailbox unavailable" in page and "ok@example.org" not in page
    assert "Feilet (1)" in page and "Sendt (1)" in page
    answer = admin.post(f"/admin/outbox/{failed_id}/resend")  # "Prøv igjen": sent while the organiser waits
    assert answer.status_code == 303
    assert "E-posten er sendt." in admin.html(answer.headers["Location"])
    with app.app_context():
        assert db.session.get(OutboxMessage, failed_id).status == OutboxStatus.SENT
        assert deliver_due().sent == 0
    assert [m["To"] for m in smtp.wait_for(1)] == ["feil@example.org"]
    assert admin.post("/admin/outbox/999999/resend").status_code == 404
    assert "ok@example.org" in admin.html("/admin/outbox?q=OK@")


def test_every_failed_message_goes_out_again_at_once(app, admin, smtp, monkeypatch):
    assert admin.post("/admin/outbox/resend-failed").status_code == 303  # none failed: was a 500
    with app.app_context():
        from app.mail import outbox

        for address in ("en@example.org", "to@example.org"):
            message = outbox.queue(kind="test", to=address, subject="Kom ikke fram", text="x")
            db.session.flush()
            message.status, message.attempts = OutboxStatus.FAILED, MAX_ATTEMPTS
        db.session.commit()
    monkeypatch.setitem(app.config, "MAIL_SEND_INLINE", True)  # sent right after the commit, not by the worker
    assert admin.post("/admin/outbox/resend-failed").status_code == 303
    assert sorted(m["To"] for m in smtp.wait_for(2)) == ["en@example.org", "to@example.org"]  # not only the last
