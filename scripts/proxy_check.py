"""`make prod-check`, through nginx: python scripts/proxy_check.py http://127.0.0.1:<nginx port>

- a forged X-Forwarded-For does not escape the sign-in limit (nginx replaces it with the client's address);
- slow clients (stalled headers, a body that never arrives) do not starve gunicorn's workers: the
  door scanner's answers keep coming.
"""
from __future__ import annotations

import http.cookiejar
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

LOGIN_LIMIT = 10  # per minute per client (app/auth/routes.py)
SLOW_CLIENTS = 16  # four times gunicorn's workers
PATIENCE = 2.0  # seconds an answer may take while the slow clients hang on


def login_statuses(base: str, attempts: int) -> list[int]:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + "/login", timeout=10).read().decode("utf-8")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": "arrangor@example.org", "password": "feil", "csrf_token": token}).encode()
    statuses = []
    for i in range(attempts):
        request = urllib.request.Request(base + "/login", data=data, headers={"X-Forwarded-For": f"198.51.100.{i}"})
        try:
            with opener.open(request, timeout=10) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as err:
            statuses.append(err.code)
    return statuses


def slow_clients(host: str, port: int) -> list[socket.socket]:
    """Half the clients stall in their headers, half promise a body they never send."""
    held = []
    for i in range(SLOW_CLIENTS):
        s = socket.create_connection((host, port), timeout=5)
        if i % 2:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: samling\r\nX-Slow: ")
        else:
            s.sendall(b"POST /login HTTP/1.1\r\nHost: samling\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: 100000\r\n\r\nemail=")
        held.append(s)
    return held


def timed_get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    return status, time.monotonic() - started


def main(base: str) -> int:
    failures = []

    def check(ok: bool, what: str) -> None:
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    statuses = login_statuses(base, LOGIN_LIMIT + 2)
    check(statuses == [200] * LOGIN_LIMIT + [429, 429],
          f"a new forged X-Forwarded-For on every guess: still {LOGIN_LIMIT} guesses, then 429 ({statuses})")

    parts = urllib.parse.urlsplit(base)
    held = slow_clients(parts.hostname, parts.port)
    try:
        time.sleep(0.5)
        answers = [timed_get(base + path) for path in ("/healthz", "/login", "/healthz", "/api/v1/events")]
    finally:
        for s in held:
            s.close()
    slowest = max(seconds for _, seconds in answers)
    check(all(status == 200 for status, _ in answers) and slowest < PATIENCE,
          f"{SLOW_CLIENTS} slow clients hang on, the others are answered at once (slowest {slowest:.2f} s)")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
