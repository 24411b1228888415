"""One more app process for the rate-limit tests: `python -m tests.security.limiter_probe SPEC`.

SPEC is JSON: {"database": URL, "storage": "redis://…", "prefix": "…", "checkin_limit": "40 per minute",
"steps": [{"path": "/speaker/login", "times": N, "form": {...}} or {"path": …, "times": N, "json": {...},
"headers": {...}}, …]}. The app is built in this process, with its own Flask-Limiter storage connection; each step
POSTs N times (a form with the page's CSRF token, or a JSON body with a fresh nonce). Prints the statuses, one list
per step, as JSON on the last line.
"""
from __future__ import annotations

import json
import sys
import uuid


def main(spec: dict) -> list[list[int]]:
    from app import create_app
    from tests.factories import csrf_from

    app = create_app("testing", {
        "SQLALCHEMY_DATABASE_URI": spec["database"],
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": spec["storage"],
        "RATELIMIT_KEY_PREFIX": spec["prefix"],
        "CHECKIN_RATE_LIMIT": spec["checkin_limit"],
    })
    client = app.test_client()
    found = []
    for step in spec["steps"]:
        token = csrf_from(client.get(step["path"]).get_data(as_text=True)) if "form" in step else None
        statuses = []
        for _ in range(step["times"]):
            if token:
                kw = {"data": {**step["form"], "csrf_token": token}}
            else:
                kw = {"json": {**step["json"], "nonce": uuid.uuid4().hex}, "headers": step.get("headers", {})}
            statuses.append(client.post(step["path"], **kw).status_code)
        found.append(statuses)
    return found


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(json.loads(sys.argv[1]))) + "\n")
