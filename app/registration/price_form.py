"""The registration form's price section: `price_category` (radios with the price, its VAT and why it applies),
`addons` (checkboxes with the seats left) and `access_code` — a mixin of RegistrationForm, so the rest of the
form knows nothing of prices. The rules are app.invoicing.prices and app.registration.add_ons."""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select
from wtforms import RadioField, StringField
from wtforms.validators import Length

from app.extensions import db
from app.invoicing import prices
from app.models import AddOn, Event, Municipality, PriceCategory
from app.registration import add_ons
from app.registration.errors import InvalidAddOn
from app.registration.messages import add_on_invalid_message


def _id_or_none(value):
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


@dataclass(frozen=True)
class PriceOffer:
    """An event's active price categories and add-ons (both empty for most events: one query to know)."""

    categories: tuple[PriceCategory, ...] = ()
    add_ons: tuple[AddOn, ...] = ()

    @classmethod
    def of(cls, event_id: int) -> PriceOffer:
        any_price = select(PriceCategory.id).where(PriceCategory.event_id == event_id, PriceCategory.active.is_(True))
        any_add_on = select(AddOn.id).where(AddOn.event_id == event_id, AddOn.active.is_(True))
        if not db.session.scalar(select(or_(exists(any_price), exists(any_add_on)))):
            return cls()
        extras = db.session.scalars(select(AddOn).where(AddOn.event_id == event_id, AddOn.active.is_(True))
                                    .order_by(AddOn.night.nulls_first(), AddOn.position, AddOn.id))
        return cls(tuple(prices.categories(event_id)), tuple(extras))


class PriceFields:
    """Mixed into a Form; `offer_prices(event)` removes what the event does not offer (call it first)."""

    price_category = RadioField(_l("Pris"), coerce=_id_or_none, validate_choice=False, choices=[])
    # `addons` (CheckboxesField, in forms.py's RegistrationForm beside this mixin)
    access_code = StringField(_l("Kode"), filters=[lambda v: v.strip() if isinstance(v, str) else v],
                              render_kw={"autocomplete": "off", "spellcheck": "false"},
                              validators=[Length(max=64, message=_l("Koden kan ikke være lengre enn 64 tegn."))])
    chosen_price: PriceCategory | None = None

    def offer_prices(self, event: Event, offer: PriceOffer) -> None:
        self.event_offer, self.price_event = offer, event
        if not offer.categories:
            del self.price_category
            del self.access_code
        if not offer.add_ons:
            del self.addons

    def price_kommune(self, checked: bool = False) -> str | None:
        """The kommune number the prices are for (`checked`: only one the form took); a group's colleague
        overrides it with the group's kommune (app.registration.group_forms)."""
        return None if checked and self.kommune.errors else (self.kommune.data or None)

    def price_offers(self) -> list[prices.Offer]:
        """What the form shows: the offers for the kommune given (if any), else with their conditions."""
        number = self.price_kommune(checked=True)
        kommune = db.session.get(Municipality, number) if number else None
        return prices.offers(self.event_offer.categories, kommune=kommune, on=prices.today())

    def default_price(self) -> None:
        """Ticks the cheapest offer that applies whatever kommune is given; one that depends on the kommune is
        ticked only once the kommune is known (a member price ticked for a non-member would be refused when the
        form is sent). Left unticked, the registration takes the cheapest offer for its kommune (prices.choose)."""
        if self.price_category is not None and self.price_category.data is None:
            best = prices.default([o for o in self.price_offers() if not o.conditional])
            self.price_category.data = best.id if best else None

    def add_on_seats(self) -> dict[int, int | None]:
        """Seats left per add-on (None: no limit)."""
        held = add_ons.taken(a.id for a in self.event_offer.add_ons if a.quota is not None)
        return {a.id: None if a.quota is None else max(a.quota - held.get(a.id, 0), 0) for a in self.event_offer.add_ons}

    def validate_prices(self) -> bool:
        ok = True
        if self.price_category is not None:
            try:
                self.chosen_price = prices.choose(
                    self.price_event.id, self.price_category.data, kommune_number=self.price_kommune(),
                    code=self.access_code.data or "")
            except prices.PriceNotApplicable as exc:
                field = self.access_code if exc.field == "access_code" else self.price_category
                field.errors = [*field.errors, exc.message]
                ok = False
        if self.addons is not None:
            try:
                add_ons.validate(self.price_event.id, self.addons.data or [])
            except InvalidAddOn:
                self.addons.errors = [*self.addons.errors, add_on_invalid_message()]
                ok = False
        return ok

    def is_free(self) -> bool:
        """The chosen price costs nothing (and the event has no flat fee): no invoice details needed."""
        return self.chosen_price is not None and self.chosen_price.is_free and not self.price_event.fee_nok

    def with_prices(self, applicant):
        return replace(
            applicant,
            price_category_id=self.chosen_price.id if self.chosen_price else None,
            access_code=(self.access_code.data or "") if self.access_code is not None else "",
            add_on_ids=tuple(self.addons.data or ()) if self.addons is not None else ())
