"""Norwegian identifiers on an invoice: organisation numbers (MOD11), bank accounts (BBAN MOD11, IBAN
MOD97), KID (MOD10/Luhn or MOD11, as the bank agreement says) and invoice numbers."""
from __future__ import annotations

import re

from flask_babel import gettext as _

from app.invoicing import InvoicingError

ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
ACCOUNT_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_IGNORED = re.compile(r"[\s\u00a0.\-]")


def _mod11_digit(digits: str, weights) -> int | None:
    """The MOD11 check digit of `digits` with `weights`; None when the remainder makes it 10 (no valid number)."""
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def is_org_number(value: str) -> bool:
    """Nine digits whose ninth is the MOD11 check digit of the first eight (weights 3 2 7 6 5 4 3 2)."""
    return bool(re.fullmatch(r"[0-9]{9}", value or "")) and _mod11_digit(value[:8], ORG_WEIGHTS) == int(value[8])


def org_number(text: str) -> str:
    """An organisation number as typed ("974 760 673", "NO 974760673 MVA") → "974760673", or a bokmål error."""
    value = _IGNORED.sub("", (text or "").upper())
    value = re.sub(r"^NO|MVA$", "", value)
    if not value:
        raise InvoicingError(_("Skriv inn organisasjonsnummeret (9 sifre)."))
    if not re.fullmatch(r"[0-9]{9}", value):
        raise InvoicingError(_("Organisasjonsnummeret må ha 9 sifre."))
    if not is_org_number(value):
        raise InvoicingError(_("Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."))
    return value


def vat_number(org: str) -> str:
    """The seller's VAT identifier in EHF: "NO" + organisation number + "MVA" (NO-R-001)."""
    return f"NO{org}MVA"


def format_org_number(org: str) -> str:
    """"974760673" → "974 760 673", as printed on an invoice."""
    return f"{org[:3]} {org[3:6]} {org[6:]}"


def is_bban(value: str) -> bool:
    """A Norwegian bank account: 11 digits, the last the MOD11 check digit (weights 5 4 3 2 7 6 5 4 3 2)."""
    return bool(re.fullmatch(r"[0-9]{11}", value or "")) and _mod11_digit(value[:10], ACCOUNT_WEIGHTS) == int(value[10])


def is_iban(value: str) -> bool:
    """An IBAN: country, two check digits, up to 30 letters or digits, and MOD97 of the rearranged number = 1;
    a Norwegian one is NO + 2 + 11 digits and its BBAN must be valid too."""
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", value or ""):
        return False
    if value.startswith("NO") and not (len(value) == 15 and is_bban(value[4:])):
        return False
    rearranged = value[4:] + value[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def bank_account(text: str) -> str:
    """A bank account as typed ("1503 12 34567", "NO93 8601 1117 947") → "15031234567" or "NO9386011117947"."""
    value = _IGNORED.sub("", (text or "").upper())
    if not value:
        raise InvoicingError(_("Skriv inn kontonummeret."))
    if value[:2].isalpha():
        if not is_iban(value):
            raise InvoicingError(_("IBAN-nummeret er ikke gyldig."))
        return value
    if not re.fullmatch(r"[0-9]{11}", value):
        raise InvoicingError(_("Kontonummeret må ha 11 sifre (eller være et IBAN)."))
    if not is_bban(value):
        raise InvoicingError(_("Kontonummeret er ikke gyldig (kontrollsifferet stemmer ikke)."))
    return value


def format_bank_account(account: str) -> str:
    """"15031234567" → "1503 12 34567"; an IBAN in groups of four."""
    if account[:2].isalpha():
        return " ".join(account[i:i + 4] for i in range(0, len(account), 4))
    return f"{account[:4]} {account[4:6]} {account[6:]}"


# KID (kundeidentifikasjon): 2–25 characters, the last a check digit; MOD11 may end in "-" (remainder 1).

def mod10_digit(digits: str) -> str:
    """The Luhn (MOD10) check digit of `digits`: from the right, weights 2, 1, 2, …; sum of the digits."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def mod11_digit(digits: str) -> str:
    """The MOD11 check digit of a KID: from the right, weights 2, 3, 4, 5, 6, 7, 2, …; 11 − remainder, "0" for
    remainder 0, "-" for remainder 1 (as the banks' KID specification says)."""
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(digits)))
    remainder = total % 11
    return "0" if remainder == 0 else "-" if remainder == 1 else str(11 - remainder)


KID_METHODS = {"mod10": mod10_digit, "mod11": mod11_digit}


def make_kid(number: int | str, *, length: int | None = None, method: str = "mod10") -> str:
    """A KID for `number` (e.g. the invoice's sequence number): the digits, padded with zeros on the left to
    `length` − 1 when given, followed by the check digit of `method` ("mod10" or "mod11")."""
    digits = str(number)
    if not digits.isdigit():
        raise InvoicingError(_("KID kan bare lages av sifre."))
    if length is not None:
        if len(digits) > length - 1:
            raise InvoicingError(_("Tallet er for langt for KID-lengden."))
        digits = digits.zfill(length - 1)
    kid = digits + KID_METHODS[method](digits)
    if not 2 <= len(kid) <= 25:
        raise InvoicingError(_("En KID har 2 til 25 sifre."))
    return kid


def is_kid(value: str, method: str = "mod10") -> bool:
    """Whether `value` is a KID with a correct check digit for `method`."""
    if not re.fullmatch(r"[0-9]{1,24}[0-9-]", value or "") or not 2 <= len(value) <= 25:
        return False
    return KID_METHODS[method](value[:-1]) == value[-1]


def invoice_number(sequence: int, *, prefix: str = "", width: int = 5) -> str:
    """The printed number of the `sequence`-th invoice of the series: prefix + zero-padded digits
    ("2026-00042" for prefix "2026-"). Numbers only grow; the series itself is kept gap-free by the caller."""
    if sequence < 1:
        raise InvoicingError(_("Fakturanummeret må være et positivt tall."))
    if not re.fullmatch(r"[A-Za-z0-9\-/]*", prefix):
        raise InvoicingError(_("Prefikset for fakturanummer kan bare ha bokstaver, sifre, - og /."))
    return f"{prefix}{sequence:0{width}d}"
