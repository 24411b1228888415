"""The words a participant reads when the registration rules say no (routes use these)."""
from __future__ import annotations

from flask_babel import gettext as _

from app.core.clock import datetime_label
from app.models import Event
from app.registration import window
from app.registration.errors import InvalidSessionChoice


def closed_message(event: Event, reason: str) -> str:
    if reason == "cancelled":
        return _("%(title)s er avlyst. Det er ikke mulig å melde seg på.", title=event.title)
    if reason == "not_yet_open" and event.registration_opens_at:
        return _("Påmeldingen til %(title)s åpner %(when)s.", title=event.title,
                 when=datetime_label(event.registration_opens_at))
    if reason == "past":
        return _("%(title)s er over. Det er ikke mulig å melde seg på lenger.", title=event.title)
    if reason == "closed":
        return _("Påmeldingen til %(title)s er stengt.", title=event.title)
    return _("Påmeldingen til %(title)s er ikke åpen.", title=event.title)


def session_choice_message(error: InvalidSessionChoice) -> str:
    if error.reason == "overlap" and len(error.titles) == 2:
        return _("Du kan bare velge én sesjon om gangen: «%(first)s» og «%(second)s» går samtidig. "
                 "Velg én av dem.", first=error.titles[0], second=error.titles[1])
    if error.reason == "not_signup" and error.titles:
        return _("«%(title)s» kan ikke velges: den er avlyst eller har ikke egen påmelding.", title=error.titles[0])
    return _("Et av valgene finnes ikke i programmet til dette arrangementet. Velg på nytt fra listen.")


def deadline_message(event: Event) -> str:
    """Why the participant can no longer change or cancel on their own."""
    contact = event.contact_email or _("arrangøren")
    if window.before_change_deadline(event):  # over, or cancelled
        return _("Påmeldingen kan ikke endres lenger. Ta kontakt med %(contact)s hvis noe må endres.",
                 contact=contact)
    return _("Fristen for å endre eller melde seg av gikk ut %(when)s. Ta kontakt med %(contact)s hvis noe må endres.",
             when=datetime_label(event.change_deadline), contact=contact)


def add_on_full_message(name: str) -> str:
    return _("«%(name)s» er fullt. Fjern krysset, så kan du melde deg på uten.", name=name)


def add_on_invalid_message() -> str:
    return _("Et av tilleggene finnes ikke lenger. Velg på nytt fra listen.")
