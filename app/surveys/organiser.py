"""Organisers: build surveys, preview them, read and export the results (/admin/surveys/…; an event's surveys at
/admin/events/<slug>/surveys)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice

from app.admin.common import actor, ask_first, confirmed, event_or_404
from app.admin.labels import globals_
from app.auth.access import may, requires
from app.core import clock
from app.core.transaction import transaction
from app.core.urls import moved
from app.extensions import db
from app.models import Event, Survey
from app.surveys import answering, builder, results, sending, window
from app.surveys.errors import InvalidAnswers, InvalidQuestion, LockedByAnswers, NotFound
from app.surveys.forms import (
    AUDIENCE_LABELS,
    KIND_LABELS,
    LOCKED_MESSAGES,
    QUESTION_PROBLEMS,
    NewSurveyForm,
    QuestionForm,
    SurveySettingsForm,
)
from app.surveys.routes import form_problems

bp = Blueprint("surveys_organiser", __name__, url_prefix="/admin")
bp.context_processor(globals_)  # the workspace's words for codes, as on every organiser page


def _survey(survey_id: int):
    try:
        return builder.get_survey(survey_id)
    except NotFound:
        abort(404)


def survey_event(kwargs) -> int | None:
    """The event of the survey in a route's URL (None for a template: it belongs to no one event); 404 if none."""
    row = db.session.execute(select(Survey.event_id).where(Survey.id == kwargs["survey_id"])).first()
    if row is None:
        abort(404)
    return row.event_id


def _listed() -> list:
    """The event surveys the signed-in user may see, with their numbers."""
    return [(s, n) for s, n in builder.all_event_surveys() if may(s.event_id, "view")]


def _new_form(event: Event | None = None) -> NewSurveyForm:
    form = NewSurveyForm()
    events = db.session.scalars(select(Event).order_by(Event.starts_at.desc())).all()
    form.event_id.choices = [SelectChoice(e.id, e.title) for e in events if may(e, "edit")]
    sources = [SelectChoice("blank", _("Tom undersøkelse"))]
    sources += [SelectChoice(str(t.id), _("Mal: %(title)s", title=t.title)) for t in builder.templates()]
    sources += [SelectChoice(str(s.id), _("Kopi av %(title)s (%(event)s)", title=s.title, event=s.event.title))
                for s in builder.copyable_surveys() if may(s.event_id, "view")]
    form.source.choices = sources
    if event is not None and request.method == "GET":
        form.event_id.data = event.id
    return form


@bp.get("/surveys/")
@requires("view", event=None)
def index():
    return render_template("surveys/organiser/index.html", surveys=_listed(),
                           templates=builder.templates(), form=_new_form(), event=None)


@bp.get("/events/<slug:slug>/surveys")
@requires("view")
def for_event(slug: str):
    event = event_or_404(slug)  # drafts too: a survey can be prepared before the event is published
    surveys = [(s, n) for s, n in _listed() if s.event_id == event.id]
    return render_template("surveys/organiser/index.html", surveys=surveys, templates=[], form=_new_form(event),
                           event=event)


@bp.post("/surveys/new")
@requires("edit", event=None)
def create():
    form = _new_form()
    if not form.validate_on_submit():
        return render_template("surveys/organiser/index.html", surveys=_listed(),
                               templates=builder.templates(), form=form, event=None), 400
    source = None if form.source.data == "blank" else int(form.source.data)
    with transaction():
        survey = builder.create_survey(form.event_id.data, title=form.title.data, source_id=source)
    flash(_("Undersøkelsen er opprettet som utkast."), "success")
    return redirect(url_for("surveys_organiser.edit", survey_id=survey.id), code=303)


def _settings_form(survey, **kwargs) -> SurveySettingsForm:
    form = SurveySettingsForm(**kwargs)
    return form.for_template() if survey.is_template else form


def _render_edit(survey, form: SurveySettingsForm, question_form: QuestionForm, status: int = 200):
    return render_template("surveys/organiser/edit.html", survey=survey, form=form, question_form=question_form,
                           locked=builder.has_answers(survey.id), kinds=KIND_LABELS,
                           audiences=AUDIENCE_LABELS, send_at=window.send_at(survey),
                           sending_state=sending.state(survey, clock.now())), status


