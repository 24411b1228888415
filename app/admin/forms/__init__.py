"""Forms of the back office, one module per area; shared fields and the words for service error codes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.forms import Form

ERRORS = {
    "required": _l("Fyll ut feltet."),
    "taken": _l("Dette er allerede i bruk."),
    "format": _l("Ugyldig format."),
    "unknown": _l("Ukjent valg."),
    "negative": _l("Tallet kan ikke være negativt."),
    "ends_before_starts": _l("Slutten må være etter starten."),
    "closes_before_opens": _l("Påmeldingen må stenge etter at den åpner."),
    "after_event": _l("Påmeldingen må stenge før arrangementet slutter."),
    "cancelled": _l("Det som er avlyst, kan ikke endres."),
    "own_role": _l("Du kan ikke endre din egen rolle."),
    "own_account": _l("Du kan ikke deaktivere din egen konto."),
}
SLUG_ERRORS = {
    "format": _l("Bruk små bokstaver (a–z), tall og bindestrek, for eksempel lederkonferansen-2028."),
    "taken": _l("Et annet arrangement har allerede denne nettadressen."),
    "published": _l("Nettadressen kan ikke endres etter at arrangementet er publisert: kalendere og navneskilt "
                    "peker dit."),
}


def apply_errors(form: Form, errors: dict[str, str], overrides: dict[str, dict] | None = None) -> list[str]:
    """Put a service's {field: code} errors on the form's fields; returns messages for fields it lacks."""
    loose = []
    for name, code in errors.items():
        words = (overrides or {}).get(name, {}).get(code) or ERRORS.get(code, code)
        field = getattr(form, name, None)
        if field is None:
            loose.append(str(words))
        else:
            field.errors = [*field.errors, str(words)]
    return loose
