"""Error pages in Norwegian, JSON errors for the API."""
from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("Forespørselen kunne ikke behandles.")),
        401: ("unauthorized", _("Du må logge inn for å gjøre dette.")),
        403: ("forbidden", _("Du har ikke tilgang til denne siden.")),
        404: ("not_found", _("Vi fant ikke siden du lette etter.")),
        405: ("method_not_allowed", _("Denne handlingen er ikke tillatt her.")),
        413: ("too_large", _("Filen eller skjemaet er for stort.")),
        429: ("too_many_requests", _("For mange forsøk. Vent litt og prøv igjen.")),
        500: ("server_error", _("Noe gikk galt hos oss. Prøv igjen om litt.")),
        503: ("unavailable", _("Tjenesten er midlertidig utilgjengelig.")),
    }


def error_response(status: int, message: str | None = None, code: str | None = None):
    default_code, default_message = _messages().get(status, ("error", _("Noe gikk galt.")))
    code = code or default_code
    message = message or default_message
    if wants_json():
        return jsonify(error=code, message=message), status
    return render_template("errors/error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError):
        return error_response(
            400,
            _("Skjemaet var utløpt eller manglet sikkerhetsnøkkel. Last inn siden på nytt og prøv igjen."),
            "csrf_failed",
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        body, status = error_response(exc.code or 500)
        response = make_response(body, status)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)  # RFC 9110 §15.5.6: a 405 says what is allowed
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(500)
