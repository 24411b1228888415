"""Headers on every response: a strict CSP with no inline script or style, and friends."""
from __future__ import annotations

from flask import Flask, Response, abort, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _has_nul() -> bool:
    if "\x00" in request.path:
        return True
    values = list(request.args.values())
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += list(request.form.values())
    return any("\x00" in v for v in values)


def init_app(app: Flask) -> None:
    https = app.config["BASE_URL"].startswith("https://")

    @app.before_request
    def _refuse_nul_bytes():
        # No text field anywhere may hold a NUL byte (PostgreSQL refuses them): a clear 400, not a 500.
        if request.routing_exception is None and _has_nul():
            abort(400)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        if https:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint and request.endpoint != "static" and "Cache-Control" not in response.headers:
            # Pages may carry personal data: not for shared caches.
            response.headers["Cache-Control"] = "private, no-cache"
        return response
