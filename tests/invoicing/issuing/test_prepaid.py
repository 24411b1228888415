"""The invoice issued in place of a paid (or partly paid) one says what was already paid and what is left to pay
(EHF PrepaidAmount, BT-113, and PayableAmount = TaxInclusiveAmount − PrepaidAmount, BR-CO-16; the PDF's
«Allerede betalt (faktura …)»), so the kommune never pays twice; lists and the overdue list go by what is left."""
from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import ehf, payments, pdf, service
from app.models import Event, UserRole
from app.registration import service as registrations
from tests.clients import signed_in
from tests.factories import applicant
from tests.invoicing.issuing.conftest import KOMMUNE_ORG

NS = {"cbc": ehf.CBC, "cac": ehf.CAC}


def _paid_then_cancelled(event_id: int, paid: int) -> None:
    """2027-00001 for two people (9 000 kr), `paid` øre paid on it, the second person cancels: 2027-00002 credits
    it, 2027-00003 bills the first person (4 500 kr)."""
    with transaction():
        ids = [registrations.register(event_id, applicant(n, invoice_org_number=KOMMUNE_ORG, municipality_number="5610",
                                                          invoice_reference="LK27-1")).id for n in (1, 2)]
    with transaction():
        service.issue_batch(db.session.get(Event, event_id), SYSTEM)
    with transaction():
        payments.add(service.by_number("2027-00001"), paid, date(2027, 1, 15), payments.IMPORT, SYSTEM)
    with transaction():
        registrations.cancel(ids[1], actor=SYSTEM)


def _monetary(number: str) -> dict[str, str]:
    root = ET.fromstring(ehf.to_xml(service.document(service.by_number(number))))
    return {e.tag.split("}")[1]: e.text for e in root.find("cac:LegalMonetaryTotal", NS)}


def _pdf_text(number: str) -> str:
    """The first page's text, cells and lines joined by single spaces (no-break spaces too)."""
    text = PdfReader(io.BytesIO(pdf.render(service.document(service.by_number(number))))).pages[0].extract_text()
    return " ".join(text.split())


def test_a_replacement_fully_covered_by_the_carried_payment_has_nothing_to_pay(ctx, make, seller_details, valid):
    event = make.event(fee_nok=4500)
    _paid_then_cancelled(event.id, 900_000)
    replacement = service.by_number("2027-00003")
    assert [(p.amount, p.source) for p in replacement.payments] == [(450_000, "carried")]
    assert _monetary("2027-00003") == {"LineExtensionAmount": "4500.00", "TaxExclusiveAmount": "4500.00",
                                       "TaxInclusiveAmount": "4500.00", "PrepaidAmount": "4500.00",
                                       "PayableAmount": "0.00"}
    assert [w[1] for w in valid(ehf.to_xml(service.document(replacement)))] == []
    text = _pdf_text("2027-00003")
    assert "Allerede betalt (faktura 2027-00001) −4 500,00" in text
    assert "Å betale (NOK) 0,00" in text and "Fakturaen er betalt." in text
    assert replacement.kid and replacement.total_payable == 450_000  # the invoice total; what is left: outstanding
    assert replacement.outstanding == 0 and payments.status(replacement) == "paid"


def test_a_partly_paid_invoice_leaves_the_rest_to_pay_on_its_replacement(ctx, make, seller_details, valid):
    event = make.event(fee_nok=4500)
    _paid_then_cancelled(event.id, 300_000)
    assert _monetary("2027-00003")["PrepaidAmount"] == "3000.00"
    assert _monetary("2027-00003")["PayableAmount"] == "1500.00"
    valid(ehf.to_xml(service.document(service.by_number("2027-00003"))))
    text = _pdf_text("2027-00003")
    assert "Allerede betalt (faktura 2027-00001)" in text and "Å betale (NOK) 1 500,00" in text
    assert "kr 1 500,00" in text  # the payment box asks for the rest only
    assert service.by_number("2027-00003").outstanding == 150_000


def test_an_unpaid_invoice_credited_has_no_prepaid_amount_on_its_replacement(ctx, make, seller_details):
    event = make.event(fee_nok=4500)
    with transaction():
        ids = [registrations.register(event.id, applicant(n, invoice_org_number=KOMMUNE_ORG, municipality_number="5610",
                                                          invoice_reference="LK27-1")).id for n in (1, 2)]
    with transaction():
        service.issue_batch(db.session.get(Event, event.id), SYSTEM)
    with transaction():
        registrations.cancel(ids[1], actor=SYSTEM)
    assert "PrepaidAmount" not in _monetary("2027-00003")
    assert "Allerede betalt" not in _pdf_text("2027-00003")


