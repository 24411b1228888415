"""The e-mails a change of a registration causes, queued in the same transaction (the outbox).

Each renders `templates/mail/<name>.txt` and `.html` in Norwegian with the manage link.
"""
from __future__ import annotations

from flask import render_template
from flask_babel import force_locale

from app.calendar.attachments import program_attachment
from app.core.i18n import date_range_label
from app.mail import outbox
from app.models import Registration, SessionChoice
from app.registration import links


def _queue(kind: str, registration: Registration, template: str,
           attachments: list[outbox.Attachment] | tuple = (), **context) -> None:
    if not registration.email:
        return
    with force_locale("nb"):
        event = registration.event
        ctx = {"registration": registration, "event": event, "manage_url": links.manage_url(registration),
               "event_dates": date_range_label(event.starts_at, event.ends_at), **context}
        subject = render_template(f"mail/{template}.subject.txt", **ctx).strip()
        text = render_template(f"mail/{template}.txt", **ctx)
        html = render_template(f"mail/{template}.html", **ctx)
    outbox.queue(kind=kind, to=registration.email, subject=subject, text=text, html=html, attachments=attachments,
                 event_id=registration.event_id, registration_id=registration.id)


def registered(registration: Registration) -> None:
    """Confirmation, or 'you are on the waiting list as number N'."""
    kind = "registration.confirmed" if registration.status.value == "confirmed" else "registration.waitlisted"
    _queue(kind, registration, "registration_" + registration.status.value,
           attachments=[program_attachment(registration)])


def promoted(registration: Registration) -> None:
    _queue("registration.promoted", registration, "registration_promoted")


def session_promoted(choice: SessionChoice) -> None:
    _queue("registration.session_promoted", choice.registration, "session_promoted", session=choice.session)


def changed(registration: Registration) -> None:
    _queue("registration.changed", registration, "registration_changed",
           attachments=[program_attachment(registration)])


def cancelled(registration: Registration) -> None:
    _queue("registration.cancelled", registration, "registration_cancelled")


def manage_link(registration: Registration) -> None:
    """The link to the manage page, when the participant asks for it again."""
    _queue("registration.link", registration, "registration_link")
