"""/admin/reach (?year=YYYY, ?school=1 for the school year Aug–Jul) and its .csv and .xlsx: administrators and
any event's team (read-only)."""
from __future__ import annotations

from flask import render_template, request

from app.auth.access import requires
from app.core import clock
from app.core.downloads import file_response
from app.core.urls import number_in
from app.extensions import db
from app.models import Municipality
from app.reach import bp, exports, service
from app.reach import presentation as show
from app.registration.choices import kommune_options

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period() -> service.Period:
    school = request.args.get("school") == "1"
    today = clock.oslo(clock.now())
    default = today.year - 1 if school and today.month < 8 else today.year
    return service.period(number_in(request.args.get("year"), 2000, 2100) or default, school=school)


def _lookup(p: service.Period) -> show.KommuneLookup | None:
    """?kommune=<kommunenummer>: is that one kommune reached?"""
    number = (request.args.get("kommune") or "").strip()
    found = db.session.get(Municipality, number) if number else None
    return show.KommuneLookup(found.official_name or found.name, service.is_reached(p, found.number)) \
        if found is not None else None


@bp.get("/reach")
@requires("view", event=None)
def page():
    reach = service.reach(_period())
    return render_template("reach/page.html", reach=reach, label=show.period_label(reach),
                           map=show.county_map(reach), header=show.county_header(), rows=show.county_rows(reach),
                           offers=show.offer_rows(reach), years=show.years_rows(reach),
                           school_sizes=show.school_size_rows(reach), kommuner=kommune_options(),
                           chosen=request.args.get("kommune", ""), lookup=_lookup(reach.period))


@bp.get("/reach.csv")
@requires("view", event=None)
def as_csv():
    reach = service.reach(_period())
    return file_response(exports.to_csv(reach), "text/csv", f"rekkevidde-{reach.period.year}.csv")


@bp.get("/reach.xlsx")
@requires("view", event=None)
def as_xlsx():
    reach = service.reach(_period())
    return file_response(exports.to_xlsx(reach), XLSX, f"rekkevidde-{reach.period.year}.xlsx")
