"""The group registration under the rush (part of bench_registration, on its gunicorn and database): GROUPS
contact persons at once, each registering COLLEAGUES colleagues for GROUP_SEATS seats through the real form —
the preview POST (the split shown), then the confirming POST; a 409 (the seats changed meanwhile, nothing
written) is confirmed again with the new split it shows, as a person would. One measurement is one whole
group: preview + confirm(s). Afterwards: 0 oversold, waiting-list positions 1..n, every group all or nothing."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

GROUPS = 100
COLLEAGUES = 3
GROUP_SEATS = 150
SLUG = "rush-groups"
NAME = (f"group registration rush (gunicorn ×4, PostgreSQL, 32 clients, {GROUPS} groups of {COLLEAGUES} for "
        f"{GROUP_SEATS} seats)")
_SPLIT = re.compile(rb'name="split" type="hidden" value="(\d+:\d+)"')


def prepare(make) -> int:
    return make.event(slug=SLUG, title="Gruppekonferansen", capacity=GROUP_SEATS).id


def _form(token: str, g: int) -> dict:
    form = {"csrf_token": token, "contact_name": f"Kontakt {g}", "contact_email": f"kontakt{g}@example.org",
            "organisation": "Eksempel kulturskole", "kommune": "3405", "privacy_accepted": "y"}
    for n in range(COLLEAGUES):
        form.update({f"colleagues-{n}-first_name": f"Kollega{n}", f"colleagues-{n}-last_name": f"Gruppe{g}",
                     f"colleagues-{n}-email": f"g{g}-{n}@example.org", f"colleagues-{n}-job_title": "Rektor",
                     f"colleagues-{n}-years_as_leader": "4-6"})
    return form


def register_group(request, client, g: int) -> tuple[int, int]:
    """(final status, confirming POSTs) for group `g` from `client` (its cookie and CSRF token)."""
    path = f"/events/{SLUG}/register/group"
    form = _form(client.token, g)
    status, _h, body = request(client.port, "POST", path, urlencode(form), client.headers)
    confirms = 0
    while status in (200, 409) and confirms < 5:
        split = _SPLIT.search(body)
        if split is None:
            return status, confirms
        confirms += 1
        status, _h, body = request(client.port, "POST", path,
                                   urlencode({**form, "split": split.group(1).decode(), "confirm": "1"}),
                                   client.headers)
    return status, confirms


def check(url: str, event_id: int) -> tuple[int, int, str]:
    """(oversold, broken, note): broken counts gaps in the waiting list and groups not whole."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT status, count(*) FROM registrations WHERE event_id = :e GROUP BY status"),
                                 {"e": event_id}).all())
        positions = [p for (p,) in conn.execute(text(
            "SELECT waitlist_position FROM registrations WHERE event_id = :e AND status = 'waitlisted' "
            "ORDER BY waitlist_position"), {"e": event_id})]
        sizes = [n for (n,) in conn.execute(text(
            "SELECT count(*) FROM registrations WHERE event_id = :e GROUP BY group_id"), {"e": event_id})]
        groups = conn.execute(text("SELECT count(*) FROM registration_groups WHERE event_id = :e"),
                              {"e": event_id}).scalar()
    engine.dispose()
    confirmed, waitlisted = rows.get("confirmed", 0), rows.get("waitlisted", 0)
    oversold = max(confirmed - GROUP_SEATS, 0)
    broken = ((0 if positions == list(range(1, waitlisted + 1)) else 1) + sum(s != COLLEAGUES for s in sizes)
              + abs(groups - GROUPS))
    note = f"{groups} groups stored, {confirmed} confirmed, {waitlisted} waitlisted (positions 1..{len(positions)})"
    return oversold, broken, note
