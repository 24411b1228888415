"""For any lines, the totals obey the EN 16931 sum rules, and the EHF XML carries exactly those sums."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from xml.etree import ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.invoicing import ehf
from app.invoicing.documents import Line
from tests.invoicing.samples import EXEMPT_REASON, invoice

NS = {"cbc": ehf.CBC, "cac": ehf.CAC}
KINDS = [("S", Decimal(25)), ("S", Decimal(15)), ("S", Decimal(12)), ("S", Decimal("11.11")), ("Z", Decimal(0)),
         ("E", Decimal(0))]

lines = st.lists(st.builds(
    lambda kind, quantity, price: Line("Linje", quantity, price, kind[0], kind[1],
                                       exemption_reason=EXEMPT_REASON if kind[0] == "E" else None),
    st.sampled_from(KINDS),
    st.one_of(st.integers(1, 400).map(Decimal), st.decimals("0.01", "50", places=2)),
    st.integers(0, 5_000_000),
), min_size=1, max_size=25)


def half_up(value: Fraction) -> int:
    """Exact rational rounding of a non-negative amount to whole øre, half up: floor(value + ½), in integers,
    independently of the Decimal rounding of the code under test."""
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def ore(text: str) -> int:
    whole, _, cents = text.partition(".")
    assert len(cents) == 2, text  # BR-DEC: two decimals, always
    return int(whole) * 100 + int(cents) * (-1 if text.startswith("-") else 1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_document_totals_obey_the_sum_rules(drawn):
    doc = invoice(lines=tuple(drawn))
    totals = doc.totals
    nets = [half_up(Fraction(line.quantity) * line.unit_price) for line in drawn]
    assert [line.net for line in drawn] == nets  # BR-DEC-23 / PEPPOL-EN16931-R120: quantity × price, rounded
    assert totals.line_extension == sum(nets)  # BR-CO-10
    assert totals.tax_exclusive == totals.line_extension  # BR-CO-13 (no document allowances or charges)
    groups = {}
    for line, net in zip(drawn, nets, strict=True):
        groups[(line.vat_category, line.vat_rate)] = groups.get((line.vat_category, line.vat_rate), 0) + net
    assert {(g.category, g.rate): g.taxable for g in totals.breakdown} == groups  # BR-CO-18, BR-S-08, BR-E-08
    assert len(totals.breakdown) == len(groups)  # one group per category and rate
    for g in totals.breakdown:  # BR-CO-17: VAT = taxable × rate, rounded once per group
        assert g.tax == half_up(Fraction(g.taxable) * Fraction(g.rate) / 100)
    assert totals.tax == sum(g.tax for g in totals.breakdown)  # BR-CO-14
    assert totals.tax_inclusive == totals.tax_exclusive + totals.tax  # BR-CO-15
    assert totals.payable == totals.tax_inclusive - totals.prepaid  # BR-CO-16

    root = ET.fromstring(ehf.to_xml(doc))
    money = {e.tag.split("}")[1]: ore(e.text) for e in root.find("cac:LegalMonetaryTotal", NS)}
    assert money == {"LineExtensionAmount": totals.line_extension, "TaxExclusiveAmount": totals.tax_exclusive,
                     "TaxInclusiveAmount": totals.tax_inclusive, "PayableAmount": totals.payable}
    assert ore(root.find("cac:TaxTotal/cbc:TaxAmount", NS).text) == totals.tax
    assert sum(ore(e.text) for e in root.findall("cac:InvoiceLine/cbc:LineExtensionAmount", NS)) == money[
        "LineExtensionAmount"]


@settings(max_examples=4, deadline=None)
@given(lines)
def test_random_documents_pass_the_official_rules(peppol, tmp_path_factory, drawn):
    xml = ehf.to_xml(invoice(lines=tuple(drawn)))
    failures = peppol.failures(xml, tmp_path_factory.mktemp("ehf"))
    assert [f for f in failures if f[2] == "fatal"] == []
