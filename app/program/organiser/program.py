"""The program editor: the grid and the list, and creating, editing, moving and cancelling sessions."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.admin.common import actor, confirmed, event_or_404
from app.auth.access import requires
from app.core.forms import apply_errors
from app.core.transaction import transaction
from app.extensions import db
from app.models import Session, SessionKind
from app.program import conflicts, editing, grid, places, queries
from app.program.errors import ConflictsFound, Invalid, NotFound
from app.program.organiser import bp
from app.program.organiser.session_forms import AddSpeakerForm, MoveForm, NewSpeakerForm, SessionForm
from app.speakers import directory as speaker_service


def session_or_404(event, session_id: int) -> Session:
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    return session


def _session_form(event, obj=None) -> SessionForm:
    form = SessionForm(obj=obj)
    form.fill_choices(places.rooms_for(event), event.tracks)
    return form


@bp.get("/events/<slug:slug>/program")
@requires("view")
def program(slug: str):
    event = event_or_404(slug)
    view = "list" if request.args.get("view") == "list" else "grid"
    sessions = queries.program(event, include_cancelled=True)
    return render_template(
        "program/organiser/program/index.html", event=event, view=view, sessions=sessions,
        grids=grid.build(sessions, places.rooms_for(event)), days=queries.by_day(sessions),
        conflicts=conflicts.in_program(event, sessions), counts=queries.session_counts(event.id),
    )


@bp.route("/events/<slug:slug>/sessions/new", methods=["GET", "POST"])
@requires("edit")
def new_session(slug: str):
    event = event_or_404(slug)
    form = _session_form(event)
    if not form.is_submitted():
        form.kind.data = SessionKind.WORKSHOP.value
        form.starts_at.data, form.ends_at.data = event.starts_at, event.starts_at + timedelta(hours=1)
    found, mark = [], None
    if form.validate_on_submit():
        try:
            with transaction():
                session = editing.create_session(event.id, form.to_draft(), actor(), confirmed=request.form.get("confirm"))
        except ConflictsFound as err:
            found, mark = err.conflicts, err.fingerprint
        except Invalid as err:
            apply_errors(form, err.errors)
        else:
            flash(_("Programposten «%(title)s» er lagt til.", title=session.title), "success")
            return redirect(url_for("program_organiser.edit_session", slug=slug, session_id=session.id), code=303)
    status = 409 if found else 400 if form.errors else 200
    return render_template("program/organiser/program/session_form.html", event=event, form=form, session=None,
                           conflicts=found, fingerprint=mark), status


@bp.route("/events/<slug:slug>/sessions/<int:session_id>", methods=["GET", "POST"])
@requires("edit", reads="view")
def edit_session(slug: str, session_id: int):
    event = event_or_404(slug)
    session = session_or_404(event, session_id)
    form = _session_form(event, session)
    found, mark, loose = [], None, []
    if form.validate_on_submit():
        try:
            with transaction():
                editing.update_session(event.id, session.id, form.to_draft(), actor(), confirmed=request.form.get("confirm"))
        except ConflictsFound as err:
            found, mark = err.conflicts, err.fingerprint
        except Invalid as err:
            loose = apply_errors(form, err.errors)
        else:
            flash(_("Endringene i «%(title)s» er lagret.", title=session.title), "success")
            return redirect(url_for("program_organiser.program", slug=slug), code=303)
    elif not form.is_submitted() and session.status.value == "scheduled":
        found = editing.check(event.id, editing.draft_of(session), session.id)
    status = 409 if mark else 400 if form.errors or loose else 200
    return session_page(event, session, form=form, conflicts=found, fingerprint=mark, status=status,
                        error=" ".join(loose) or None)


def session_page(event, session: Session, *, form: SessionForm | None = None,
                 new_speaker: NewSpeakerForm | None = None, conflicts: list = (), fingerprint: str | None = None,
                 status: int = 200, error: str | None = None):
    """The session's page: its form, its speakers (with search and a new-speaker form), its seats."""
    query = request.args.get("speaker_q", "").strip()[:100]
    return render_template(
        "program/organiser/program/session_form.html", event=event, session=session, form=form or _session_form(event, session),
        conflicts=list(conflicts), fingerprint=fingerprint, error=error, add_form=AddSpeakerForm(prefix="add"),
        new_speaker=new_speaker or NewSpeakerForm(prefix="sp"), speaker_q=query,
        speaker_hits=speaker_service.search(query, limit=20) if query else [],
        counts=queries.session_counts(event.id).get(session.id),
    ), status


@bp.route("/events/<slug:slug>/sessions/<int:session_id>/move", methods=["GET", "POST"])
@requires("edit")
def move_session(slug: str, session_id: int):
    event = event_or_404(slug)
    session = session_or_404(event, session_id)
    if session.status.value == "cancelled":
        flash(_("En avlyst programpost kan ikke flyttes."), "error")
        return redirect(url_for("program_organiser.program", slug=slug), code=303)
    form = MoveForm(obj=session)
    form.room_id.choices = [("", _("Ikke valgt"))] + [(r.id, r.name) for r in places.rooms_for(event)]
    found, mark = [], None
    if form.validate_on_submit():
        try:
            with transaction():
                editing.move_session(event.id, session.id, form.starts_at.data, form.room_id.data, actor(),
                                     confirmed=request.form.get("confirm"))
        except ConflictsFound as err:
            found, mark = err.conflicts, err.fingerprint
        except Invalid as err:
            apply_errors(form, err.errors)
        else:
            flash(_("«%(title)s» er flyttet.", title=session.title), "success")
            return redirect(url_for("program_organiser.program", slug=slug), code=303)
    status = 409 if mark else 400 if form.errors else 200
    return render_template("program/organiser/program/move.html", event=event, session=session, form=form, conflicts=found,
                           fingerprint=mark), status


@bp.route("/events/<slug:slug>/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@requires("edit")
def cancel_session(slug: str, session_id: int):
    event = event_or_404(slug)
    session = session_or_404(event, session_id)
    if request.method == "POST" and confirmed():
        try:
            with transaction():
                report = editing.cancel_session(event.id, session.id, actor())
        except NotFound:
            abort(404)
        told = (ngettext("%(num)d person får beskjed på e-post.", "%(num)d personer får beskjed på e-post.",
                         report.notified) if report.notified else _("Ingen trengte beskjed."))
        flash(_("«%(title)s» er avlyst.", title=session.title) + " " + told, "success")
        return redirect(url_for("program_organiser.program", slug=slug), code=303)
    return render_template("program/organiser/program/cancel.html", event=event, session=session,
                           recipients=editing.cancellation_recipients(event.id, session.id))