@bp.route("/surveys/<int:survey_id>", methods=["GET", "POST"])
@requires("edit", event=survey_event, reads="view")
def edit(survey_id: int):
    survey = _survey(survey_id)
    form = _settings_form(survey)
    if request.method == "GET":
        form.fill(survey)
    elif form.validate_on_submit():
        with transaction():
            builder.update_settings(survey.id, form.settings(survey))
        flash(_("Innstillingene er lagret."), "success")
        return redirect(url_for("surveys_organiser.edit", survey_id=survey.id), code=303)
    else:
        return _render_edit(survey, form, QuestionForm(prefix="new", formdata=None), 400)
    return _render_edit(survey, form, QuestionForm(prefix="new", formdata=None))


@bp.post("/surveys/<int:survey_id>/questions")
@requires("edit", event=survey_event)
def add_question(survey_id: int):
    survey = _survey(survey_id)
    question_form = QuestionForm(prefix="new")
    problem = None
    if question_form.validate_on_submit():
        try:
            with transaction():
                builder.add_question(survey.id, question_form.question_input())
        except InvalidQuestion as error:
            problem = QUESTION_PROBLEMS[error.problem]
        else:
            flash(_("Spørsmålet er lagt til."), "success")
            return redirect(url_for("surveys_organiser.edit", survey_id=survey.id, _anchor="questions"), code=303)
    if problem:
        question_form.options.errors = [*question_form.options.errors, problem]
    settings = _settings_form(survey, formdata=None)
    settings.fill(survey)
    return _render_edit(survey, settings, question_form, 400)


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
@requires("edit", event=survey_event, reads="view")
def edit_question(survey_id: int, question_id: int):
    survey = _survey(survey_id)
    try:
        question = builder.get_question(survey.id, question_id)
    except NotFound:
        abort(404)
    form = QuestionForm()
    problem = None
    if request.method == "GET":
        form.fill(question)
    elif form.validate_on_submit():
        try:
            with transaction():
                builder.update_question(survey.id, question.id, form.question_input())
        except InvalidQuestion as error:
            problem = QUESTION_PROBLEMS[error.problem]
        except LockedByAnswers as error:
            db.session.rollback()
            problem = LOCKED_MESSAGES[error.what]
        else:
            flash(_("Spørsmålet er lagret."), "success")
            return redirect(url_for("surveys_organiser.edit", survey_id=survey.id, _anchor="questions"), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("surveys/organiser/question.html", survey=survey, question=question, form=form,
                           problem=problem, locked=builder.has_answers(survey.id)), status


@bp.post("/surveys/<int:survey_id>/questions/<int:question_id>/move")
@requires("edit", event=survey_event)
def move_question(survey_id: int, question_id: int):
    survey = _survey(survey_id)
    try:
        with transaction():
            builder.move_question(survey.id, question_id, -1 if request.form.get("direction") == "up" else 1)
    except NotFound:
        abort(404)
    return redirect(url_for("surveys_organiser.edit", survey_id=survey.id, _anchor=f"question-{question_id}"), code=303)


@bp.post("/surveys/<int:survey_id>/questions/<int:question_id>/delete")
@requires("edit", event=survey_event)
def delete_question(survey_id: int, question_id: int):
    survey = _survey(survey_id)
    if not confirmed():
        return ask_first(_("Fjerne spørsmålet?"),
                         _("Spørsmålet og svaralternativene blir borte fra undersøkelsen."), _("Ja, fjern spørsmålet"),
                         url_for("surveys_organiser.edit", survey_id=survey.id, _anchor=f"question-{question_id}"))
    try:
        with transaction():
            builder.delete_question(survey.id, question_id)
    except NotFound:
        abort(404)
    except LockedByAnswers as error:
        flash(str(LOCKED_MESSAGES[error.what]), "error")
    else:
        flash(_("Spørsmålet er fjernet."), "success")
    return redirect(url_for("surveys_organiser.edit", survey_id=survey.id, _anchor="questions"), code=303)


@bp.post("/surveys/<int:survey_id>/delete")
@requires("edit", event=survey_event)
def delete(survey_id: int):
    survey = _survey(survey_id)
    event = survey.event
    try:
        with transaction():
            builder.delete_survey(survey.id)
    except LockedByAnswers as error:
        flash(str(LOCKED_MESSAGES[error.what]), "error")
        return redirect(url_for("surveys_organiser.edit", survey_id=survey.id), code=303)
    flash(_("Undersøkelsen er slettet."), "success")
    if event is not None:
        return redirect(url_for("surveys_organiser.for_event", slug=event.slug), code=303)
    return redirect(url_for("surveys_organiser.index"), code=303)


@bp.route("/surveys/<int:survey_id>/preview", methods=["GET", "POST"])
@requires("edit", event=survey_event)
def preview(survey_id: int):
    """The survey as a participant sees it; sending it checks the answers but stores nothing."""
    survey = _survey(survey_id)
    sessions = answering.sessions_for(
        sending.sessions_to_rate(survey.event_id, [0])[0]) if survey.event_id else []
    problems, accepted = {}, False
    if request.method == "POST":
        try:
            answering.validate(survey, [s.id for s in sessions], request.form.to_dict(flat=False))
            accepted = True
        except InvalidAnswers as invalid:
            problems = form_problems(survey, invalid.problems)
    values = request.form if request.method == "POST" else MultiDict()
    return render_template("surveys/organiser/preview.html", survey=survey, sessions=sessions, values=values,
                           problems=problems, accepted=accepted,
                           action=url_for("surveys_organiser.preview", survey_id=survey.id)), 400 if problems else 200


def _compare_param() -> int | None:
    raw = request.args.get("compare", "")
    if raw == "none":
        return 0
    return int(raw) if raw.isdigit() else None


@bp.get("/surveys/<int:survey_id>/results")
@requires("view", event=survey_event)
def results_page(survey_id: int):
    survey = results.load_survey(survey_id)
    if survey is None:
        abort(404)
    found = results.results(survey, _compare_param())
    return render_template("surveys/organiser/results.html", r=found, survey=survey, send_at=window.send_at(survey),
                           sending_state=sending.state(survey, clock.now()))


def _back(survey_id: int):
    """Back to the page the sending buttons were pressed on (the settings or the results)."""
    page = "surveys_organiser.results_page" if request.form.get("back") == "results" else "surveys_organiser.edit"
    return redirect(url_for(page, survey_id=survey_id, _anchor="sending"), code=303)


@bp.post("/surveys/<int:survey_id>/send-test")
@requires("edit", event=survey_event)
def send_test(survey_id: int):
    survey = _survey(survey_id)
    try:
        with transaction():
            sending.send_test(survey.id, current_user)
    except NotFound:
        abort(404)
    flash(_("En testinvitasjon er sendt til %(email)s. Den teller ikke som invitasjon eller svar.",
            email=current_user.email), "success")
    return _back(survey.id)


@bp.post("/surveys/<int:survey_id>/send-now")
@requires("edit", event=survey_event)
def send_now(survey_id: int):
    survey = _survey(survey_id)
    try:
        with transaction():
            report = sending.send_now(survey.id, actor())
    except sending.NotDue:
        flash(_("Undersøkelsen sendes ikke nå: den må være publisert, arrangementet må være over, og den kan "
                "ikke være stengt."), "error")
        return _back(survey.id)
    if report.invited or report.reminded:
        flash(" ".join([ngettext("%(num)d invitasjon er lagt i utboksen.", "%(num)d invitasjoner er lagt i utboksen.",
                                 report.invited),
                        ngettext("%(num)d påminnelse er lagt i utboksen.", "%(num)d påminnelser er lagt i utboksen.",
                                 report.reminded)]), "success")
    else:
        flash(_("Ingenting å sende nå: alle i målgruppen er invitert, og ingen påminnelse er forfalt."), "success")
    return _back(survey.id)


@bp.get("/surveys/<int:survey_id>/questions/<int:question_id>/texts")
@requires("view", event=survey_event)
def texts(survey_id: int, question_id: int):
    survey = _survey(survey_id)
    try:
        question = builder.get_question(survey.id, question_id)
    except NotFound:
        abort(404)
    items = results.all_texts(question.id)
    hidden = len(items) < survey.min_group_size
    return render_template("surveys/organiser/texts.html", survey=survey, question=question,
                           texts=[] if hidden else items, hidden=hidden)


@bp.get("/surveys/<int:survey_id>/results.<any(csv, xlsx, pdf):fmt>")
@requires("view", event=survey_event)
def export(survey_id: int, fmt: str):
    survey = results.load_survey(survey_id)
    if survey is None:
        abort(404)
    found = results.results(survey, _compare_param())
    # openpyxl and reportlab are imported here, not at start-up: every process (and `flask …`) starts faster.
    from app.surveys import exports, report_pdf

    if fmt == "csv":
        return exports.csv_response(found)
    if fmt == "xlsx":
        return exports.xlsx_response(found)
    return report_pdf.pdf_response(found)


moved(bp, "/surveys/event/<slug:slug>", "surveys_organiser.for_event")
