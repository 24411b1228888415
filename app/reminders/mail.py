"""The reminder's body, rendered when it is sent: the registration, its programme and the event as they are then."""
from __future__ import annotations

from app.calendar import attachments as calendar_files
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import texts
from app.mail.renderers import Rendered, RenderError
from app.models import OutboxMessage, Registration
from app.registration import links
from app.registration.notify import ChoiceView
from app.reminders.practical import map_url


def render(message: OutboxMessage, context: dict) -> Rendered:
    registration = db.session.get(Registration, message.registration_id) if message.registration_id else None
    if registration is None or not registration.email:
        raise RenderError("the registration no longer exists")
    event = registration.event
    choices = [ChoiceView(c.session, c.status, c.waitlist_position) for c in registration.choices]
    token = links.manage_token(registration)
    mail = texts.write("reminder", subject_line=message.subject, registration=registration, event=event,
                       kind=context.get("kind"), choices=choices, manage_url=links.manage_url(registration),
                       badge_url=absolute_url("badges.my_badge", token=token), map_url=map_url(event.venue))
    with texts.in_bokmal():
        attachments = [calendar_files.program_attachment(registration)]
    return Rendered(mail.text, mail.html, attachments)
