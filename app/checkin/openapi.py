"""The check-in paths of /api/v1/openapi.json (merged in by app/api/openapi.py)."""
from __future__ import annotations

from app.checkin.service import MAX_NONCE, MAX_SCANNED_TEXT, Result
from app.core.urls import MAX_ID

_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
_SECURITY = [{"bearerAuth": []}, {"cookieAuth": [], "csrfHeader": []}]
_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
_NONCE = {"type": "string", "minLength": 1, "maxLength": MAX_NONCE, "pattern": r"^[^\x00]*[^\s\x00][^\x00]*$",
          "description": "The client's id of this scan; the same nonce again gets the same answer."}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict:
    text = {
        400: "Bad body or query, e.g. an empty or non-numeric `session_id` (error `bad_request`), or missing CSRF "
             "token (`csrf_failed`).",
        401: "Not signed in, or no valid bearer token.",
        403: "Staff of another event.",
        404: "No such event (`not_found`), no such session at this event (`invalid_session`), or, for undo, no such "
             "scan (`unknown_scan`).",
        409: "The nonce belongs to another event (`nonce_conflict`), or the scan checked nobody in (`nothing_to_undo`).",
        429: "Too many scans from this scanner in a minute (`too_many_requests`); see Retry-After.",
    }
    return {str(s): _json(_ref("Error"), text[s]) for s in statuses}


def schemas() -> dict:
    registration = {
        "type": ["object", "null"],
        "required": ["name", "organisation", "checked_in_at"],
        "properties": {
            "name": {"type": "string"},
            "organisation": {"type": "string"},
            "checked_in_at": {"type": ["string", "null"], "format": "date-time",
                              "description": "When this check-in (ok) or the earlier one (already_checked_in) was scanned."},
            "checked_in_by": {"type": ["string", "null"], "description": "Who scanned the earlier check-in (already_checked_in)."},
            "signed_up": {"type": ["boolean", "null"],
                          "description": "At a session's door: false when not signed up (flagged, still checked in); null at the entrance."},
        },
    }
    return {
        "CheckinRequest": {
            "type": "object",
            "required": ["nonce"],
            "description": "Send `code` (the scanned text: `<BASE_URL>/b/<code>` from any host, or the code with or "
                           "without dashes) or, from a name search, `registration_id`: one of them, not both.",
            "properties": {
                "code": {"type": ["string", "null"], "maxLength": MAX_SCANNED_TEXT},
                "registration_id": {"oneOf": [_ID, {"type": "null"}]},
                "session_id": {"oneOf": [_ID, {"type": "null"}],
                               "description": "null: the entrance; else a session of the event (404 "
                                              "`invalid_session` when it is not one)."},
                "nonce": _NONCE,
                "scanned_at": {"type": ["string", "null"], "format": "date-time", "maxLength": 40,
                               "description": "When the scan was made, with its offset (offline scans sent later); "
                                              "default now. A time before the event's registration opened or more "
                                              "than 5 minutes ahead of the server is replaced by the server's time "
                                              "(the check-in is marked); one outside what UTC can hold is a 400."},
            },
            "oneOf": [
                {"required": ["code"], "properties": {"code": {"type": "string"}, "registration_id": {"type": "null"}}},
                {"required": ["registration_id"],
                 "properties": {"registration_id": {"type": "integer"}, "code": {"type": "null"}}},
            ],
        },
        "CheckinRegistration": registration,
        "CheckinAnswer": {
            "type": "object",
            "required": ["result", "registration"],
            "properties": {
                "result": {"type": "string", "enum": [r.value for r in Result]},
                "registration": _ref("CheckinRegistration"),
            },
        },
        "UndoRequest": {"type": "object", "required": ["nonce"], "properties": {"nonce": _NONCE}},
        "UndoAnswer": {
            "type": "object",
            "properties": {"result": {"type": "string", "enum": ["undone"]},
                           "registration": {"type": "object", "properties": {
                               "name": {"type": "string"}, "organisation": {"type": "string"}}}},
        },
        "CheckinCounts": {
            "type": "object",
            "properties": {"checked_in": {"type": "integer"}, "expected": {"type": "integer"}},
        },
    }


def paths() -> dict:
    return {
        "/events/{slug}/checkins": {"post": {
            "operationId": "checkIn",
            "summary": "Check in a scanned badge at the entrance or a session's door (staff only).",
            "security": _SECURITY,
            "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("CheckinRequest")}}},
            "responses": {"200": _json(_ref("CheckinAnswer"), "The answer for the door."),
                          **_errors(400, 401, 403, 404, 409, 429)},
        }},
        "/events/{slug}/checkins/undo": {"post": {
            "operationId": "undoCheckIn",
            "summary": "Take back the check-in a scan (by its nonce) made.",
            "security": _SECURITY,
            "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("UndoRequest")}}},
            "responses": {"200": _json(_ref("UndoAnswer"), "Undone."), **_errors(400, 401, 403, 404, 409, 429)},
        }},
        "/events/{slug}/checkins/roster": {"get": {
            "operationId": "checkinRoster",
            "summary": "For scanning offline: per registration the SHA-256 of its badge code and the code's last 8 "
                       "symbols (`tail`, to find a badge by its end), name, organisation, status, sessions with a "
                       "seat, and where it is checked in (`checkins`: door, time, by whom, and the nonce of the scan "
                       "that did it, for undo).",
            "security": _SECURITY[:1] + [{"cookieAuth": []}],
            "parameters": [_SLUG],
            "responses": {"200": {"description": "The roster."}, **_errors(400, 401, 403, 404)},
        }},
        "/events/{slug}/checkins/counts": {"get": {
            "operationId": "checkinCounts",
            "summary": "Checked in / expected at the entrance, or at a session with ?session_id=.",
            "security": _SECURITY[:1] + [{"cookieAuth": []}],
            "parameters": [_SLUG, {"name": "session_id", "in": "query", "required": False, "schema": _ID,
                                   "description": "Left out: the entrance. Empty or not a number: 400; not a "
                                                  "session of this event: 404."}],
            "responses": {"200": _json(_ref("CheckinCounts"), "The counters."), **_errors(400, 401, 403, 404)},
        }},
    }


SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "description": "A scanner token from `flask users token EMAIL`."},
    "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "session", "description": "A signed-in staff member."},
    "csrfHeader": {"type": "apiKey", "in": "header", "name": "X-CSRFToken",
                   "description": "With the session cookie, POST needs the page's CSRF token."},
}
