"""The organisers' live arrivals view of an event (/admin/events/<slug>/checkins)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _

from app.admin.labels import globals_
from app.auth.access import requires
from app.charts.svg import Datum, bar_chart, column_chart
from app.checkin import roster, service, stats
from app.program import queries

bp = Blueprint("checkin_organiser", __name__, url_prefix="/admin/events/<slug:slug>/checkins")
bp.context_processor(globals_)  # the workspace's words for codes, as on every organiser page


@bp.get("")
@requires("view")
def overview(slug: str):
    event = queries.event_by_slug(slug, include_drafts=True)
    if event is None:
        abort(404)
    buckets, size = stats.arrivals(event.id)
    several_days = bool(buckets) and buckets[0].start.date() != buckets[-1].start.date()
    arrival_data = [Datum(stats.bucket_label(b.start, size, several_days), b.count) for b in buckets]
    sessions = stats.per_session(event.id)
    session_data = [Datum(f"{s.title}", s.checked_in, _("av %(n)d", n=s.expected)) for s in sessions]
    total = roster.counts(service.Door(event.id))
    per = stats.size_label(size)
    return render_template(
        "checkin/overview.html", event=event, total=total, sessions=sessions,
        arrival_data=arrival_data, session_data=session_data, bucket_size=per,
        refused=stats.refused_times(event.id),
        arrivals_svg=column_chart(arrival_data, title=_("Ankomster over tid"),
                                  description=_("Innsjekkinger ved inngangen per %(size)s.", size=per)),
        sessions_svg=bar_chart(session_data, title=_("Innsjekkinger per økt"),
                               description=_("Antall sjekket inn ved døren til hver økt, av forventet antall.")),
    )
