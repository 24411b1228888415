"""The registration e-mails through the outbox and a real SMTP server (aiosmtpd)."""
from __future__ import annotations

import time
from datetime import timedelta
from email.header import decode_header, make_header

from sqlalchemy import select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.models import OutboxMessage, OutboxStatus, Registration, SessionKind
from app.registration import links, service
from tests.factories import applicant
from tests.registration.conftest import manage_path, valid_form
from tests.smtp import SmtpServer, mail_to


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _text_of(message) -> str:
    return SmtpServer.text_of(message).replace("\r\n", "\n")


def _html_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def test_smtp_down_during_a_rush_through_the_form_then_each_confirmation_goes_out_once(app, forms, make):
    server = SmtpServer()  # not started: connections are refused
    event = make.event(capacity=25, title="Lederkonferansen 2030")
    with mail_to(app, server.port):
        paths = [manage_path(forms.register(event.slug, valid_form(email=f"p{i}@example.org", first_name=f"P{i}")))
                 for i in range(30)]
        with app.app_context():
            report = outbox.deliver_due()
    assert (report.sent, report.retrying) == (0, 30)

    server.start()
    try:
        with mail_to(app, server.port):
            clock.set_now(clock.now() + timedelta(minutes=2))  # past the first back-off
            runner = app.test_cli_runner()
            assert "sent 30" in runner.invoke(args=["outbox", "send"]).output
            assert "Done: sent 0" in runner.invoke(args=["outbox", "send"]).output
            received = server.wait_for(30)
    finally:
        server.stop()
    assert len(received) == 30
    assert sorted(m["To"] for m in received) == sorted(f"p{i}@example.org" for i in range(30))
    by_to = {m["To"]: m for m in received}
    first, last = by_to["p0@example.org"], by_to["p29@example.org"]
    assert _subject(first) == "Du er påmeldt Lederkonferansen 2030"
    assert _subject(last) == "Du står på ventelisten til Lederkonferansen 2030"
    text = _text_of(first)
    assert text.startswith("Hei P0!\n\nDu er påmeldt Lederkonferansen 2030. Velkommen!")
    assert "http://samling.test" + paths[0] in text and "http://samling.test" + paths[0] in _html_of(first)
    assert "Du står som nummer 5 på ventelisten." in _text_of(last)
    with app.app_context():
        statuses = set(db.session.scalars(select(OutboxMessage.status)))
    assert statuses == {OutboxStatus.SENT}


def test_inline_delivery_right_after_the_commit(app, forms, make, smtp):
    event = make.event()
    app.config["MAIL_SEND_INLINE"] = True
    try:
        manage_path(forms.register(event.slug, valid_form(email="inline@example.org")))
        received = smtp.wait_for(1)
    finally:
        app.config["MAIL_SEND_INLINE"] = False
    assert [m["To"] for m in received] == ["inline@example.org"]
    with app.app_context():
        for _ in range(400):  # the sender thread marks it sent just after handing it over
            db.session.rollback()  # end the read, so SQLite lets the sender commit
            if db.session.scalar(select(OutboxMessage.status)) == OutboxStatus.SENT:
                break
            time.sleep(0.05)
        assert db.session.scalar(select(OutboxMessage.status)) == OutboxStatus.SENT


def test_every_kind_of_registration_email_in_norwegian_with_the_manage_link(app, make, smtp):
    event = make.event(capacity=1, title="Nettverkssamling", fee_nok=500, contact_email="post@example.org")
    ws = make.session(event, title="Verksted X", kind=SessionKind.WORKSHOP, capacity=5,
                      starts_at=event.starts_at + timedelta(hours=2))
    with app.app_context():
        # Delivered after each step: a message whose subject no longer holds when it is sent (a confirmation of
        # a registration cancelled since) is superseded, not sent (tests/mail/test_order.py).
        with transaction():
            first = service.register(event.id, applicant(1, invoice_org_number="974760673"), [ws.id]).id
        with transaction():
            second = service.register(event.id, applicant(2), [ws.id]).id
        outbox.deliver_due()
        with transaction():
            service.change_sessions(first, [])
        outbox.deliver_due()
        with transaction():
            service.cancel(first)  # second is promoted
        outbox.deliver_due()
        urls = {r.id: links.manage_url(r) for r in db.session.scalars(select(Registration))}
    received = smtp.wait_for(6)
    mails = [(m["To"], _subject(m), SmtpServer.text_of(m), _html_of(m)) for m in received]
    assert [(to, subject) for to, subject, _t, _h in mails] == [
        ("deltaker1@example.org", "Du er påmeldt Nettverkssamling"),
        ("deltaker2@example.org", "Du står på ventelisten til Nettverkssamling"),
        ("deltaker1@example.org", "Endringen er lagret: Nettverkssamling"),
        ("deltaker1@example.org", "Meldt av programposter: Nettverkssamling"),
        ("deltaker1@example.org", "Du er meldt av Nettverkssamling"),
        ("deltaker2@example.org", "Du har fått plass på Nettverkssamling"),
    ]
    confirmed, waitlisted, changed, dropped, cancelled, promoted = mails
    assert "Verksted X" in dropped[2] and "fjerner dette fra kalenderen din" in dropped[2]
    assert "Verksted X – du har plass" in confirmed[2]
    assert "Faktura sendes til organisasjonsnummer 974 760 673." in confirmed[2]  # grouped, as on the group page
    assert "Faktura sendes til organisasjonsnummer 974 760 673." in confirmed[3]
    assert "Du kan endre valgene dine eller melde deg av fram til" in confirmed[2]
    assert "Du står som nummer 1 på ventelisten." in waitlisted[2]
    assert "venter på plass på arrangementet" in waitlisted[2]
    assert "Du har ikke valgt verksteder eller parallellsesjoner." in changed[2]
    assert "Plassen din går videre til den første på ventelisten." in cancelled[2]
    assert "Det ble ledig plass, og du er nå påmeldt Nettverkssamling." in promoted[2]
    assert "Verksted X – du har plass" in promoted[2]
    for to, _s, text, html in mails:
        url = urls[first if to == "deltaker1@example.org" else second]
        assert url in text and f'href="{url}"' in html
        assert "Spørsmål? post@example.org" in text and '<html lang="nb">' in html
