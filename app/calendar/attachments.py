"""The participant's program as an .ics file for the confirmation and "changed" e-mails."""
from __future__ import annotations

from app.calendar import service
from app.core import clock
from app.mail.outbox import Attachment
from app.models import Registration

# Outlook and Apple Mail offer "add to calendar" for a text/calendar part with method=PUBLISH.
MIMETYPE = "text/calendar; method=PUBLISH; charset=UTF-8"


def program_attachment(registration: Registration) -> Attachment:
    """My program (the plenary program and my sessions; waiting-list places marked), METHOD:PUBLISH,
    stamped now. Called inside the registration's transaction, so it shows what is being committed."""
    data = service.participant_ics(registration, method="PUBLISH", stamp=clock.now())
    return Attachment(filename=f"{registration.event.slug}.ics", mimetype=MIMETYPE, data=data)
