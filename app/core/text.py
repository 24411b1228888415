"""Text rules every capability shares.

`one_line` is the rule for single-line text (titles, names, organisation, room, subject lines): a line
break or any other control character becomes a space, runs of whitespace become one space, and the ends
are trimmed. It is applied where such text is stored (the `OneLine` column type in app/models/types.py)
and again where an e-mail header is composed, so a title with `\\nBcc: …` in it can never add a header.
"""
from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators (U+2028, U+2029), plus NEL (U+0085).
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s+")


def one_line(value: str | None) -> str | None:
    """`value` as one line: controls and line breaks become a space, whitespace runs collapse, ends trimmed.
    None stays None."""
    if value is None:
        return None
    return _SPACES.sub(" ", _BREAKS.sub(" ", value)).strip()
