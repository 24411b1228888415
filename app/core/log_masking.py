"""Tokens that work as passwords never reach a log in full.

The links in `/me/<token>`, `/speaker/login/<token>`, `/survey/<token>`, `/calendar/<token>.ics`,
`/group/<token>` and `/b/<code>` open a registration, a speaker's portal or a badge to whoever holds
them. A log line keeps the first characters (enough for support to tell two links apart) and masks
the rest: `/me/K7PQ…`. Used by gunicorn's access log (`MaskingLogger` in gunicorn.conf.py) and by the
app's own log and the development server's request log (`install`).
"""
from __future__ import annotations

import logging
import re

from flask import Flask

KEPT = 4  # characters of a token kept in the log
_TOKEN_AFTER = re.compile(
    r"(?P<path>(?:/|%2f)(?:me|me(?:/|%2f)calendar|speaker(?:/|%2f)login|survey|calendar|group|b)(?:/|%2f))"
    r"(?P<token>[A-Za-z0-9_\-]{10,})",
    re.IGNORECASE,
)


def mask(text: str) -> str:
    """`text` with every token in a token path cut to its first KEPT characters."""
    return _TOKEN_AFTER.sub(lambda m: m["path"] + m["token"][:KEPT] + "…", text)


class MaskingFilter(logging.Filter):
    """Masks the tokens in a record's message (formatted with its arguments)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install(app: Flask) -> None:
    """The app's log and the development server's request log (werkzeug) mask tokens."""
    for logger in (app.logger, logging.getLogger("werkzeug")):
        if not any(isinstance(f, MaskingFilter) for f in logger.filters):
            logger.addFilter(MaskingFilter())
