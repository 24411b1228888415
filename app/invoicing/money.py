"""Money as integer øre, never floats: parsing what a Norwegian types, formatting, and VAT the way
EN 16931 counts it.

- A line's net amount is quantity × unit price, rounded to whole øre (2 decimals) half up (BR-DEC-23);
- the VAT of a category (category code + rate) is round(sum of that category's line nets × rate / 100), once
  per category, not per line (BR-CO-17; per-line VAT would drift by an øre);
- document totals: lines (BT-106) → without VAT (BT-109) → VAT (BT-110) → with VAT (BT-112) → payable (BT-115)
  add up exactly (BR-CO-10, BR-CO-13, BR-CO-15, BR-CO-16).
Rates are `Decimal` percentages ("25", "12", "15", "0").
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import gettext as _

from app.invoicing import InvoicingError

NBSP = "\u00a0"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_CURRENCY = re.compile(r"^(kr\.?|nok)|(kr\.?|nok|,-|,–)$", re.I)
MAX_ORE = 10**13  # 100 milliarder kroner: anything above is a typing error


def round_ore(value: Decimal) -> int:
    """A Decimal amount in øre rounded to whole øre, half up (away from zero), as EN 16931 rounds."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_kroner(text: str, *, allow_negative: bool = False) -> int:
    """What a person typed ("1 234,50", "1234.5", "kr 1 234", "1.234,50", "500,-") as øre.

    Spaces (also no-break and thin ones) and a leading/trailing "kr"/"NOK" are ignored. With both "," and
    "." the last one is the decimal mark and the other groups thousands; a lone "," is the decimal mark; a lone
    "." is the decimal mark too, unless several of them group thousands ("1.234.567")."""
    raw = (text or "").strip()
    cleaned = _SPACES.sub("", raw)
    previous = None
    while previous != cleaned:
        previous, cleaned = cleaned, _CURRENCY.sub("", cleaned)
    if not cleaned:
        raise InvoicingError(_("Skriv inn et beløp."))
    negative = cleaned.startswith("-")
    if negative:
        cleaned = cleaned[1:]
        if not allow_negative:
            raise InvoicingError(_("Beløpet kan ikke være negativt."))
    if not re.fullmatch(r"[0-9.,]+", cleaned):
        raise InvoicingError(_("Beløpet kan bare inneholde sifre, mellomrom og komma, for eksempel 1 234,50."))
    if "," in cleaned and "." in cleaned:
        mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group = "." if mark == "," else ","
        whole, _mark, fraction = cleaned.rpartition(mark)
        whole = whole.replace(group, "")
    elif cleaned.count(",") > 1 or cleaned.count(".") > 1:
        group = "," if "," in cleaned else "."
        parts = cleaned.split(group)
        if any(len(p) != 3 for p in parts[1:]):
            raise InvoicingError(_("Beløpet er ikke et gyldig tall, for eksempel 1 234,50."))
        whole, fraction = "".join(parts), ""
    else:
        whole, _point, fraction = cleaned.replace(",", ".").partition(".")
    if not re.fullmatch(r"[0-9]*", whole) or not re.fullmatch(r"[0-9]*", fraction) or not (whole or fraction):
        raise InvoicingError(_("Beløpet er ikke et gyldig tall, for eksempel 1 234,50."))
    if len(fraction) > 2:
        raise InvoicingError(_("Beløpet kan ha høyst to desimaler (øre)."))
    ore = int(whole or "0") * 100 + int((fraction + "00")[:2])
    if ore >= MAX_ORE:
        raise InvoicingError(_("Beløpet er for stort."))
    return -ore if negative else ore


def format_kroner(ore: int, *, currency: bool = False) -> str:
    """øre as Norwegians read it: "1 234,50" with a no-break space between thousands; "kr 1 234,50"."""
    sign = "−" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    grouped = f"{whole:,}".replace(",", NBSP)
    text = f"{sign}{grouped},{cents:02d}"
    return f"kr{NBSP}{text}" if currency else text


def ehf_amount(ore: int) -> str:
    """øre as EHF/UBL wants an amount: "1234.50", a point, two decimals, no grouping."""
    sign = "-" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    return f"{sign}{whole}.{cents:02d}"


def ehf_decimal(value: Decimal) -> str:
    """A quantity or a rate as UBL writes it: "1", "2.5", "25" (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text if text not in ("-0",) else "0"


def as_rate(value: Decimal | int | str) -> Decimal:
    """A VAT rate in percent as a Decimal, refusing what cannot be one."""
    try:
        rate = Decimal(str(value).replace(",", ".").strip().rstrip("%").strip())
    except InvalidOperation:
        raise InvoicingError(_("Momssatsen må være et tall i prosent, for eksempel 25.")) from None
    if not rate.is_finite() or rate < 0 or rate >= 100 or rate.as_tuple().exponent < -2:
        raise InvoicingError(_("Momssatsen må være mellom 0 og 100 prosent, med høyst to desimaler."))
    return rate


def line_net(quantity: Decimal, unit_price_ore: int) -> int:
    """A line's net amount (BT-131) in øre: quantity × unit price, rounded to whole øre."""
    return round_ore(Decimal(quantity) * unit_price_ore)


def vat_of(taxable_ore: int, rate: Decimal) -> int:
    """The VAT of one category (BT-117): taxable × rate / 100, rounded to whole øre."""
    return round_ore(Decimal(taxable_ore) * Decimal(rate) / 100)


@dataclass(frozen=True)
class VatSubtotal:
    """One VAT breakdown group (BG-23): category S/Z/E/O and rate, with its sums."""
    category: str
    rate: Decimal
    taxable: int
    tax: int
    exemption_reason: str | None = None


@dataclass(frozen=True)
class Totals:
    """The document totals (BG-22) in øre and the VAT breakdown, in the order the lines first named them."""
    line_extension: int
    tax_exclusive: int
    tax: int
    tax_inclusive: int
    prepaid: int
    payable: int
    breakdown: tuple[VatSubtotal, ...]


@dataclass(frozen=True)
class PricedLine:
    """What the totals need of a line: its net amount and its VAT category, rate and exemption reason."""
    net: int
    category: str
    rate: Decimal
    exemption_reason: str | None = None


def totals(lines: Iterable[PricedLine], *, prepaid: int = 0) -> Totals:
    """Sum the lines into the EN 16931 totals: one VAT group per (category, rate), VAT rounded once per
    group; an exempt (E) group carries the exemption reason its lines share."""
    groups: dict[tuple[str, Decimal], list[PricedLine]] = {}
    for line in lines:
        groups.setdefault((line.category, Decimal(line.rate)), []).append(line)
    breakdown = []
    for (category, rate), members in groups.items():
        reasons = {m.exemption_reason for m in members if m.exemption_reason}
        if len(reasons) > 1:
            raise InvoicingError(_("Linjer med samme momskategori og sats må ha samme fritaksgrunn."))
        taxable = sum(m.net for m in members)
        breakdown.append(VatSubtotal(category, rate, taxable, vat_of(taxable, rate), next(iter(reasons), None)))
    line_extension = sum(g.taxable for g in breakdown)
    tax = sum(g.tax for g in breakdown)
    return Totals(line_extension=line_extension, tax_exclusive=line_extension, tax=tax,
                  tax_inclusive=line_extension + tax, prepaid=prepaid,
                  payable=line_extension + tax - prepaid, breakdown=tuple(breakdown))
