"""Pages: the scanner (/checkin/<slug>), a badge's QR (/b/<code>), the organisers' arrivals overview."""
from __future__ import annotations

import secrets

from flask import abort, make_response, render_template
from flask_login import current_user

from app.auth.access import may, requires
from app.auth.service import scanning_events
from app.checkin import bp, messages, roster, service
from app.checkin.access import Denied, scanning_event
from app.checkin.api import scanned
from app.core.clock import time_label
from app.core.security import CSP
from app.registration import links

# The camera decoder (zxing-wasm, when the browser has no BarcodeDetector) is WebAssembly, which
# needs 'wasm-unsafe-eval'. Only the scanner page gets it; every other page keeps the strict policy.
SCANNER_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")


def _event_for(slug: str):
    try:
        return scanning_event(slug, current_user)
    except Denied as exc:
        abort(exc.status)


@bp.get("/checkin/")
@requires("signed_in", event=None)
def my_events():
    """Where door staff land after signing in when they scan at several events (or none yet)."""
    return render_template("checkin/my_events.html", events=scanning_events(current_user))


@bp.get("/checkin/<slug:slug>")
@requires("checkin")
def scanner(slug: str):
    event = _event_for(slug)
    html = render_template("checkin/scanner.html", event=event, doors=roster.doors(event.id),
                           texts=messages.result_messages(), not_signed_up=messages.NOT_SIGNED_UP)
    response = make_response(html)
    response.headers["Content-Security-Policy"] = SCANNER_CSP
    return response


def _badge_for_staff(code: str):
    """The registration behind `code` when the signed-in user may check in at its event, else None."""
    if not current_user.is_authenticated:
        return None
    normalised = service.code_from_scan(code)
    registration = links.by_badge_code(normalised) if normalised else None
    if registration is None or not may(registration.event_id, "checkin"):
        return None
    return registration


@bp.get("/b/<code>")
def badge(code: str):
    registration = _badge_for_staff(code)
    if registration is None:
        # The same page for every code and every visitor who is not this event's door staff.
        return render_template("checkin/badge_neutral.html")
    active = service.active_checkin(registration.id, None)
    return render_template("checkin/badge_staff.html", registration=registration, event=registration.event,
                           code=code, active=active, texts=messages.result_messages())


@bp.post("/b/<code>")
@requires("checkin", event=None)
def badge_checkin(code: str):
    registration = _badge_for_staff(code)
    if registration is None:
        return render_template("checkin/badge_neutral.html")
    event = registration.event
    answer = scanned(lambda: service.scan_text(service.Door(event.id), code, nonce="b-" + secrets.token_hex(16),
                                               user_id=current_user.id))
    message = messages.result_messages()[answer.result]
    detail = None
    if answer.result == service.Result.ALREADY_CHECKED_IN and answer.checked_in_at:
        detail = messages.checked_in_detail(time_label(answer.checked_in_at), answer.checked_in_by)
    return render_template("checkin/badge_result.html", answer=answer, message=message, detail=detail,
                           event=event)
