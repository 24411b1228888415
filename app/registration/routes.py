"""The registration form (/events/<slug>/register) and 'send me my link again'.

Handlers parse, call the service and render; the rules are in service.py.
"""
from __future__ import annotations

import functools
from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from wtforms.validators import ValidationError

from app.core.errors import error_response
from app.core.transaction import transaction
from app.extensions import limiter
from app.invoicing import prices
from app.mentoring import service as mentoring
from app.models import Event, YearsBand
from app.people import identity, signin
from app.program import queries
from app.registration import bp, choices, resend, service
from app.registration.errors import (
    AddOnFull,
    AlreadyRegistered,
    InvalidAddOn,
    InvalidSessionChoice,
    RegistrationClosed,
)
from app.registration.forms import RegistrationForm, ResendLinkForm, sessions_check
from app.registration.messages import (
    add_on_full_message,
    add_on_invalid_message,
    closed_message,
    session_choice_message,
)
from app.resources.welcome import NEW_LEADERS
from app.series import invitations as series_invitations

REGISTER_LIMIT = "20 per minute; 300 per hour"  # per client address; offices share one address
RESEND_LIMIT = "5 per minute; 30 per hour"
RESEND_PER_ADDRESS_LIMIT = "3 per hour"  # nobody's inbox gets flooded through us


# The seat wording for every template (the `seats` macro in app/templates/_macros/seats.html uses them).
bp.add_app_template_global(choices.seats_badge, "seats_badge")
bp.add_app_template_global(choices.seat_words, "seat_words")
bp.add_app_template_global(prices.price_label, "price_label")
bp.add_app_template_global(prices.vat_label, "vat_label")


def _resend_address_key() -> str:
    return "resend:" + request.form.get("email", "").strip().lower()[:254]


def _public_event(slug: str) -> Event | None:
    # A posted form shows the venue only when it comes back with errors: then it is read lazily.
    return queries.event_by_slug(slug, with_venue=request.method == "GET")


def _not_found():
    return error_response(404, _("Vi fant ikke arrangementet. Det kan være at påmeldingen ikke er åpnet ennå."))


def _closed(event: Event, reason: str, status: int):
    return render_template("registration/closed.html", event=event, reason=reason,
                           message=closed_message(event, reason)), status


def _form_page(event: Event, form: RegistrationForm, status: int):
    form.offer_kommuner()
    if not form.is_submitted():
        form.default_price()
    state = queries.event_state(event)  # the event's seats and each session's, in one round trip
    full = choices.seat_state(state.event) == "full"
    return render_template(
        "registration/register.html", event=event, form=form, slots=choices.signup_slots(event),
        event_counts=state.event, counts=state.sessions, queued_for_event=full, event_full=full,
        selected=set(form.sessions.data or ()),
        price_offers=form.price_offers() if form.price_category is not None else [],
        add_on_seats=form.add_on_seats() if form.addons is not None else {},
        health_open=form.has_health_data() or bool(form.health_consent.data or form.health_consent.errors
                                                   or form.diet.errors or form.diet_other.errors
                                                   or form.accessibility_needs.errors),
    ), status


def _add_session_errors(form: RegistrationForm, event: Event) -> None:
    try:
        sessions_check(event.id)(form, form.sessions)
    except ValidationError as exc:
        form.sessions.errors = [*form.sessions.errors, str(exc)]


def _sent(event: Event, email: str, form: RegistrationForm):
    """The answer to a registration: the same whether the address was new or registered already (the
    holder then gets the link to the registration they have), so the form tells nobody who is registered.
    Who answered «under ett år» as leader is shown the start package (from what they typed, nothing stored)."""
    flash(_("Takk! Vi sender en e-post til %(email)s om påmeldingen til %(title)s.",
            email=email, title=event.title), "success")
    new_leader = form.years_as_leader.data == YearsBand.LT1.value
    return redirect(url_for("registration.sent", slug=event.slug, **({"for": NEW_LEADERS} if new_leader else {})),
                    code=303)


def registration_form(rule: str):
    """The route of a registration form (one person's, a group's): GET shows it, POST (rate-limited) sends it.
    The view is called with the event when its registration is open now; otherwise the answer is «not found»
    or the closed page (400 to a POST). Both forms start alike."""
    def decorate(view: Callable[[Event], ResponseReturnValue]):
        @functools.wraps(view)
        def handler(slug: str) -> ResponseReturnValue:
            event = _public_event(slug)
            if event is None:
                return _not_found()
            reason = service.registration_closed_reason(event)
            if reason:
                return _closed(event, reason, 400 if request.method == "POST" else 200)
            return view(event)
        return bp.route(rule, methods=["GET", "POST"])(limiter.limit(REGISTER_LIMIT, methods=["POST"])(handler))
    return decorate


@registration_form("/events/<slug:slug>/register")
def register(event: Event):
    posted = request.method == "POST"
    # Opened by a leader signed in to Min side: filled in from what they agreed we remember (app.people).
    form = RegistrationForm.for_event(event, data={} if posted else identity.prefill(signin.current_person()))
    valid = form.validate_on_submit()
    if posted and not valid:
        _add_session_errors(form, event)  # the service checks the choice itself; shown here with the rest
    if valid:
        try:
            with transaction(keep_state=True):  # the answer shows it without reading it back
                registration = service.register(event.id, form.applicant(), form.sessions.data or [])
                identity.remember(registration, form.consents())
                if form.join_series.data:
                    series_invitations.join_from_registration(event, registration)
                mentoring.opt_in(registration, *form.mentoring_answer())
        except AlreadyRegistered as exc:
            with transaction():
                resend.tell_already_registered(exc.registration_id)
            return _sent(event, form.email.data.lower(), form)
        except RegistrationClosed as exc:
            return _closed(event, exc.reason, 400)
        except InvalidSessionChoice as exc:
            form.sessions.errors.append(session_choice_message(exc))
        except AddOnFull as exc:
            form.addons.errors.append(add_on_full_message(exc.name))
        except InvalidAddOn:
            form.addons.errors.append(add_on_invalid_message())
        except prices.PriceNotApplicable as exc:  # changed since the form was checked
            (form.access_code if exc.field == "access_code" else form.price_category).errors.append(exc.message)
        else:
            return _sent(event, registration.email, form)
    return _form_page(event, form, 400 if posted else 200)


@bp.get("/events/<slug:slug>/registered")
def sent(slug: str):
    """Where a registration lands: check your e-mail (its words are the flashed message)."""
    event = _public_event(slug)
    if event is None:
        return _not_found()
    return render_template("registration/sent.html", event=event, new_leader=request.args.get("for") == NEW_LEADERS)


@bp.route("/events/<slug:slug>/resend-link", methods=["GET", "POST"])
@limiter.limit(RESEND_LIMIT, methods=["POST"])
@limiter.limit(RESEND_PER_ADDRESS_LIMIT, methods=["POST"], key_func=_resend_address_key)
def resend_link(slug: str):
    event = _public_event(slug)
    if event is None:
        return _not_found()
    form = ResendLinkForm()
    if form.validate_on_submit():
        with transaction():
            resend.send_manage_link(event.id, form.email.data)
        # The same answer whether the address is registered or not.
        flash(_("Hvis %(email)s er påmeldt %(title)s, får du lenken på e-post om noen minutter. "
                "Sjekk søppelposten hvis den ikke kommer.", email=form.email.data, title=event.title), "success")
        return redirect(url_for("public.event", slug=event.slug), code=303)
    return render_template("registration/resend.html", event=event, form=form), 400 if request.method == "POST" else 200
