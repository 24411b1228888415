"""Which price categories apply to a person, and why; the default; and the check of a chosen one.

Plain functions over the event's categories and plain values (the kommune, the Oslo day, the code typed):
no request globals, nothing written. A category applies when it is active and
- its access code, if it has one, is the one the person typed (free or reduced prices for speakers, guests, staff);
- its audience (member / non-member kommune) fits the person's kommune; before the kommune is known the
  category is offered with the condition stated, and checked when the form is sent;
- its early-bird date (`valid_until`, the last Oslo day) has not passed.
A one-day category (`day`) is a choice, not a condition. The reasons are sentences the form shows beside the price.
"""
from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.invoicing import money
from app.models import Event, Municipality, PriceAudience, PriceCategory


class PriceNotApplicable(ValueError):
    """The chosen category is not one this person may register under; `message` says why, in words."""

    def __init__(self, message: str, field: str = "price_category") -> None:
        super().__init__(message)
        self.message = message  # lazy: worded when shown
        self.field = field


@dataclass(frozen=True)
class Offer:
    category: PriceCategory
    why: tuple[Callable[[], str], ...] = ()  # the reasons, worded only when shown (no locale needed to decide)
    conditional: bool = False  # depends on the kommune, not known yet

    @property
    def id(self) -> int:
        return self.category.id

    @property
    def reason(self) -> str:
        """«Medlemspris fordi Tromsø er medlem, tidligpris til og med 15. januar 2027»."""
        parts = [why() for why in self.why]
        return ", ".join(parts[:1] + [p[:1].lower() + p[1:] for p in parts[1:]])


def categories(event_id: int) -> list[PriceCategory]:
    """The event's active categories, in the organiser's order."""
    return list(db.session.scalars(select(PriceCategory).where(
        PriceCategory.event_id == event_id, PriceCategory.active.is_(True))
        .order_by(PriceCategory.position, PriceCategory.amount_ore, PriceCategory.id)))


def has_categories(event_id: int) -> bool:
    return db.session.scalar(select(PriceCategory.id).where(
        PriceCategory.event_id == event_id, PriceCategory.active.is_(True)).limit(1)) is not None


def has_fee(event: Event, offered: Sequence[PriceCategory] | None = None) -> bool:
    """Whether registering may cost something: a category that is not free, or the event's flat fee."""
    offered = categories(event.id) if offered is None else offered
    return bool(event.fee_nok) or any(not c.is_free for c in offered)


def codes_match(typed: str, code: str) -> bool:
    return bool(code) and hmac.compare_digest(typed.strip().casefold().encode(), code.strip().casefold().encode())


def today() -> date:
    return clock.oslo(clock.now()).date()


def _audience(category: PriceCategory, kommune: Municipality | None) -> tuple[bool, Callable[[], str] | None, bool]:
    """(applies, reason, conditional) of the member / non-member condition."""
    if category.audience == PriceAudience.EVERYONE:
        return True, None, False
    member = category.audience == PriceAudience.MEMBER
    if kommune is None:
        return True, ((lambda: _("Gjelder kommuner som er medlem")) if member
                      else (lambda: _("Gjelder kommuner som ikke er medlem"))), True
    if kommune.member != member:
        return False, None, False
    name = kommune.display_name
    return True, ((lambda: _("Medlemspris fordi %(kommune)s er medlem", kommune=name)) if member
                  else (lambda: _("Pris for ikke-medlemmer fordi %(kommune)s ikke er medlem", kommune=name))), False


def offer(category: PriceCategory, *, kommune: Municipality | None, on: date, code: str = "") -> Offer | None:
    """The category as an offer to this person with the reasons it applies, or None when it does not."""
    if not category.active:
        return None
    why: list[Callable[[], str]] = []
    if category.access_code:
        if not codes_match(code, category.access_code):
            return None
        why.append(lambda: _("Pris med koden du skrev inn"))
    applies, audience_why, conditional = _audience(category, kommune)
    if not applies:
        return None
    if audience_why:
        why.append(audience_why)
    until, day = category.valid_until, category.day
    if until is not None:
        if on > until:
            return None
        why.append(lambda: _("Tidligpris til og med %(date)s", date=clock.date_label(until)))
    if day is not None:
        why.append(lambda: _("Gjelder bare %(day)s", day=clock.day_label(day)))
    return Offer(category, tuple(why), conditional)


def offers(offered: Iterable[PriceCategory], *, kommune: Municipality | None, on: date, code: str = "") -> list[Offer]:
    found = (offer(c, kommune=kommune, on=on, code=code) for c in offered)
    return [o for o in found if o is not None]


