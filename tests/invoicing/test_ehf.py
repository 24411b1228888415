"""EHF XML: every document passes the official EN 16931 + PEPPOL BIS 3 rules (NO-R included), and carries the
exact amounts, VAT groups, addresses and references."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest

from app.invoicing import InvoicingError, ehf
from app.invoicing.documents import Address, Line
from tests.invoicing.samples import BUYER, DINNER, FEE, HOTEL, SELLER, credit_note, invoice

NS = {"cbc": ehf.CBC, "cac": ehf.CAC}


def parse(xml: bytes) -> ET.Element:
    return ET.fromstring(xml)


def text(root: ET.Element, path: str) -> str:
    found = root.find(path, NS)
    assert found is not None, path
    return found.text


def vat_groups(root: ET.Element) -> list[tuple[str, str | None, str, str, str | None]]:
    return [(s.find("cac:TaxCategory/cbc:ID", NS).text,
             getattr(s.find("cac:TaxCategory/cbc:Percent", NS), "text", None),
             s.find("cbc:TaxableAmount", NS).text, s.find("cbc:TaxAmount", NS).text,
             getattr(s.find("cac:TaxCategory/cbc:TaxExemptionReason", NS), "text", None))
            for s in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)]


def monetary(root: ET.Element) -> dict[str, str]:
    return {e.tag.split("}")[1]: e.text for e in root.find("cac:LegalMonetaryTotal", NS)}


def test_plain_invoice_one_exempt_conference_fee(valid):
    xml = ehf.to_xml(invoice(kid="000000018"))
    warnings = valid(xml)
    assert [w[1] for w in warnings] == []  # not even NO-R-002: «Foretaksregisteret» is there
    root = parse(xml)
    assert root.tag == "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice"
    assert text(root, "cbc:CustomizationID") == ehf.CUSTOMIZATION_ID
    assert text(root, "cbc:ProfileID") == ehf.PROFILE_ID
    assert text(root, "cbc:ID") == "2027-00001"
    assert text(root, "cbc:IssueDate") == "2026-12-02"
    assert text(root, "cbc:DueDate") == "2027-01-01"  # 30 days' terms
    assert text(root, "cbc:DocumentCurrencyCode") == "NOK"
    assert text(root, "cbc:BuyerReference") == "LK27-4411"
    seller = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert seller.find("cbc:EndpointID", NS).attrib == {"schemeID": "0192"}
    assert text(seller, "cbc:EndpointID") == "974760673"
    assert [(text(t, "cbc:CompanyID"), text(t, "cac:TaxScheme/cbc:ID")) for t in seller.findall("cac:PartyTaxScheme", NS)] \
        == [("NO974760673MVA", "VAT"), ("Foretaksregisteret", "TAX")]
    assert text(seller, "cac:PartyLegalEntity/cbc:CompanyLegalForm") == "Foretaksregisteret"
    buyer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    assert (buyer.find("cbc:EndpointID", NS).attrib, buyer.find("cbc:EndpointID", NS).text) == ({"schemeID": "0192"}, "964830533")
    assert text(buyer, "cac:PartyName/cbc:Name") == "Kárášjoga gielda / Karasjok kommune"
    assert text(buyer, "cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "NO"
    assert text(root, "cac:PaymentMeans/cbc:PaymentMeansCode") == "30"
    assert text(root, "cac:PaymentMeans/cbc:PaymentID") == "000000018"
    assert text(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == "86011117947"
    assert vat_groups(root) == [("E", "0", "4500.00", "0.00", "Kurs og undervisning, merverdiavgiftsloven § 3-5")]
    assert text(root, "cac:TaxTotal/cbc:TaxAmount") == "0.00"
    assert monetary(root) == {"LineExtensionAmount": "4500.00", "TaxExclusiveAmount": "4500.00",
                              "TaxInclusiveAmount": "4500.00", "PayableAmount": "4500.00"}
    line = root.find("cac:InvoiceLine", NS)
    assert (text(line, "cbc:InvoicedQuantity"), line.find("cbc:InvoicedQuantity", NS).attrib) == ("1", {"unitCode": "EA"})
    assert text(line, "cac:InvoicePeriod/cbc:StartDate") == "2027-02-03"
    assert text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID") == "E"
    assert text(line, "cac:Price/cbc:PriceAmount") == "4500.00"


def test_group_invoice_with_add_ons_at_two_vat_rates(valid):
    people = ("Ola Nordmann", "Kari Nordkvinne", "Áilu Gaup")
    lines = []
    for person in people:
        lines += [replace(FEE, note=person), replace(HOTEL, note=person), replace(DINNER, note=person)]
    xml = ehf.to_xml(invoice(lines=tuple(lines), order_reference="PO-77", delivery_date=date(2027, 2, 4)))
    valid(xml)
    root = parse(xml)
    assert vat_groups(root) == [
        ("E", "0", "13500.00", "0.00", "Kurs og undervisning, merverdiavgiftsloven § 3-5"),
        ("S", "12", "4470.00", "536.40", None),
        ("S", "25", "2370.00", "592.50", None),
    ]
    assert text(root, "cac:TaxTotal/cbc:TaxAmount") == "1128.90"
    assert monetary(root) == {"LineExtensionAmount": "20340.00", "TaxExclusiveAmount": "20340.00",
                              "TaxInclusiveAmount": "21468.90", "PayableAmount": "21468.90"}
    assert text(root, "cac:OrderReference/cbc:ID") == "PO-77"
    assert text(root, "cac:Delivery/cbc:ActualDeliveryDate") == "2027-02-04"
    assert [text(line, "cbc:Note") for line in root.findall("cac:InvoiceLine", NS)][:4] == [
        "Ola Nordmann", "Ola Nordmann", "Ola Nordmann", "Kari Nordkvinne"]
    assert len(root.findall("cac:InvoiceLine", NS)) == 9


def test_vat_is_rounded_once_per_category_not_per_line(valid):
    nights = tuple(Line(f"Hotellnatt {n}", Decimal(1), 123455, "S", Decimal(12), unit="DAY") for n in (1, 2, 3))
    xml = ehf.to_xml(invoice(lines=nights))
    valid(xml)
    # per line: 3 × round(148.146) = 444.45; per category (BR-CO-17): round(3703.65 × 12 %) = 444.44
    assert vat_groups(parse(xml)) == [("S", "12", "3703.65", "444.44", None)]


def test_not_subject_to_vat_for_a_seller_outside_the_vat_register(valid):
    seller = replace(SELLER, mva_registered=False, foretaksregisteret=False)
    line = Line("Lederkonferansen 2027, deltakeravgift", Decimal(2), 250000, "O", Decimal(0))
    xml = ehf.to_xml(invoice(seller=seller, lines=(line,)))
    warnings = valid(xml)
    assert [w[1] for w in warnings] == ["NO-R-002"]  # a warning only: not in Foretaksregisteret
    root = parse(xml)
    assert root.findall("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme", NS) == []
    assert vat_groups(root) == [("O", None, "5000.00", "0.00", "Ikke omfattet av merverdiavgiftsloven")]
    assert monetary(root)["PayableAmount"] == "5000.00"


def test_iban_is_paid_by_sepa_transfer(valid):
    xml = ehf.to_xml(invoice(seller=replace(SELLER, bank_account="NO9386011117947")))
    valid(xml)
    root = parse(xml)
    assert text(root, "cac:PaymentMeans/cbc:PaymentMeansCode") == "58"
    assert text(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == "NO9386011117947"
    assert root.find("cac:PaymentMeans/cbc:PaymentID", NS) is None  # no KID configured


def test_credit_note_references_the_credited_invoice(valid):
    xml = ehf.to_xml(credit_note(lines=(HOTEL, FEE)))
    valid(xml)
    root = parse(xml)
    assert root.tag == "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"
    assert text(root, "cbc:CreditNoteTypeCode") == "381"
    assert text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == "2027-00001"
    assert text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate") == "2026-12-02"
    assert text(root, "cbc:BuyerReference") == "LK27-4411"
    assert vat_groups(root) == [("S", "12", "1490.00", "178.80", None),
                                ("E", "0", "4500.00", "0.00", "Kurs og undervisning, merverdiavgiftsloven § 3-5")]
    assert monetary(root) == {"LineExtensionAmount": "5990.00", "TaxExclusiveAmount": "5990.00",
                              "TaxInclusiveAmount": "6168.80", "PayableAmount": "6168.80"}
    assert [text(line, "cbc:CreditedQuantity") for line in root.findall("cac:CreditNoteLine", NS)] == ["1", "1"]
    assert root.find("cac:InvoiceLine", NS) is None


@pytest.mark.parametrize(("changes", "message"), [
    ({"buyer": replace(BUYER, org_number="974760672")},
     "Betalerens organisasjonsnummer er ikke gyldig (9 sifre med riktig kontrollsiffer)."),
    ({"buyer": replace(BUYER, reference="  ")}, "Fakturaen mangler betalerens referanse (bestillerreferanse)."),
    ({"buyer": replace(BUYER, address=Address("Storgata 1", "11122", "Stockholm", country="SE"))},
     "Betaleren og selgeren må ha adresse i Norge."),
    ({"lines": (replace(FEE, exemption_reason=None),)}, "En momsfritatt linje (E) må ha fritaksgrunnen."),
    ({"lines": (FEE, replace(FEE, vat_category="O"))},
     "Linjer utenfor mva.-området (O) kan ikke stå på samme faktura som andre momskategorier."),
    ({"kid": "000000010"}, "KID-nummeret har feil kontrollsiffer."),
])
def test_bad_documents_are_refused_in_norwegian_before_any_xml(monkeypatch, changes, message):
    made = []
    monkeypatch.setattr(ehf, "_seller", lambda *a: made.append("xml"))
    with pytest.raises(InvoicingError) as refused:
        ehf.to_xml(invoice(**changes))
    assert message in refused.value.problems
    assert made == []


def test_every_problem_is_named_at_once():
    with pytest.raises(InvoicingError) as refused:
        ehf.to_xml(invoice(buyer=replace(BUYER, org_number="12345678", reference="")))
    assert refused.value.problems == (
        "Betalerens organisasjonsnummer er ikke gyldig (9 sifre med riktig kontrollsiffer).",
        "Fakturaen mangler betalerens referanse (bestillerreferanse).",
    )
