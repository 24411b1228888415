"""What door staff read for each answer: a headline and what to do (one source for pages and the scanner)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.checkin.service import Result


@dataclass(frozen=True)
class Message:
    tone: str  # ok (green) | warn (orange) | bad (red)
    title: str
    action: str


def result_messages() -> dict[str, Message]:
    return {
        Result.OK: Message("ok", _l("Velkommen!"), _l("Sjekket inn. Ønsk velkommen.")),
        Result.ALREADY_CHECKED_IN: Message(
            "warn", _l("Allerede sjekket inn"),
            _l("Se etter at navnet stemmer med personen. Er det feil, be personen gå til registreringsskranken."),
        ),
        Result.UNKNOWN: Message(
            "bad", _l("Ukjent kode"),
            _l("Skann på nytt eller søk på navn. Finner du ikke personen, send dem til registreringsskranken."),
        ),
        Result.WRONG_EVENT: Message(
            "bad", _l("Navneskilt fra et annet arrangement"),
            _l("Be om navneskiltet for dette arrangementet, eller søk på navn."),
        ),
        Result.CANCELLED: Message(
            "bad", _l("Påmeldingen er avmeldt"),
            _l("Personen har ikke plass. Send dem til registreringsskranken."),
        ),
        Result.WAITLISTED: Message(
            "bad", _l("Står på venteliste"),
            _l("Personen har ikke fått plass ennå. Send dem til registreringsskranken."),
        ),
    }


NOT_SIGNED_UP = _l("Ikke påmeldt denne økten – slipp inn hvis det er ledige plasser.")


def checked_in_detail(time: str, by: str | None) -> str:
    if by:
        return _("Sjekket inn kl. %(time)s av %(by)s.", time=time, by=by)
    return _("Sjekket inn kl. %(time)s.", time=time)