def default(found: Sequence[Offer]) -> Offer | None:
    """The cheapest offer for the whole event (not a one-day ticket), else the cheapest of all."""
    whole = [o for o in found if o.category.day is None] or list(found)
    return min(whole, key=lambda o: (o.category.amount_ore, o.category.position, o.id), default=None)


def choose(event_id: int, category_id: int | None, *, kommune_number: str | None, code: str = "",
           on: date | None = None) -> PriceCategory | None:
    """The category this registration goes under, checked; None when the event has no categories.

    A code that matches a category decides (it is the code's category); a typed code that matches none is
    refused. Otherwise the chosen category must apply to this person (None: the default)."""
    offered = categories(event_id)
    if not offered:
        return None
    on = on or today()
    kommune = db.session.get(Municipality, kommune_number) if kommune_number else None
    code = (code or "").strip()
    if code:
        coded = [c for c in offered if codes_match(code, c.access_code)]
        if not coded:
            raise PriceNotApplicable(_l("Koden er ikke gyldig for dette arrangementet. Sjekk koden, eller la "
                                       "feltet stå tomt."), "access_code")
        found = offers(coded, kommune=kommune, on=on, code=code)
        if not found:
            raise PriceNotApplicable(_l("Koden gjelder ikke lenger for dette arrangementet."), "access_code")
        chosen = next((o for o in found if o.id == category_id), None) or default(found)
        return chosen.category
    found = offers(offered, kommune=kommune, on=on)
    if category_id is None:
        if not found:
            raise PriceNotApplicable(_l("Ingen pris passer for deg. Ta kontakt med arrangøren."))
        return default(found).category
    chosen = next((o for o in found if o.id == category_id), None)
    if chosen is None:
        raise PriceNotApplicable(_not_applicable(next((c for c in offered if c.id == category_id), None), kommune, on))
    return chosen.category


def _not_applicable(category: PriceCategory | None, kommune: Municipality | None, on: date) -> str:
    if category is None or category.access_code:
        return _l("Velg en av prisene i listen.")
    if category.valid_until is not None and on > category.valid_until:
        return _l("Tidligprisen gjaldt til og med %(date)s. Velg en annen pris.",
                 date=clock.date_label(category.valid_until))
    name = kommune.display_name if kommune else ""
    if category.audience == PriceAudience.MEMBER:
        return _l("Medlemsprisen gjelder bare kommuner som er medlem, og %(kommune)s er ikke medlem. Velg en annen "
                 "pris.", kommune=name)
    return _l("Prisen for ikke-medlemmer gjelder ikke %(kommune)s, som er medlem. Velg medlemsprisen.", kommune=name)


def frozen(category: PriceCategory | None) -> dict:
    """The registration's price columns as the category is now (a later change does not reach them)."""
    if category is None:
        return {"price_category_id": None, "price_name": "", "price_ore": None, "price_vat_category": "",
                "price_vat_rate_bp": 0, "price_exemption_reason": ""}
    return {"price_category_id": category.id, "price_name": category.name, "price_ore": category.amount_ore,
            "price_vat_category": category.vat_category, "price_vat_rate_bp": category.vat_rate_bp,
            "price_exemption_reason": category.exemption_reason}


def vat_label(vat_category: str, rate_bp: int) -> str:
    """How the VAT of a price is stated beside it: «inkl. 25 % mva.», «fritatt for mva.»."""
    if vat_category == "S" or rate_bp:
        return _("pluss %(rate)s %% mva.", rate=money.ehf_decimal(Decimal(rate_bp) / 100).replace(".", ","))
    if vat_category == "E":
        return _("fritatt for mva.")
    if vat_category == "Z":
        return _("nullsats mva.")
    return _("utenfor mva.-området")


def price_label(amount_ore: int) -> str:
    return _("Gratis") if amount_ore == 0 else money.format_kroner(amount_ore, currency=True)


def page_price(offered: Sequence[PriceCategory], on: date) -> str | None:
    """What the event page says beside «Pris» for an event with categories, for a visitor whose kommune and code
    are unknown: «Gratis» when every price anyone may choose without a code is free, the price when there is one,
    «fra <the lowest>» when they differ (member and non-member prices both count; a category behind a code and
    an early-bird price past its day do not). None when no price is open to everyone (only codes)."""
    amounts = sorted({o.category.amount_ore for o in offers([c for c in offered if not c.access_code],
                                                            kommune=None, on=on)})
    if not amounts:
        return None
    if amounts[-1] == 0:
        return _("Gratis")
    lowest = money.format_kroner(amounts[0], currency=True)
    return lowest if len(amounts) == 1 else _("fra %(price)s", price=lowest)
