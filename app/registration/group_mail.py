"""The e-mails of a group registration beside each colleague's own (app.registration.notify): the contact's
link to the group page, and the word to a colleague who was replaced.

These are written when queued (texts.write), not when sent: the group page's token exists only in this
e-mail (the database keeps its hash), and the one replaced is told at the address they had.
"""
from __future__ import annotations

from sqlalchemy import select

from app.calendar import attachments as calendar_files
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import outbox, texts
from app.models import Event, Registration, RegistrationGroup, Session
from app.registration import notify


def group_url(token: str) -> str:
    return absolute_url("registration.group_page", token=token)


def group_created(group: RegistrationGroup, token: str, registrations: list[Registration]) -> None:
    """To the contact: who is registered (seat or waiting list) and the group page's link."""
    if not group.contact_email:
        return
    mail = texts.write("group_created", group=group, event=group.event, registrations=registrations,
                       url=group_url(token))
    outbox.queue(kind="group.created", to=group.contact_email, subject=mail.subject, text=mail.text, html=mail.html,
                 event_id=group.event_id)


def calendar_farewell(event: Event, registration: Registration, session_ids: list[int]) -> list:
    """Before a colleague is replaced: their program as a METHOD:CANCEL file, addressed to them (its SEQUENCE
    outranks every .ics they were sent: app.calendar.attachments), for the e-mail that tells them."""
    if not session_ids:
        return []
    registration.calendar_sequence += 1
    sessions = list(db.session.scalars(select(Session).where(Session.id.in_(session_ids))
                                       .order_by(Session.starts_at, Session.id)))
    with texts.in_bokmal():
        return [calendar_files.cancellation_attachment(
            event, sessions, calendar_files.for_registration(registration, cancelled=True))]


def replaced(registration: Registration, old_name: str, old_email: str | None, attachments: list) -> None:
    """The one replaced hears that their seat went to a colleague (with `calendar_farewell`'s file); the new one
    gets their own confirmation with their own links (the registration as it is now)."""
    if old_email:
        mail = texts.write("group_replaced", registration=registration, event=registration.event,
                           old_name=old_name, group=registration.group)
        outbox.queue(kind="group.replaced", to=old_email, subject=mail.subject, text=mail.text, html=mail.html,
                     attachments=attachments, event_id=registration.event_id)
    notify.registered(registration)
