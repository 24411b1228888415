"""Why a message failed, waits or was not sent: a short code on the outbox row, in words a person can read.

The code is stored (`OutboxMessage.reason`); the words are looked up when a page is shown, so they follow
the reader's language. The technical detail is kept beside it in `last_error`.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

SMTPUTF8 = "smtputf8"
REJECTED = "rejected"
INVALID = "invalid"
RENDER = "render"
UNAVAILABLE = "unavailable"
DEFERRED = "deferred"
SUPERSEDED = "superseded"
OPTED_OUT = "opted_out"
NOT_WANTED = "not_wanted"

LABELS = {
    SMTPUTF8: _l("Mottakerens e-postserver støtter ikke æ/ø/å i adressen"),
    REJECTED: _l("Mottakerens e-postserver avviste e-posten"),
    INVALID: _l("E-posten kunne ikke settes sammen (ugyldig adresse, emne eller innhold)"),
    RENDER: _l("Innholdet i e-posten kunne ikke lages"),
    UNAVAILABLE: _l("E-postserveren svarte ikke; prøver igjen senere"),
    DEFERRED: _l("E-postserveren ba oss prøve igjen senere"),
    SUPERSEDED: _l("Ikke sendt: det e-posten sier, gjelder ikke lenger"),
    OPTED_OUT: _l("Ikke sendt: mottakeren har meldt seg av fellesutsendinger"),
    NOT_WANTED: _l("Ikke sendt: mottakeren har meldt seg ut av nettverket eller vil ikke ha invitasjonene"),
}


def label(code: str) -> str:
    """The words for `code` ('' for none)."""
    return str(LABELS[code]) if code in LABELS else ""
