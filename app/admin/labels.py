"""Words for the codes the back office shows (registration status, bands, roles, diets, audit actions)."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.core import clock
from app.core.labels import CHOICE_STATUS, DIET, PARTICIPANT_ROLE, REGISTRATION_STATUS, YEARS_BAND

# The shared words for registration status, choice status, bands, roles and diets (app/core/labels.py).
AUDIT_ACTION = {
    "create": _l("opprettet"),
    "update": _l("endret"),
    "move": _l("flyttet"),
    "cancel": _l("avlyst/avmeldt"),
    "delete": _l("slettet"),
    "publish": _l("publisert"),
    "copy": _l("kopiert"),
    "confirm": _l("flyttet fra venteliste"),
    "notice_sent": _l("programendring sendt"),
    "notice_discarded": _l("programendring forkastet"),
    "bulk_email": _l("e-post sendt"),
    "deactivate": _l("deaktivert"),
    "activate": _l("aktivert"),
    "reset_password": _l("nytt passord"),
    "send": _l("sendt"),
    "end_sessions": _l("logget ut overalt"),
    "remind": _l("purret"),
}
ENTITY_TYPE = {
    "event": _l("Arrangement"),
    "session": _l("Programpost"),
    "speaker": _l("Foredragsholder"),
    "registration": _l("Påmelding"),
    "venue": _l("Sted"),
    "room": _l("Rom"),
    "track": _l("Spor"),
    "user": _l("Bruker"),
    "survey": _l("Undersøkelse"),
    "invoice": _l("Faktura"),
    "invoice_seller": _l("Selgeropplysninger"),
}
AUDIT_FIELD = {
    "title": _l("Tittel"), "slug": _l("Nettadresse"), "kind": _l("Type"), "theme": _l("Tema"),
    "description": _l("Beskrivelse"), "abstract": _l("Kort omtale"), "starts_at": _l("Starter"),
    "ends_at": _l("Slutter"), "room": _l("Rom"), "track": _l("Spor"), "venue": _l("Sted"),
    "capacity": _l("Plasser"), "status": _l("Status"), "revision": _l("Revisjon"), "speakers": _l("Foredragsholdere"),
    "is_online": _l("Digitalt"), "fee_nok": _l("Avgift"), "registration_opens_at": _l("Påmeldingen åpner"),
    "registration_closes_at": _l("Påmeldingen stenger"), "change_deadline": _l("Endringsfrist"),
    "speaker_deadline": _l("Frist for foredragsholdere"), "contact_name": _l("Kontaktperson"),
    "contact_email": _l("Kontakt-e-post"), "meeting_url": _l("Møtelenke"), "reminder_days": _l("Påminnelse dager før"),
    "first_name": _l("Fornavn"), "last_name": _l("Etternavn"),
    "email": _l("E-post"), "phone": _l("Telefon"), "organisation": _l("Organisasjon"), "job_title": _l("Stilling"),
    "municipality_number": _l("Kommunenummer"), "years_as_leader": _l("År som leder"), "role": _l("Rolle"),
    "waitlist_position": _l("Plass på venteliste"), "sessions": _l("Programposter"),
    "invoice_org_number": _l("Faktura org.nr."), "invoice_reference": _l("Fakturareferanse"),
    "health_consent_at": _l("Samtykke til helseopplysninger"), "diet": _l("Kosthold"),
    "diet_other": _l("Annet om kosthold"), "accessibility_needs": _l("Tilrettelegging"),
    "health": _l("Helseopplysninger"), "name": _l("Navn"), "bio": _l("Om foredragsholderen"),
    "active": _l("Aktiv"), "events": _l("Arrangementer"), "recipients": _l("Mottakere"),
    "notified": _l("Fikk beskjed"), "subject": _l("Emne"), "copied_from": _l("Kopiert fra"),
    "sessions_moved": _l("Programpunkter flyttet"), "days_moved": _l("Dager flyttet"),
    "invited": _l("Invitert"), "reminded": _l("Påminnet"),
    "number": _l("Nummer"), "amount": _l("Beløp"), "paid_amount": _l("Betalt"), "source": _l("Kilde"),
    "to": _l("Til"), "invoicing_mode": _l("Når fakturaene lages"),
}
ACTOR_TYPE = {
    "administrator": _l("Administrator"),
    "member": _l("Team på arrangement"),
    "organiser": _l("Arrangør"),  # entries from before roles per event
    "staff": _l("Stab"),
    "speaker": _l("Foredragsholder"),
    "participant": _l("Deltaker"),
    "system": _l("System"),
}


def iso_label(text: str) -> str:
    """An audit log's ISO timestamp as Oslo time, '14.04.2027 09:00'."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return clock.short_datetime(moment) if moment.tzinfo else text


def diet_label(code: str) -> str:
    return current()["DIET"].get(code, code)


TABLES = {"REGISTRATION_STATUS": REGISTRATION_STATUS, "CHOICE_STATUS": CHOICE_STATUS, "YEARS_BAND": YEARS_BAND,
          "PARTICIPANT_ROLE": PARTICIPANT_ROLE, "AUDIT_ACTION": AUDIT_ACTION, "ENTITY_TYPE": ENTITY_TYPE,
          "ACTOR_TYPE": ACTOR_TYPE, "DIET": DIET, "AUDIT_FIELD": AUDIT_FIELD}


@lru_cache(maxsize=8)
def resolved(locale: str) -> dict[str, dict]:
    """The tables as plain text in one language (a list of 2,000 rows would otherwise translate 4,000 times)."""
    return {name: {code: str(label) for code, label in table.items()} for name, table in TABLES.items()}


def current() -> dict[str, dict]:
    return resolved(str(get_locale()))


def globals_() -> dict:
    return {**current(), "diet_label": diet_label, "iso_label": iso_label}
