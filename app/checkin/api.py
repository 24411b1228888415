"""The check-in API (CONTRACT): POST /api/v1/events/<slug>/checkins, and what the scanner page reads.

Scanner devices authenticate with `Authorization: Bearer <token>` (no CSRF token needed); the
scanner page uses the signed-in session and sends its CSRF token in the X-CSRFToken header.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.service import hash_token
from app.checkin import bp, roster, service
from app.checkin.access import Denied, _bearer, scanner
from app.checkin.payload import BadBody, nonce_of, scan_request
from app.core import clock
from app.core.errors import error_response
from app.core.transaction import transaction
from app.core.urls import number_in
from app.extensions import csrf, limiter

PREFIX = "/api/v1/events/<slug:slug>/checkins"
SCAN_LIMIT = "600 per minute"  # per scanner: a busy door scans one badge a second at most (CHECKIN_RATE_LIMIT)


def _scanner_key() -> str:
    """Who is scanning, for the rate limit: a device by its (hashed) token, else the signed-in user or address."""
    token = _bearer()
    if token:
        return "token:" + hash_token(token)[:32]
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "addr:" + (request.remote_addr or "unknown")


_per_scanner = limiter.shared_limit(lambda: current_app.config.get("CHECKIN_RATE_LIMIT", SCAN_LIMIT),
                                    scope="checkin-api", key_func=_scanner_key)


def _denied(exc: Denied):
    messages = {
        401: _("Logg inn, eller send et gyldig API-token (Authorization: Bearer …)."),
        403: _("Du har ikke tilgang til innsjekking på dette arrangementet."),
        404: _("Fant ikke arrangementet."),
    }
    response, status = error_response(exc.status, messages[exc.status])
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="samling"'
    return response, status


def _service_error(exc: service.CheckinError):
    messages = {
        "invalid_session": (404, _("Økten finnes ikke på dette arrangementet.")),
        "nonce_conflict": (409, _("Denne skanne-ID-en (nonce) er brukt på et annet arrangement.")),
        "unknown_scan": (404, _("Fant ingen skanning med denne ID-en (nonce) på dette arrangementet.")),
        "nothing_to_undo": (409, _("Denne skanningen sjekket ikke inn noen, så det er ingenting å angre.")),
    }
    status, message = messages[exc.code]
    return error_response(status, message, exc.code)


def _errors_answered(view: Callable) -> Callable:
    """Every refusal of the check-in API as its JSON error: who may not (401/403/404), a bad body (400), and
    what the scan rules refuse (404/409 with the rule's code)."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Denied as exc:
            return _denied(exc)
        except BadBody as exc:
            return error_response(400, str(exc), "bad_request")
        except service.CheckinError as exc:
            return _service_error(exc)
    return wrapped


def scanned(work: Callable[[], service.Answer]) -> service.Answer:
    """A scan as one transaction (`work` does it); a nonce seen before is answered, once that transaction
    has rolled back, with the answer it got the first time."""
    try:
        with transaction():
            return work()
    except service.NonceSeen as seen:
        return service.replay(seen.where, seen.nonce)


@bp.post(PREFIX)
@_per_scanner
@csrf.exempt  # checked in scanner(): bearer tokens need none, session cookies do
@_errors_answered
def scan(slug: str):
    return jsonify(scanned(lambda: _scan(slug)).as_json())


def _scan(slug: str) -> service.Answer:
    # One transaction for the whole scan: who is scanning, where, and the badge's row lock (the outer
    # transaction() holds SQLite's write lock from its start; PostgreSQL locks the row).
    user, event = scanner(slug, state_changing=True)
    body = scan_request(request.get_json(silent=True))
    where = service.door(event.id, body.session_id, event.opened_at)
    if body.code is not None:
        return service.scan_text(where, body.code, nonce=body.nonce, scanned_at=body.scanned_at,
                                 user_id=user.user_id, begin=False)
    return service.scan(where, nonce=body.nonce, registration_id=body.registration_id,
                        scanned_at=body.scanned_at, user_id=user.user_id, begin=False)


@bp.post(PREFIX + "/undo")
@_per_scanner
@csrf.exempt
@_errors_answered
def undo(slug: str):
    with transaction():
        user, event = scanner(slug, state_changing=True)
        undone = service.undo(event.id, nonce_of(request.get_json(silent=True)), user.user_id)
    return jsonify(result="undone", registration={"name": undone.name, "organisation": undone.organisation})


@bp.get(PREFIX + "/roster")
@_errors_answered
def roster_json(slug: str):
    _, event = scanner(slug, state_changing=False)
    response = jsonify(event=event.slug, generated_at=clock.now().isoformat(), registrations=roster.roster(event.id))
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _session_query() -> int | None:
    """?session_id= of the counts: absent is the entrance; present, it must be a row id."""
    text = request.args.get("session_id")
    if text is None:
        return None
    session_id = number_in(text)
    if session_id is None:
        raise BadBody(_("«session_id» må være et positivt heltall (id-en til en økt), eller utelatt for inngangen."))
    return session_id


@bp.get(PREFIX + "/counts")
@_errors_answered
def counts_json(slug: str):
    _, event = scanner(slug, state_changing=False)
    counts = roster.counts(service.door(event.id, _session_query()))
    return jsonify(checked_in=counts.checked_in, expected=counts.expected)
