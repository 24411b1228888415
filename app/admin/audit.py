"""The audit log: who changed what, old → new, with filters."""
from __future__ import annotations

from flask import render_template, request

from app.admin import audit_log, bp
from app.admin.common import page_number
from app.admin.labels import ACTOR_TYPE
from app.auth.access import requires
from app.core.urls import number_in
from app.program import queries
from app.registration.listing import Page

PER_PAGE = 50


def _int(name: str) -> int | None:
    return number_in(request.args.get(name))


@bp.get("/audit")
@requires("admin", event=None)
def audit():
    entity_type = request.args.get("type", "")
    actor_type = request.args.get("actor_type", "")
    filters = audit_log.Filters(
        entity_type=entity_type if entity_type in audit_log.ENTITY_TYPES else "",
        entity_id=_int("id"), event_id=_int("event"),
        actor_type=actor_type if actor_type in ACTOR_TYPE else "",
        actor=request.args.get("actor", "").strip()[:100],
    )
    lines, total = audit_log.page(filters, page_number(), PER_PAGE)
    upcoming, past = queries.listed_events(statuses=("draft", "published", "cancelled"))
    page = Page([], total, min(page_number(), max(1, -(-total // PER_PAGE))), PER_PAGE)
    return render_template("admin/audit/index.html", lines=lines, filters=filters, page=page, events=upcoming + past,
                           entity_types=audit_log.ENTITY_TYPES)
