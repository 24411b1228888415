"""JSON API v1 (CONTRACT.md) and the health check."""
from __future__ import annotations

from flask import abort, jsonify, request
from sqlalchemy import text

from app.api import bp, openapi
from app.api.serializers import event_summary, program_payload, with_counts
from app.extensions import db
from app.models import EventStatus
from app.program import queries


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure of the database means "not healthy"
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/api/v1/events")
def events():
    upcoming_only = request.args.get("upcoming") in {"1", "true", "yes"}
    upcoming, past = queries.listed_events(statuses=(EventStatus.PUBLISHED,), upcoming_only=upcoming_only)
    listed = upcoming + past
    counts = queries.event_counts(listed)
    return jsonify([event_summary(e, counts[e.id]) for e in listed])


@bp.get("/api/v1/events/<slug:slug>")
def event(slug: str):
    ev = queries.event_by_slug(slug)
    if ev is None or ev.status != EventStatus.PUBLISHED:
        abort(404)
    state = queries.event_state(ev)
    body = event_summary(ev, state.event)
    body["sessions"] = [with_counts(item, state.sessions.get(item["id"])) for item in program_payload(ev, state.version)]
    return jsonify(body)


@bp.get("/api/v1/openapi.json")
def openapi_spec():
    return jsonify(openapi.spec())
