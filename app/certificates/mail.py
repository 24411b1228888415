"""«Kursbeviset ditt er klart»: one e-mail per new certificate when the organiser issues the batch, with the
download link (the manage link's /certificate.pdf). Queued in the caller's transaction (the outbox)."""
from __future__ import annotations

from app.core.urls import absolute_url
from app.mail import outbox, texts
from app.models import Certificate
from app.registration import links


def tell_ready(certificate: Certificate) -> None:
    registration = certificate.registration
    if not registration.email:
        return
    token = links.manage_token(registration)
    mail = texts.write("certificate_ready", registration=registration, event=registration.event,
                       certificate_url=absolute_url("certificates.my_certificate", token=token),
                       manage_url=links.manage_url(registration))
    outbox.queue(kind="certificate.ready", to=registration.email, subject=mail.subject, text=mail.text,
                 html=mail.html, event_id=registration.event_id, registration_id=registration.id,
                 dedupe_key=f"certificate:{certificate.id}")
