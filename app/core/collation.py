"""Norwegian alphabetical order, one rule for every list, sheet and menu.

æ ø å come after z (ä and ö sort as æ and ø, ü as y); Sami and other accented letters
(á č đ ŋ š ŧ ž é …) sort with their base letter, so "Kárášjohka" is with the K's and
"Ŋuorra" with the N's; case is ignored.
"""
from __future__ import annotations

import unicodedata

_AFTER_Z = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"}
_FOLD = {"ü": "y", "đ": "d", "ŋ": "n", "ŧ": "t", "ß": "ss", "þ": "th", "ð": "d", "ł": "l"}


def norwegian_key(text: str) -> str:
    out = []
    for ch in text.casefold():
        if ch in _AFTER_Z:
            out.append(_AFTER_Z[ch])
        elif ch in _FOLD:
            out.append(_FOLD[ch])
        elif ch.isalnum():
            out.append(unicodedata.normalize("NFD", ch)[0])
        elif ch in " -":
            out.append(" ")
    return "".join(out)
