"""URL helpers: absolute links from BASE_URL, and safe local redirects."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    """A link for e-mails, feeds and QR codes, always under BASE_URL."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths: never redirect a visitor to another site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