def test_the_invoice_contact_is_an_active_registration(ctx, make, seller_details):
    event = make.event(fee_nok=4500)
    with transaction():
        ids = [registrations.register(event.id, applicant(n, invoice_org_number=KOMMUNE_ORG, municipality_number="5610",
                                                          invoice_reference="LK27-1")).id for n in (1, 2)]
    with transaction():
        service.issue_batch(db.session.get(Event, event.id), SYSTEM)
    first, second = (service.document(service.by_number("2027-00001")).buyer.contact_name,
                     db.session.get(registrations.Registration, ids[1]))
    with transaction():
        registrations.cancel(ids[0], actor=SYSTEM)
    buyer = service.document(service.by_number("2027-00003")).buyer
    assert buyer.contact_name == second.full_name != first and buyer.email == second.email


@pytest.fixture
def covered_and_partly(app, make, seller_details):
    """lk27: 2027-00003 fully covered by what was carried; lk28: 2027-00006 covered for 3 000 of 4 500 kr."""
    with app.app_context():
        _paid_then_cancelled(make.event(fee_nok=4500, slug="lk27", title="Lederkonferansen 2027").id, 900_000)
    with app.app_context():
        event = make.event(fee_nok=4500, slug="lk28", title="Lederkonferansen 2028")
        with transaction():
            ids = [registrations.register(event.id, applicant(n, invoice_org_number=KOMMUNE_ORG,
                                                              municipality_number="5610",
                                                              invoice_reference="LK28-1")).id for n in (3, 4)]
        with transaction():
            service.issue_batch(db.session.get(Event, event.id), SYSTEM)
        with transaction():
            payments.add(service.by_number("2027-00004"), 300_000, date(2027, 1, 15), payments.IMPORT, SYSTEM)
        with transaction():
            registrations.cancel(ids[1], actor=SYSTEM)
        db.session.remove()


def test_the_overdue_list_goes_by_what_is_left_to_pay(app, client, login, make, covered_and_partly):
    admin = signed_in(client, login, make.user(UserRole.ADMINISTRATOR).email)
    clock.set_now(datetime(2027, 6, 1, 12, tzinfo=UTC))
    assert "Ingen forfalte fakturaer." in admin.html("/admin/events/lk27/invoices/overdue")
    html = admin.html("/admin/events/lk28/invoices/overdue")
    assert "2027-00006" in html and "kr\u00a01\u00a0500,00" in html and "kr\u00a04\u00a0500,00" not in html
    listing = admin.html("/admin/events/lk27/invoices")
    row = listing[listing.index(">2027-00003<"):]
    row = row[:row.index("</tr>")]
    assert "Betalt" in row and "Allerede betalt" in row and "kr\u00a00,00" in row


def test_the_accounting_export_books_the_replacement_at_its_full_lines(app, client, login, make, covered_and_partly):
    """The carried payment moves money between the payer's own invoices: no row of its own, and the replacement's
    lines are booked whole (its prepaid amount is not less revenue), so the export still balances."""
    admin = signed_in(client, login, make.user(UserRole.ADMINISTRATOR).email)
    data = admin.get("/admin/events/lk28/invoices/accounting.csv").data
    rows = list(csv.reader(io.StringIO(data[3:].decode()), delimiter=";"))[1:]
    amounts = [(r[0], r[1], r[10]) for r in rows]
    assert amounts == [("2027-00004", "Faktura", "4500,00"), ("2027-00004", "Faktura", "4500,00"),
                       ("2027-00005", "Kreditnota", "-4500,00"), ("2027-00005", "Kreditnota", "-4500,00"),
                       ("2027-00006", "Faktura", "4500,00")]  # 3 000 kr carried, nothing to refund


def test_the_e_mail_with_the_replacement_asks_for_what_is_left(ctx, make, seller_details):
    from sqlalchemy import select

    from app.invoicing import sending
    from app.models import OutboxMessage

    event = make.event(fee_nok=4500)
    _paid_then_cancelled(event.id, 300_000)
    with transaction():
        sending.send(service.by_number("2027-00003"), "faktura@karasjok.kommune.no", SYSTEM)
    text = " ".join(db.session.scalars(select(OutboxMessage.body_text).where(
        OutboxMessage.to_address == "faktura@karasjok.kommune.no")).one().split())
    assert "Å betale: kr 1 500,00 innen" in text
