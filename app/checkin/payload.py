"""Reading the JSON bodies of the check-in API: a clear message for each thing that is wrong."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _

from app.checkin.service import MAX_NONCE, MAX_SCANNED_TEXT
from app.core.urls import is_row_id


class BadBody(ValueError):
    """The request body is not what the API takes; the message is for a person."""


@dataclass(frozen=True)
class ScanRequest:
    nonce: str
    code: str | None
    registration_id: int | None
    session_id: int | None
    scanned_at: datetime | None


def _int_or_none(body: dict, key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON has one kind of number: 7.0 is the id 7
    if not is_row_id(value):
        raise BadBody(_("«%(key)s» må være et positivt heltall eller null.", key=key))
    return value


def nonce_of(body: object) -> str:
    if not isinstance(body, dict):
        raise BadBody(_("Forespørselen må være et JSON-objekt."))
    nonce = body.get("nonce")
    if not isinstance(nonce, str) or not nonce.strip() or len(nonce) > MAX_NONCE or "\x00" in nonce:
        raise BadBody(_("«nonce» må være en tekst på 1–%(max)d tegn som identifiserer skanningen.", max=MAX_NONCE))
    return nonce.strip()


def _scanned_at(body: dict) -> datetime | None:
    value = body.get("scanned_at")
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise BadBody(_("«scanned_at» må være et tidspunkt i ISO 8601-format med tidssone."))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadBody(_("«scanned_at» må være et tidspunkt i ISO 8601-format med tidssone.")) from exc
    if moment.tzinfo is None:
        raise BadBody(_("«scanned_at» må ha tidssone, for eksempel 2027-04-14T08:15:00+02:00."))
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00:00+14:00: before the first moment UTC can hold
        raise BadBody(_("«scanned_at» er utenfor tidsrommet vi kan regne med.")) from exc


def scan_request(body: object) -> ScanRequest:
    nonce = nonce_of(body)
    code = body.get("code")
    registration_id = _int_or_none(body, "registration_id")
    if code is not None and (not isinstance(code, str) or len(code) > MAX_SCANNED_TEXT):
        raise BadBody(_("«code» må være teksten skanneren leste (høyst %(max)d tegn).", max=MAX_SCANNED_TEXT))
    if (code is None) == (registration_id is None):
        raise BadBody(_("Send enten «code» (det skanneren leste) eller «registration_id»."))
    return ScanRequest(nonce, code, registration_id, _int_or_none(body, "session_id"), _scanned_at(body))
