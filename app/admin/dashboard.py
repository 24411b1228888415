"""/admin/: the events with their key numbers, and each event's dashboard."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from app.admin import bp, charts
from app.admin.common import event_or_404
from app.admin.services import stats
from app.auth.access import organiser_required
from app.extensions import db
from app.models import EventStatus, OutboxMessage, OutboxStatus
from app.program import notices, queries, readiness


@bp.get("/")
@organiser_required
def dashboard():
    upcoming, past = queries.listed_events(statuses=tuple(EventStatus))
    summaries = stats.event_summaries(upcoming + past)
    failed = db.session.scalar(select(func.count()).where(OutboxMessage.status == OutboxStatus.FAILED))
    return render_template("admin/dashboard/index.html", upcoming=upcoming, past=past, summaries=summaries,
                           failed=failed)


@bp.get("/events/<slug:slug>/")
@organiser_required
def event(slug: str):
    ev = event_or_404(slug)
    summary = stats.event_summaries([ev])[ev.id]
    return render_template(
        "admin/dashboard/event.html", event=ev, summary=summary, over_time=charts.over_time(ev),
        counties=charts.counties(ev.id), years=charts.years(ev.id), seats=charts.seats(ev),
        arrivals=charts.arrivals(ev), pending=notices.pending(ev.id),
        due=readiness.due(ev), checklist=readiness.checklist(ev),
    )
