"""Registrations: the searchable, filtered, paged list; one registration to edit, cancel or confirm; by hand."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.admin.common import actor, event_or_404, page_number
from app.auth.access import requires
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.models import SIGNUP_KINDS, Registration, Session, SessionStatus
from app.registration import listing as registration_list
from app.registration import service
from app.registration.choices import kommune_options
from app.registration.errors import AlreadyRegistered, InvalidSessionChoice, NotFound, RegistrationClosed
from app.registration.organiser import bp
from app.registration.organiser.forms import ApplicantForm, FilterForm, NewRegistrationForm, SessionsForm


def filter_form(event) -> FilterForm:
    form = FilterForm(request.args)
    form.fill_choices(registration_list.county_options(), registration_list.kommune_options(event.id),
                      _signup_sessions(event.id))
    return form


def _signup_sessions(event_id: int) -> list[Session]:
    return list(db.session.scalars(select(Session).where(
        Session.event_id == event_id, Session.kind.in_(SIGNUP_KINDS), Session.status == SessionStatus.SCHEDULED)
        .order_by(Session.starts_at, Session.id)))


def _registration_or_404(event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


def _session_choices(event_id: int) -> list[tuple[int, str]]:
    return [(s.id, f"{clock.day_month(s.starts_at)} {clock.time_label(s.starts_at)} {s.title}")
            for s in _signup_sessions(event_id)]


def service_error(err: Exception) -> str:
    if isinstance(err, AlreadyRegistered):
        return _("Denne e-postadressen er allerede påmeldt dette arrangementet.")
    if isinstance(err, InvalidSessionChoice):
        if err.reason == "overlap":
            return _("«%(a)s» og «%(b)s» er samtidig. Velg én av dem.", a=err.titles[0], b=err.titles[1])
        return _("Et av valgene kan ikke velges (avlyst eller uten påmelding).")
    if isinstance(err, RegistrationClosed):
        return _("Arrangementet tar ikke imot påmeldinger (det er avlyst, et utkast eller over).")
    return _("Påmeldingen finnes ikke lenger.")


@bp.get("/events/<slug:slug>/registrations")
@requires("view")
def registrations(slug: str):
    event = event_or_404(slug)
    form = filter_form(event)
    filters = form.filters()
    result = registration_list.page(event.id, filters, page_number(), form.page_size(), form.sort_order())
    keep = {**filters.args(), "sort": form.sort_order().value, "per_page": str(result.per_page)}
    return render_template("registration/organiser/index.html", event=event, form=form, filters=filters, page=result,
                           keep=keep)


@bp.route("/events/<slug:slug>/registrations/<int:registration_id>", methods=["GET", "POST"])
@requires("edit", reads="view")
def registration(slug: str, registration_id: int):
    event = event_or_404(slug)
    reg = _registration_or_404(event, registration_id)
    form = ApplicantForm()
    form.fill_choices(kommune_options(), reg)
    error = None
    if not form.is_submitted():
        form.load(reg)
    elif form.validate_on_submit():
        try:
            with transaction():
                service.update_details(reg.id, form.applicant(), actor=actor())
        except (AlreadyRegistered, NotFound) as err:
            error = service_error(err)
            if isinstance(err, AlreadyRegistered):
                form.email.errors = [*form.email.errors, error]
        else:
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for("registration_organiser.registration", slug=slug, registration_id=reg.id), code=303)
    sessions_form = SessionsForm(prefix="s", formdata=None)
    sessions_form.sessions.choices = _session_choices(event.id)
    sessions_form.sessions.data = [c.session_id for c in reg.choices]
    status = 400 if form.errors or error else 200
    return render_template("registration/organiser/detail.html", event=event, registration=reg, form=form,
                           sessions_form=sessions_form, error=error,
                           messages=outbox.about_registration(reg.id)), status


@bp.post("/events/<slug:slug>/registrations/<int:registration_id>/sessions")
@requires("edit")
def registration_sessions(slug: str, registration_id: int):
    event = event_or_404(slug)
    reg = _registration_or_404(event, registration_id)
    form = SessionsForm(prefix="s")
    form.sessions.choices = _session_choices(event.id)
    if form.validate_on_submit():
        try:
            with transaction():
                service.change_sessions(reg.id, form.sessions.data or [], actor=actor())
        except (InvalidSessionChoice, NotFound) as err:
            flash(service_error(err), "error")
        else:
            flash(_("Valgene er lagret. Deltakeren får en bekreftelse på e-post."), "success")
    else:
        flash(_("Et av valgene finnes ikke."), "error")
    return redirect(url_for("registration_organiser.registration", slug=slug, registration_id=reg.id) + "#sessions", code=303)


@bp.post("/events/<slug:slug>/registrations/<int:registration_id>/cancel")
@requires("edit")
def cancel_registration(slug: str, registration_id: int):
    return _change(slug, registration_id, service.cancel, _("%(name)s er avmeldt og har fått beskjed på e-post."))


@bp.post("/events/<slug:slug>/registrations/<int:registration_id>/confirm")
@requires("edit")
def confirm_registration(slug: str, registration_id: int):
    return _change(slug, registration_id, service.confirm_from_waitlist,
                   _("%(name)s har fått plass og har fått beskjed på e-post."))


def _change(slug: str, registration_id: int, change, done: str):
    """An organiser's one-button change to a registration (the service e-mails the participant), then back."""
    event = event_or_404(slug)
    reg = _registration_or_404(event, registration_id)
    with transaction():
        change(reg.id, actor=actor())
    flash(done % {"name": reg.full_name}, "success")
    return redirect(url_for("registration_organiser.registration", slug=slug, registration_id=reg.id), code=303)


@bp.route("/events/<slug:slug>/registrations/new", methods=["GET", "POST"])
@requires("edit")
def new_registration(slug: str):
    event = event_or_404(slug)
    form = NewRegistrationForm()
    form.fill_choices(kommune_options())
    form.sessions.choices = _session_choices(event.id)
    error = None
    if form.validate_on_submit():
        try:
            with transaction():
                reg = service.register(event.id, form.applicant(), form.sessions.data or [], actor=actor())
        except (AlreadyRegistered, InvalidSessionChoice, RegistrationClosed, NotFound) as err:
            error = service_error(err)
        else:
            flash(_("%(name)s er påmeldt (%(status)s) og har fått bekreftelse på e-post.", name=reg.full_name,
                    status=_("bekreftet") if reg.status.value == "confirmed" else _("venteliste")), "success")
            return redirect(url_for("registration_organiser.registration", slug=slug, registration_id=reg.id), code=303)
    status = 400 if form.errors or error else 200
    return render_template("registration/organiser/new.html", event=event, form=form, error=error), status
