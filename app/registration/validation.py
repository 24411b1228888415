"""Checks of single values the registration form takes: organisasjonsnummer and phone numbers."""
from __future__ import annotations

import re

_ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_PHONE = re.compile(r"^\(?\+?[0-9 ()\-.]{7,24}$")


def normalise_org_number(text: str) -> str:
    """'974 760 673' → '974760673' (people type spaces and dots)."""
    return re.sub(r"[\s.\-]", "", text or "")


def org_number_is_valid(text: str) -> bool:
    """A Norwegian organisasjonsnummer: nine digits, the last a MOD11 check digit (weights 3 2 7 6 5 4 3 2)."""
    digits = normalise_org_number(text)
    if len(digits) != 9 or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits, _ORG_WEIGHTS, strict=False)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(digits[8])


def phone_is_valid(text: str) -> bool:
    """Digits with optional +, spaces, dashes, dots and brackets; 8 to 15 digits."""
    if not _PHONE.match(text):
        return False
    return 8 <= sum(c.isdigit() for c in text) <= 15
