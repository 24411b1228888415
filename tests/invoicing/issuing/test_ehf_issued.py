"""Every EHF document the product issues passes the official EN 16931 + PEPPOL BIS 3 rules (NO-R included):
made by the issuing service, read back from the stored invoice, then validated."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import charges, ehf, members, payments, pdf, service
from app.models import Event, Municipality, Registration
from app.registration import service as registrations
from tests.factories import applicant
from tests.invoicing.issuing.conftest import KOMMUNE_ORG
from tests.invoicing.samples import DINNER, FEE, HOTEL

NS = {"cbc": ehf.CBC, "cac": ehf.CAC}


def _issue(event_id: int, people: int) -> list[int]:
    with transaction():
        ids = [registrations.register(event_id, applicant(n, invoice_org_number=KOMMUNE_ORG, municipality_number="5610",
                                                          invoice_reference="LK27-4411")).id for n in range(people)]
    with transaction():
        service.issue_batch(db.session.get(Event, event_id), SYSTEM)
    return ids


def _xml(number: str) -> bytes:
    return ehf.to_xml(service.document(service.by_number(number)))


def _groups(root) -> list[tuple[str, str, str]]:
    return [(s.find("cac:TaxCategory/cbc:ID", NS).text, s.find("cbc:TaxableAmount", NS).text,
             s.find("cbc:TaxAmount", NS).text) for s in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)]


def test_an_exempt_invoice_as_issued_is_valid(ctx, make, seller_details, valid):
    event = make.event(fee_nok=4500)
    _issue(event.id, 1)
    xml = _xml("2027-00001")
    assert [w[1] for w in valid(xml)] == []
    root = ET.fromstring(xml)
    assert _groups(root) == [("E", "4500.00", "0.00")]
    assert root.find("cbc:BuyerReference", NS).text == "LK27-4411"
    assert root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS).text == KOMMUNE_ORG
    assert root.find("cac:PaymentMeans/cbc:PaymentID", NS).text == "0000000018"


def test_a_plain_invoice_at_the_standard_rate_as_issued_is_valid(ctx, make, seller_details, valid, monkeypatch):
    monkeypatch.setattr(charges, "owed", lambda r: (replace(DINNER, note=r.full_name),))
    event = make.event(fee_nok=790)
    _issue(event.id, 1)
    valid(_xml("2027-00001"))
    assert _groups(ET.fromstring(_xml("2027-00001"))) == [("S", "790.00", "197.50")]


def test_a_group_invoice_with_add_ons_at_two_rates_as_issued_is_valid(ctx, make, seller_details, valid, monkeypatch):
    monkeypatch.setattr(charges, "owed", lambda r: tuple(replace(line, note=r.full_name) for line in (FEE, DINNER, HOTEL)))
    event = make.event(fee_nok=4500)
    _issue(event.id, 3)
    xml = _xml("2027-00001")
    valid(xml)
    assert _groups(ET.fromstring(xml)) == [("E", "13500.00", "0.00"), ("S", "2370.00", "592.50"),
                                           ("S", "4470.00", "536.40")]
    assert len(ET.fromstring(xml).findall("cac:InvoiceLine", NS)) == 9


def test_a_credit_note_as_issued_is_valid(ctx, make, seller_details, valid):
    event = make.event(fee_nok=4500)
    ids = _issue(event.id, 2)
    with transaction():
        registrations.cancel(ids[0])
        service.reconcile(db.session.get(Registration, ids[0]), SYSTEM)
    xml = _xml("2027-00002")
    valid(xml)
    root = ET.fromstring(xml)
    assert root.tag == "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"
    assert root.find("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", NS).text == "2027-00001"
    assert _groups(root) == [("E", "9000.00", "0.00")]
    valid(_xml("2027-00003"))


@pytest.fixture
def karasjok_address(app):
    with app.app_context(), transaction():
        members.set_address("5610", members.InvoiceAddress("Postboks 84", "9735", "Kárášjohka"), SYSTEM)
    yield
    with app.app_context(), transaction():
        db.session.execute(update(Municipality).values(invoice_street="", invoice_postcode="", invoice_city=""))


def _postal(root) -> dict[str, str]:
    address = root.find("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress", NS)
    return {e.tag.split("}")[1]: (e.text or "").strip() or e[0].text for e in address}


def test_the_kommunes_invoice_address_is_the_buyers_postal_address_and_stays_as_issued(
        ctx, make, seller_details, valid, karasjok_address):
    event = make.event(fee_nok=4500)
    ids = _issue(event.id, 2)
    xml = _xml("2027-00001")
    valid(xml)
    assert _postal(ET.fromstring(xml)) == {"StreetName": "Postboks 84", "CityName": "Kárášjohka",
                                           "PostalZone": "9735", "Country": "NO"}
    text = PdfReader(io.BytesIO(pdf.render(service.document(service.by_number("2027-00001"))))).pages[0].extract_text()
    assert "Postboks 84" in text and "9735 Kárášjohka" in text
    with transaction():  # the address changes, then a cancellation credits the invoice and issues a new one
        members.set_address("5610", members.InvoiceAddress("Rådhuset", "9730", "Karasjok"), SYSTEM)
    with transaction():
        registrations.cancel(ids[0])
        service.reconcile(db.session.get(Registration, ids[0]), SYSTEM)
    assert _xml("2027-00001") == xml  # issued: frozen
    credit = _xml("2027-00002")
    valid(credit)
    assert _postal(ET.fromstring(credit))["StreetName"] == "Postboks 84"  # the credit note repeats the invoice
    replacement = _xml("2027-00003")
    valid(replacement)
    assert _postal(ET.fromstring(replacement)) == {"StreetName": "Rådhuset", "CityName": "Karasjok",
                                                   "PostalZone": "9730", "Country": "NO"}


def test_the_credit_note_of_a_paid_invoice_with_a_refund_due_is_valid(ctx, make, seller_details, valid):
    event = make.event(fee_nok=4500)
    ids = _issue(event.id, 2)
    with transaction():
        payments.add(service.by_number("2027-00001"), 900_000, date(2027, 1, 15), payments.IMPORT, SYSTEM)
    with transaction():
        registrations.cancel(ids[0])
    note = service.by_number("2027-00002")
    assert [r.amount for r in note.refunds] == [450_000]
    valid(_xml("2027-00002"))


@pytest.fixture(autouse=True)
def _peppol_compiled(peppol):
    """The rules are compiled before the database work starts (a first run compiles for minutes)."""
    return peppol
