"""The contact's group page, /group/<token>: the colleagues and their status; add one, replace one (free
until the registration deadline), cancel one (until the change deadline). The rules are in groups.py."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.core.clock import datetime_label
from app.core.transaction import transaction
from app.extensions import limiter
from app.invoicing import charges, prices
from app.models import Event, RegistrationGroup
from app.program import queries
from app.registration import bp, choices, groups, window
from app.registration.errors import (
    AddOnFull,
    AlreadyRegistered,
    ChangeDeadlinePassed,
    InvalidAddOn,
    InvalidSessionChoice,
    NotFound,
    RegistrationClosed,
    ReplacementDeadlinePassed,
)
from app.registration.forms import ConfirmForm
from app.registration.group_forms import AddColleagueForm, ReplaceForm
from app.registration.manage_prices import cancellation_terms
from app.registration.messages import (
    add_on_full_message,
    add_on_invalid_message,
    closed_message,
    deadline_message,
    session_choice_message,
)
from app.registration.routes import REGISTER_LIMIT


def _load(token: str) -> RegistrationGroup:
    group = groups.by_token(token)
    if group is None:
        abort(404)
    return group


def terms(event: Event) -> dict[str, str]:
    """The rules the contact works under, as they stand now (shown on the page and used to refuse): replacing,
    cancelling, and what a cancellation costs (`money`, empty when the event has no cancellation terms)."""
    contact = event.contact_email or _("arrangøren")
    if window.may_replace(event):
        replace = (_("Du kan bytte ut en kollega med en annen gratis fram til påmeldingsfristen %(when)s.",
                     when=datetime_label(event.registration_closes_at)) if event.registration_closes_at
                   else _("Du kan bytte ut en kollega med en annen gratis fram til arrangementet."))
    else:
        replace = _("Påmeldingsfristen har gått ut, så kolleger kan ikke byttes ut lenger. Ta kontakt med "
                    "%(contact)s.", contact=contact)
    if window.participant_may_change(event):
        cancel = (_("Du kan melde av en kollega fram til %(when)s. Plassen går da til den første på ventelisten.",
                    when=datetime_label(event.change_deadline)) if event.change_deadline
                  else _("Du kan melde av en kollega fram til arrangementet. Plassen går da til den første på "
                         "ventelisten."))
    else:
        cancel = deadline_message(event)
    return {"replace": replace, "cancel": cancel, "money": cancellation_terms(event)}


def _page(token: str, group: RegistrationGroup, *, add_form: AddColleagueForm | None = None,
          replace_forms: dict[int, ReplaceForm] | None = None, status: int = 200):
    event = group.event
    add_form = add_form or AddColleagueForm.for_group(group, formdata=None)
    add_form.default_price()
    state = queries.event_state(event)
    return render_template(
        "registration/group_page.html", token=token, group=group, event=event, terms=terms(event),
        may_replace=window.may_replace(event), may_cancel=window.participant_may_change(event),
        may_add=window.is_open(event), add_form=add_form, replace_forms=replace_forms or {},
        replace_form=lambda rid: (replace_forms or {}).get(rid) or ReplaceForm(formdata=None, prefix=f"r{rid}"),
        confirm_form=ConfirmForm(), slots=choices.signup_slots(event), counts=state.sessions,
        selected=set(add_form.sessions.data or ()),
        price_offers=add_form.price_offers() if add_form.price_category is not None else [],
        add_on_seats=add_form.add_on_seats() if add_form.addons is not None else {}, queued_for_event=choices.seat_state(state.event) == "full",
        cancellation_cost=charges.cancellation_cost,
    ), status


def _back(token: str, anchor: str = ""):
    return redirect(url_for("registration.group_page", token=token) + (f"#{anchor}" if anchor else ""), code=303)


@bp.get("/group/<token>")
def group_page(token: str):
    return _page(token, _load(token))


@bp.post("/group/<token>/add")
@limiter.limit(REGISTER_LIMIT)
def group_add(token: str):
    group = _load(token)
    form = AddColleagueForm.for_group(group)
    if not form.validate_on_submit():
        return _page(token, group, add_form=form, status=400)
    try:
        with transaction():
            registration = groups.add_colleague(
                group.id, form.colleague(bool(form.health_consent.data)))
            name, waiting = registration.full_name, registration.waitlist_position
    except AlreadyRegistered:
        form.email.errors.append(_("Denne e-postadressen er allerede påmeldt %(title)s.", title=group.event.title))
        return _page(token, group, add_form=form, status=400)
    except InvalidSessionChoice as exc:
        form.sessions.errors.append(session_choice_message(exc))
        return _page(token, group, add_form=form, status=400)
    except AddOnFull as exc:
        form.addons.errors.append(add_on_full_message(exc.name))
        return _page(token, group, add_form=form, status=400)
    except InvalidAddOn:
        form.addons.errors.append(add_on_invalid_message())
        return _page(token, group, add_form=form, status=400)
    except prices.PriceNotApplicable as exc:
        (form.access_code if exc.field == "access_code" else form.price_category).errors.append(exc.message)
        return _page(token, group, add_form=form, status=400)
    except RegistrationClosed as exc:
        flash(closed_message(group.event, exc.reason), "error")
        return _back(token)
    flash(_("%(name)s er meldt på og står som nummer %(n)d på ventelisten.", name=name, n=waiting) if waiting
          else _("%(name)s er meldt på og har fått plass.", name=name), "success")
    return _back(token, "colleagues")


@bp.post("/group/<token>/<int:registration_id>/replace")
def group_replace(token: str, registration_id: int):
    group = _load(token)
    form = ReplaceForm(prefix=f"r{registration_id}")
    if not form.validate_on_submit():
        return _page(token, group, replace_forms={registration_id: form}, status=400)
    try:
        with transaction():
            registration = groups.replace_colleague(group.id, registration_id, form.applicant())
            name = registration.full_name
    except NotFound:
        abort(404)
    except ReplacementDeadlinePassed:
        flash(terms(group.event)["replace"], "error")
        return _back(token, "colleagues")
    except AlreadyRegistered:
        form.email.errors.append(_("Denne e-postadressen er allerede påmeldt %(title)s.", title=group.event.title))
        return _page(token, group, replace_forms={registration_id: form}, status=400)
    flash(_("%(name)s har tatt over plassen og valgene. Begge har fått e-post om byttet.", name=name), "success")
    return _back(token, "colleagues")


@bp.post("/group/<token>/<int:registration_id>/cancel")
def group_cancel(token: str, registration_id: int):
    group = _load(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        with transaction():
            registration = groups.cancel_colleague(group.id, registration_id)
            name = registration.full_name
    except NotFound:
        abort(404)
    except ChangeDeadlinePassed:
        flash(terms(group.event)["cancel"], "error")
        return _back(token, "colleagues")
    flash(_("%(name)s er meldt av og har fått e-post om det.", name=name), "success")
    return _back(token, "colleagues")
