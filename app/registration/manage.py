"""Manage my registration at /me/<token>: see it, change details and sessions until the change
deadline, cancel (after a confirmation step), withdraw health consent, download my data. Changed details of a
registration given with «Husk meg» become the remembered profile too (app.people.identity.follow)."""
from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.audit.log import Actor
from app.core.downloads import file_response
from app.core.transaction import transaction
from app.mentoring import lunch
from app.mentoring import service as mentoring
from app.mentoring.themes import THEMES
from app.models import Registration, RegistrationStatus
from app.people import identity
from app.program import queries
from app.registration import bp, choices, links, manage_prices, mydata, service
from app.registration.errors import (
    AlreadyRegistered,
    ChangeDeadlinePassed,
    InvalidSessionChoice,
    NotFound,
)
from app.registration.forms import ConfirmForm, DetailsForm, SessionsForm, sessions_check
from app.registration.messages import deadline_message, session_choice_message


def _load(token: str) -> Registration:
    registration = links.by_manage_token(token)
    if registration is None:
        abort(404)
    return registration


def _back(token: str, anchor: str = ""):
    return redirect(url_for("registration.manage", token=token) + (f"#{anchor}" if anchor else ""), code=303)


def _manage_page(token: str, registration: Registration, sessions_form: SessionsForm | None = None,
                 status: int = 200):
    event = registration.event
    if sessions_form is None:
        sessions_form = SessionsForm(formdata=None, sessions=[c.session_id for c in registration.choices])
    return render_template(
        "registration/manage.html", token=token, registration=registration, event=event,
        may_change=service.participant_may_change(registration), slots=choices.signup_slots(event),
        counts=queries.session_counts(event.id), sessions_form=sessions_form,
        selected=set(sessions_form.sessions.data or ()), chosen={c.session_id: c for c in registration.choices},
        queued_for_event=registration.status == RegistrationStatus.WAITLISTED,
        diets=dict(choices.DIETS), years=dict(choices.YEARS_BANDS), confirm_form=ConfirmForm(),
        registration_open=service.registration_closed_reason(event) is None,
        prices=manage_prices.section(registration), add_ons_form=manage_prices.AddOnsForm(formdata=None),
        mentoring=(profile := mentoring.profile_of(registration.id)), mentoring_themes=THEMES,
        mentoring_lunch=lunch.slots_of(profile, registration.event_id),
    ), status


@bp.get("/me/<token>")
def manage(token: str):
    return _manage_page(token, _load(token))


@bp.post("/me/<token>/sessions")
def change_sessions(token: str):
    registration = _load(token)
    form = SessionsForm()
    if not form.validate_on_submit(extra_validators={"sessions": [sessions_check(registration.event_id)]}):
        return _manage_page(token, registration, form, 400)
    try:
        with transaction():
            service.change_sessions(registration.id, form.sessions.data or [])
    except InvalidSessionChoice as exc:
        form.sessions.errors.append(session_choice_message(exc))
        return _manage_page(token, _load(token), form, 400)
    except ChangeDeadlinePassed:
        flash(deadline_message(registration.event), "error")
    except NotFound:
        flash(_("Påmeldingen er avmeldt, så valgene kan ikke endres."), "error")
    else:
        flash(_("Valgene dine er lagret. Vi sender en bekreftelse på e-post."), "success")
    return _back(token, "choices")


@bp.route("/me/<token>/details", methods=["GET", "POST"])
def edit_details(token: str):
    registration = _load(token)
    event = registration.event
    if not service.participant_may_change(registration):
        flash(deadline_message(registration.event) if registration.is_active
              else _("Påmeldingen er avmeldt, så opplysningene kan ikke endres."), "error")
        return _back(token)
    form = DetailsForm.for_event(event, data=DetailsForm.data_of(registration))
    if form.validate_on_submit():
        try:
            with transaction():
                identity.follow(service.update_details(registration.id, form.applicant(role=registration.role)))
        except AlreadyRegistered:
            form.email.errors.append(_("Denne e-postadressen er allerede påmeldt %(title)s.", title=event.title))
        except ChangeDeadlinePassed:
            flash(deadline_message(registration.event), "error")
            return _back(token)
        else:
            flash(_("Opplysningene dine er lagret."), "success")
            return _back(token, "details")
    form.offer_kommuner()
    status = 400 if form.is_submitted() else 200
    return render_template("registration/details.html", token=token, registration=registration, event=event,
                           form=form, health_open=True), status


@bp.route("/me/<token>/cancel", methods=["GET", "POST"])
def cancel(token: str):
    registration = _load(token)
    if not registration.is_active:
        return _back(token)
    if not service.participant_may_change(registration):
        flash(deadline_message(registration.event), "error")
        return _back(token)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            with transaction():
                service.cancel(registration.id)
        except ChangeDeadlinePassed:
            flash(deadline_message(registration.event), "error")
        else:
            flash(_("Du er meldt av %(title)s. Vi sender en bekreftelse på e-post.",
                    title=registration.event.title), "success")
        return _back(token)
    return render_template("registration/cancel.html", token=token, registration=registration,
                           event=registration.event, form=form, terms=manage_prices.terms_text(registration.event))


@bp.post("/me/<token>/health/withdraw")
def withdraw_health(token: str):
    registration = _load(token)
    if ConfirmForm().validate_on_submit():
        with transaction():
            service.withdraw_health_consent(registration.id)
        flash(_("Samtykket er trukket, og opplysningene om kosthold, allergier og tilrettelegging er slettet."),
              "success")
    return _back(token, "health")


@bp.post("/me/<token>/mentoring/withdraw")
def withdraw_mentoring(token: str):
    registration = _load(token)
    if ConfirmForm().validate_on_submit():
        with transaction():
            mentoring.withdraw(registration.id, Actor("participant", registration.full_name))
        flash(_("Du er meldt av mentorordningen. Vi gir arrangøren beskjed."), "success")
    return _back(token, "mentoring")


@bp.get("/me/<token>/data.json")
def my_data(token: str):
    registration = _load(token)
    body = json.dumps(mydata.export(registration), ensure_ascii=False, indent=2)
    filename = f"mine-data-{registration.event.slug}.json"
    return file_response(body, "application/json", filename)

