"""Money in øre: what Norwegians type, how it prints, and VAT rounded the way EN 16931 counts it."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.invoicing import InvoicingError
from app.invoicing.money import (
    PricedLine,
    as_rate,
    ehf_amount,
    ehf_decimal,
    format_kroner,
    line_net,
    parse_kroner,
    totals,
    vat_of,
)


@pytest.mark.parametrize(("typed", "ore"), [
    ("1 234,50", 123450), ("1234.5", 123450), ("kr 1 234", 123400), ("1\u00a0234,50\u00a0kr", 123450),
    ("1.234,50", 123450), ("1,234.50", 123450), ("1.234.567", 123456700), ("500,-", 50000), ("NOK 99", 9900),
    ("0,05", 5), (",5", 50), ("4500", 450000), ("  12 ", 1200), ("1\u202f000", 100000),
])
def test_parse_kroner(typed, ore):
    assert parse_kroner(typed) == ore


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Skriv inn et beløp."),
    ("kr", "Skriv inn et beløp."),
    ("12,345", "Beløpet kan ha høyst to desimaler (øre)."),
    ("1.2345", "Beløpet kan ha høyst to desimaler (øre)."),
    ("tolv", "Beløpet kan bare inneholde sifre, mellomrom og komma, for eksempel 1 234,50."),
    ("1e3", "Beløpet kan bare inneholde sifre, mellomrom og komma, for eksempel 1 234,50."),
    ("1.23.4", "Beløpet er ikke et gyldig tall, for eksempel 1 234,50."),
    ("-100", "Beløpet kan ikke være negativt."),
    ("100000000000", "Beløpet er for stort."),
])
def test_parse_kroner_refuses_with_a_norwegian_message(typed, message):
    with pytest.raises(InvoicingError) as refused:
        parse_kroner(typed)
    assert refused.value.problems == (message,)


def test_negative_amounts_only_when_asked_for():
    assert parse_kroner("-1 234,50", allow_negative=True) == -123450


def test_formatting():
    assert format_kroner(123450) == "1\u00a0234,50"
    assert format_kroner(123456700) == "1\u00a0234\u00a0567,00"
    assert format_kroner(5) == "0,05"
    assert format_kroner(-123450) == "−1\u00a0234,50"
    assert format_kroner(450000, currency=True) == "kr\u00a04\u00a0500,00"
    assert ehf_amount(123450) == "1234.50"
    assert ehf_amount(5) == "0.05"
    assert ehf_amount(-123450) == "-1234.50"
    assert ehf_decimal(Decimal("2.50")) == "2.5"
    assert ehf_decimal(Decimal("25.00")) == "25"
    assert ehf_decimal(Decimal("100")) == "100"


def test_rates():
    assert as_rate("25") == Decimal(25)
    assert as_rate("12,5 %") == Decimal("12.5")
    for bad in ("abc", "-1", "100", "12.345"):
        with pytest.raises(InvoicingError):
            as_rate(bad)


def test_line_net_and_vat_round_half_up_to_whole_ore():
    assert line_net(Decimal("2.5"), 99) == 248  # 247.5 → 248
    assert line_net(Decimal("0.333"), 100) == 33
    assert vat_of(125, Decimal(12)) == 15  # 15.0
    assert vat_of(12_5, Decimal(10)) == 13  # 12.5 → 13
    assert vat_of(370365, Decimal(12)) == 44444  # 44443.8


def test_totals_group_by_category_and_rate_in_first_seen_order():
    result = totals([PricedLine(450000, "E", Decimal(0), "Kurs"), PricedLine(149000, "S", Decimal(12)),
                     PricedLine(79000, "S", Decimal(25)), PricedLine(149000, "S", Decimal(12))], prepaid=10000)
    assert [(g.category, g.rate, g.taxable, g.tax, g.exemption_reason) for g in result.breakdown] == [
        ("E", Decimal(0), 450000, 0, "Kurs"), ("S", Decimal(12), 298000, 35760, None),
        ("S", Decimal(25), 79000, 19750, None)]
    assert (result.line_extension, result.tax_exclusive, result.tax, result.tax_inclusive, result.prepaid,
            result.payable) == (827000, 827000, 55510, 882510, 10000, 872510)


def test_exempt_lines_of_one_group_must_share_their_reason():
    with pytest.raises(InvoicingError) as refused:
        totals([PricedLine(100, "E", Decimal(0), "Kurs"), PricedLine(100, "E", Decimal(0), "Helse")])
    assert refused.value.problems == ("Linjer med samme momskategori og sats må ha samme fritaksgrunn.",)
