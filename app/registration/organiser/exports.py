"""Lists and exports: registrations as CSV and XLSX, the catering summary, the door list and attendance PDFs."""
from __future__ import annotations

from flask import abort, render_template

from app.admin.common import event_or_404
from app.auth.access import requires
from app.core.downloads import file_response
from app.extensions import db
from app.models import Session
from app.program import queries
from app.registration import add_on_lists, catering, lists
from app.registration import exports as export_service
from app.registration import listing as registration_list
from app.registration import lists_pdf as pdf
from app.registration.organiser import bp
from app.registration.organiser.registrations import filter_form


@bp.get("/events/<slug:slug>/exports")
@requires("view")
def exports(slug: str):
    event = event_or_404(slug)
    sessions = [s for s in queries.program(event) if s.is_signup]
    return render_template("registration/organiser/exports/index.html", event=event, sessions=sessions)


def _selected(slug: str):
    """The event and the registrations the list's filters (in the query string) select, as export rows."""
    event = event_or_404(slug)
    return event, registration_list.all_rows(event.id, filter_form(event).filters())


@bp.get("/events/<slug:slug>/registrations.csv")
@requires("view")
def export_csv(slug: str):
    event, rows = _selected(slug)
    return file_response(export_service.to_csv(rows), "text/csv", f"pameldinger-{event.slug}.csv")


@bp.get("/events/<slug:slug>/registrations.xlsx")
@requires("view")
def export_xlsx(slug: str):
    event, rows = _selected(slug)
    return file_response(export_service.to_xlsx(rows, event.title),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"pameldinger-{event.slug}.xlsx")


@bp.get("/events/<slug:slug>/catering")
@requires("view")
def catering_summary(slug: str):
    event = event_or_404(slug)
    return render_template("registration/organiser/exports/catering.html", event=event, summary=catering.summary(event.id),
                           add_ons=add_on_lists.counts(event.id))


@bp.get("/events/<slug:slug>/participants.pdf")
@requires("view")
def door_list(slug: str):
    event = event_or_404(slug)
    return file_response(pdf.door_list(event, lists.door_people(event.id)), "application/pdf",
                     f"deltakerliste-{event.slug}.pdf")


@bp.get("/events/<slug:slug>/attendance.pdf")
@requires("view")
def attendance(slug: str):
    event = event_or_404(slug)
    return file_response(pdf.attendance(event, lists.session_lists(event)), "application/pdf",
                     f"oppmotelister-{event.slug}.pdf")


@bp.get("/events/<slug:slug>/sessions/<int:session_id>/attendance.pdf")
@requires("view")
def session_attendance(slug: str, session_id: int):
    event = event_or_404(slug)
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    return file_response(pdf.attendance(event, lists.session_lists(event, session_id)), "application/pdf",
                     f"oppmoteliste-{session_id}.pdf")
