"""Sending a role's request, and judging the answer against the access table and the header rules."""
from __future__ import annotations

from tests.clients import SignedIn
from tests.security.access_table import LOGIN, ME_LOGIN, MOVED, NEUTRAL, OK, SPEAKER_LOGIN, Outcome
from tests.security.routes import SAFE

NEUTRAL_HEADING = "Et navneskilt fra Kulturskolerådet"
PERSONAL = ("Kari", "Deltaker", "Vera", "Vest", "deltaker@example.org")
JSON_PREFIXES = ("/api/", "/healthz")
CSRF_MESSAGE = "sikkerhetsnøkkel"


def send(person: SignedIn, method: str, url: str, *, token: str | None = "own", body: dict | None = None):
    """The request a browser (or the scanner page) of `person` makes: for state-changing methods the CSRF
    token goes in the form, or in X-CSRFToken for JSON. token=None sends none; any other string is sent as is."""
    if method in SAFE:
        return person.client.open(url, method=method)
    csrf = person.token if token == "own" else token
    if url.startswith("/api/"):
        headers = {"X-CSRFToken": csrf} if csrf else {}
        return person.client.open(url, method=method, json=body if body is not None else {"nonce": "n"},
                                  headers=headers)
    data = dict(body or {})
    if csrf:
        data["csrf_token"] = csrf
    return person.client.open(url, method=method, data=data)


def _is_login_redirect(response, path: str) -> bool:
    return response.status_code == 302 and response.headers.get("Location", "").startswith(f"{path}?next=")


def _error_body_problem(response, url: str) -> str | None:
    """A refusal must say so clearly: JSON {"error", "message"} under /api, else a Norwegian page or text."""
    if url.startswith(JSON_PREFIXES):
        body = response.get_json(silent=True)
        if not isinstance(body, dict) or set(body) != {"error", "message"}:
            return f"not a JSON error: {response.get_data(as_text=True)[:200]!r}"
        return None
    text = response.get_data(as_text=True)
    if response.mimetype == "text/plain":
        return None if "Fant ikke" in text else f"unclear plain-text refusal {text[:200]!r}"
    if response.mimetype != "text/html" or '<html lang="nb"' not in text:
        return f"not a Norwegian page ({response.mimetype}): {text[:200]!r}"
    return None


def outcome_problem(response, expected: Outcome, url: str) -> str | None:
    """None when the answer is what the table says, else what is wrong."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if expected == OK:
        if status >= 400 or any(_is_login_redirect(response, path) for path in ("/login", "/speaker/login",
                                                                                 "/me/signin")):
            return f"refused ({status} {response.headers.get('Location', '')}) but the table allows it"
        return None
    if expected == LOGIN:
        return None if _is_login_redirect(response, "/login") else f"expected 302 to /login, got {status}"
    if expected == SPEAKER_LOGIN:
        if _is_login_redirect(response, "/speaker/login"):
            return None
        return f"expected 302 to /speaker/login, got {status}"
    if expected == MOVED:
        return None if status == 301 and response.headers.get("Location") else f"expected 301, got {status}"
    if expected == ME_LOGIN:
        return None if _is_login_redirect(response, "/me/signin") else f"expected 302 to /me/signin, got {status}"
    if expected == NEUTRAL:
        text = response.get_data(as_text=True)
        if status != 200 or NEUTRAL_HEADING not in text:
            return f"expected the neutral badge page, got {status}"
        shown = [word for word in PERSONAL if word in text]
        return f"the neutral page shows personal data: {shown}" if shown else None
    if status != expected:
        return f"expected {expected}, got {status}"
    return _error_body_problem(response, url)


def header_problems(response, endpoint: str | None, *, https: bool = False) -> list[str]:
    """Headers every response carries: a strict CSP, nosniff, a referrer policy; HSTS exactly behind HTTPS."""
    problems = []
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    if not csp:
        problems.append("no Content-Security-Policy")
    if "'unsafe-inline'" in csp or "'unsafe-eval'" in csp:
        problems.append(f"CSP allows unsafe code: {csp}")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"CSP frame-ancestors is not 'none': {csp}")
    if directives.get("object-src") != ["'none'"]:
        problems.append(f"CSP object-src is not 'none': {csp}")
    if "'wasm-unsafe-eval'" in csp and endpoint != "checkin.scanner":
        problems.append(f"'wasm-unsafe-eval' outside the scanner page ({endpoint})")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.headers.get("Referrer-Policy") not in {"same-origin", "strict-origin-when-cross-origin", "no-referrer"}:
        problems.append(f"Referrer-Policy {response.headers.get('Referrer-Policy')!r}")
    hsts = response.headers.get("Strict-Transport-Security")
    if https and (not hsts or "max-age=" not in hsts or int(hsts.split("max-age=")[1].split(";")[0]) < 15552000):
        problems.append(f"behind HTTPS without a long HSTS: {hsts!r}")
    if not https and hsts:
        problems.append(f"HSTS over plain HTTP: {hsts!r}")
    return problems
