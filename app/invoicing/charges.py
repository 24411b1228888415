"""What a registration owes now, as invoice lines (app.invoicing.documents.Line): the seam the invoices use.

- Confirmed: the price category's fee as it was frozen at registration (or the event's flat `fee_nok` for an
  event without categories) and every add-on it holds, each with its own VAT. Free lines are left out.
- On the waiting list: nothing (no seat is held).
- Cancelled: nothing up to and including the event's `free_cancellation_until` (Oslo day); after it, the
  event's `cancellation_share_percent` of the fee as one line, with the fee's VAT. Add-ons are given back
  at cancellation and are not charged.
"""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.core import clock
from app.invoicing import money
from app.invoicing.documents import Line
from app.models import AddOnKind, Event, Registration, RegistrationStatus

# The flat fee of an event without price categories: a course or conference fee, exempt from VAT.
FLAT_FEE_EXEMPTION = "Unntatt etter merverdiavgiftsloven § 3-5 (undervisning)"


def _fee(registration: Registration, event: Event) -> tuple[str, int, str, Decimal, str | None] | None:
    """(name, øre, VAT category, rate, exemption reason) of the registration's fee, or None when free."""
    if registration.price_ore is not None:
        if registration.price_ore <= 0:
            return None
        reason = registration.price_exemption_reason or None
        return (registration.price_name, registration.price_ore, registration.price_vat_category or "E",
                Decimal(registration.price_vat_rate_bp) / 100, reason)
    if event.fee_nok:
        return ("Deltakeravgift", event.fee_nok * 100, "E", Decimal(0), FLAT_FEE_EXEMPTION)
    return None


def _who(registration: Registration) -> str:  # in the line's text; the line's note (BT-127) is the name alone
    return registration.full_name or "Deltaker"


def fee_line(registration: Registration, event: Event) -> Line | None:
    fee = _fee(registration, event)
    if fee is None:
        return None
    name, ore, category, rate, reason = fee
    return Line(f"{event.title}: {name} – {_who(registration)}", Decimal(1), ore, category, rate,
                reason if category == "E" else None, note=registration.full_name)


def add_on_lines(registration: Registration) -> tuple[Line, ...]:
    lines = []
    for held in registration.add_ons:
        if held.unit_price_ore <= 0:
            continue
        night = held.add_on.night if held.add_on.kind == AddOnKind.HOTEL_NIGHT else None
        lines.append(Line(
            f"{held.name} – {_who(registration)}", Decimal(held.quantity), held.unit_price_ore, held.vat_category,
            held.vat_rate, (held.exemption_reason or None) if held.vat_category == "E" else None,
            unit="DAY" if night else "EA", period_start=night, period_end=night + timedelta(days=1) if night else None,
            note=registration.full_name))
    return tuple(lines)


def _charged_on(event: Event, day) -> bool:
    """Whether a cancellation on the Oslo `day` is after the event's free-cancellation day (with a share set)."""
    if event.free_cancellation_until is None or not event.cancellation_share_percent:
        return False
    return day > event.free_cancellation_until


def cancellation_charged(registration: Registration, event: Event) -> bool:
    """A cancellation after the free-cancellation day of a registration that held a seat."""
    if registration.cancelled_at is None or registration.confirmed_at is None:
        return False
    return _charged_on(event, clock.oslo(registration.cancelled_at).date())


def _share_line(registration: Registration, event: Event) -> Line | None:
    fee = _fee(registration, event)
    if fee is None:
        return None
    name, ore, category, rate, reason = fee
    share = event.cancellation_share_percent
    return Line(f"{event.title}: avbestilling etter fristen, {share} % av {name.lower()} – {_who(registration)}",
                Decimal(1), money.round_ore(Decimal(ore) * share / 100), category, rate,
                reason if category == "E" else None, note=registration.full_name)


def cancellation_line(registration: Registration, event: Event) -> Line | None:
    return _share_line(registration, event) if cancellation_charged(registration, event) else None


def cancellation_cost(registration: Registration) -> int:
    """What cancelling the confirmed `registration` today would cost (øre, VAT included): the share of its fee
    after the free-cancellation day, else 0. What the group page says before the contact cancels."""
    event = registration.event
    if registration.status != RegistrationStatus.CONFIRMED or not _charged_on(event, clock.oslo(clock.now()).date()):
        return 0
    line = _share_line(registration, event)
    return money.totals([line.priced]).payable if line else 0


def owed(registration: Registration) -> tuple[Line, ...]:
    """What `registration` owes now (see the module's rules); () when nothing."""
    event = registration.event
    if registration.status == RegistrationStatus.CONFIRMED:
        fee = fee_line(registration, event)
        return ((fee,) if fee else ()) + add_on_lines(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        line = cancellation_line(registration, event)
        return (line,) if line else ()
    return ()
