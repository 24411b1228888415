"""The e-mails of a group registration beside each colleague's own (app.registration.notify): the contact's
link to the group page, and the word to a colleague who was replaced.

These are written when queued (texts.write), not when sent: the group page's token exists only in this
e-mail (the database keeps its hash), and the one replaced is told at the address they had.
"""
from __future__ import annotations

from app.core.urls import absolute_url
from app.mail import outbox, texts
from app.models import Registration, RegistrationGroup
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


def replaced(registration: Registration, old_name: str, old_email: str | None) -> None:
    """The one replaced hears that their seat went to a colleague; the new one gets their own confirmation
    with their own links (the registration as it is now)."""
    if old_email:
        mail = texts.write("group_replaced", registration=registration, event=registration.event,
                           old_name=old_name, group=registration.group)
        outbox.queue(kind="group.replaced", to=old_email, subject=mail.subject, text=mail.text, html=mail.html,
                     event_id=registration.event_id)
    notify.registered(registration)
