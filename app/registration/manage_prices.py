"""The price part of /me/<token>: what the registration costs (the frozen price, the add-ons it holds, the
cancellation terms) and changing the add-ons (POST /me/<token>/addons, within the add-ons' quotas)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from app.core import clock
from app.core.forms import Form
from app.core.transaction import transaction
from app.invoicing import charges, money
from app.models import AddOn, Event, Registration
from app.registration import add_ons, bp, links, service
from app.registration.errors import AddOnFull, ChangeDeadlinePassed, InvalidAddOn, NotFound
from app.registration.forms import CheckboxesField
from app.registration.messages import add_on_full_message, add_on_invalid_message, deadline_message
from app.registration.price_form import PriceOffer


class AddOnsForm(Form):
    addons = CheckboxesField(_l("Tillegg"), coerce=int, validate_choice=False, choices=[])


@dataclass(frozen=True)
class PriceSection:
    offer: tuple[AddOn, ...]
    held: frozenset[int]
    seats: dict[int, int | None]
    owed: int  # øre with VAT: what the registration owes now
    terms: str


def cancellation_terms(event: Event) -> str:
    """«Gratis avbestilling til og med 1. mars 2027, deretter 50 % av avgiften.» (empty: no terms set)."""
    if event.free_cancellation_until is None or not event.cancellation_share_percent:
        return ""
    return _("Gratis avbestilling til og med %(date)s, deretter %(share)d %% av avgiften.",
             date=clock.date_label(event.free_cancellation_until), share=event.cancellation_share_percent)


def terms_text(event: Event) -> str:
    """The cancellation terms, and that a colleague may take the place for free until the deadline."""
    text = cancellation_terms(event)
    if text and event.registration_closes_at:
        text += " " + _("Du kan gratis sende en kollega fra samme kommune i ditt sted fram til påmeldingsfristen "
                        "%(when)s.", when=clock.datetime_label(event.registration_closes_at))
    return text


def section(registration: Registration) -> PriceSection | None:
    """What the manage page shows about money; None when the event has no prices, add-ons or fee."""
    event = registration.event
    offer = PriceOffer.of(event.id)
    if not (offer.categories or offer.add_ons or event.fee_nok or registration.price_ore is not None):
        return None
    held_now = add_ons.taken(a.id for a in offer.add_ons if a.quota is not None)
    seats = {a.id: None if a.quota is None else max(a.quota - held_now.get(a.id, 0), 0) for a in offer.add_ons}
    return PriceSection(offer.add_ons, frozenset(h.add_on_id for h in registration.add_ons), seats,
                        money.totals(line.priced for line in charges.owed(registration)).tax_inclusive, terms_text(event))


bp.add_app_template_global(money.format_kroner, "format_kroner")


@bp.post("/me/<token>/addons")
def change_add_ons(token: str):
    registration = links.by_manage_token(token)
    if registration is None:
        abort(404)
    form = AddOnsForm()
    back = redirect(url_for("registration.manage", token=token) + "#prices", code=303)
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.addons.errors) or add_on_invalid_message(), "error")
        return back
    try:
        with transaction():
            service.change_add_ons(registration.id, form.addons.data or [])
    except AddOnFull as exc:
        flash(add_on_full_message(exc.name), "error")
    except (InvalidAddOn, ValidationError):
        flash(add_on_invalid_message(), "error")
    except ChangeDeadlinePassed:
        flash(deadline_message(registration.event), "error")
    except NotFound:
        flash(_("Påmeldingen er avmeldt, så tilleggene kan ikke endres."), "error")
    else:
        flash(_("Tilleggene dine er lagret."), "success")
    return back
