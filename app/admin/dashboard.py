"""/admin/: the events the user may see with their key numbers (administrators: all), and each event's dashboard."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from app.admin import bp, charts
from app.admin.common import event_or_404
from app.auth.access import may, requires
from app.extensions import db
from app.models import EventStatus, OutboxMessage, OutboxStatus
from app.program import notices, queries, readiness
from app.registration import stats


@bp.get("/")
@requires("view", event=None)
def dashboard():
    upcoming, past = queries.listed_events(statuses=tuple(EventStatus))
    upcoming, past = [e for e in upcoming if may(e, "view")], [e for e in past if may(e, "view")]  # only one's own
    summaries = stats.event_summaries(upcoming + past)
    failed = (db.session.scalar(select(func.count()).where(OutboxMessage.status == OutboxStatus.FAILED))
              if may(None, "admin") else 0)
    return render_template("admin/dashboard/index.html", upcoming=upcoming, past=past, summaries=summaries,
                           failed=failed)


@bp.get("/events/<slug:slug>/")
@requires("view")
def event(slug: str):
    ev = event_or_404(slug)
    summary = stats.event_summaries([ev])[ev.id]
    return render_template(
        "admin/dashboard/event.html", event=ev, summary=summary, over_time=charts.over_time(ev),
        counties=charts.counties(ev.id), years=charts.years(ev.id), seats=charts.seats(ev),
        arrivals=charts.arrivals(ev), pending=notices.pending(ev.id),
        due=readiness.due(ev), checklist=readiness.checklist(ev),
    )
