"""URL helpers: absolute links from BASE_URL, and safe local redirects."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, redirect, request, url_for
from werkzeug.routing import BaseConverter, IntegerConverter


def absolute_url(endpoint: str, **values) -> str:
    """A link for e-mails, feeds and QR codes, always under BASE_URL (works outside a request too)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"] + path


def moved(bp, old_rule: str, endpoint: str) -> None:
    """Register `old_rule` on `bp` as a moved page: a GET there answers 301 with the URL of `endpoint` (same URL
    values, same query string). The contract keeps every moved URL working for a year. The view carries
    `moved_to`, so tests that walk the URL map can tell a moved URL from a page."""

    def view(**values):
        target = url_for(endpoint, **values)
        query = request.query_string.decode()
        return redirect(f"{target}?{query}" if query else target, code=301)

    view.moved_to = endpoint
    bp.add_url_rule(old_rule, "moved_" + endpoint.rsplit(".", 1)[-1], view, methods=["GET"])


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths: never redirect a visitor to another site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


class SlugConverter(BaseConverter):
    """Event slugs: lower-case letters, digits and hyphens. Anything else is a 404 before the database."""

    regex = r"[a-z0-9][a-z0-9-]{0,79}"


# Row ids are PostgreSQL `integer`s: nothing larger exists (and the database refuses to compare one).
MAX_ID = 2**31 - 1


def is_row_id(value: object) -> bool:
    """A whole number that can be a row's id (bools are not numbers here)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def number_in(text: str | None, low: int = 1, high: int = MAX_ID) -> int | None:
    """The whole number `text` spells in ASCII digits, if it lies in [low, high]; else None.

    One parser for ids and counts read from query strings and cookies: `str.isdigit` also accepts «²» and
    other digits `int` refuses, and `int` refuses strings of more than 4300 digits — both were 500s."""
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if low <= value <= high else None


class RowIdConverter(IntegerConverter):
    """`<int:…>` in every route: an id beyond any row's is a 404 before the database."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
