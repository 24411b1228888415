"""Issuing through the service: one invoice per payer, a credit note and a new invoice when what is owed
changes, gap-free numbers, refusals that write nothing, and documents that come out the same every time."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import InvoicingError, ehf, pdf, service
from app.models import Event, Invoice, InvoicingMode, Registration
from app.registration import service as registrations
from tests.factories import applicant
from tests.invoicing.issuing.conftest import KOMMUNE_ORG, OTHER_ORG


def _register(event_id: int, n: int, org: str = KOMMUNE_ORG, ref: str = "LK27-1", **kw) -> int:
    with transaction():
        return registrations.register(event_id, applicant(n, invoice_org_number=org, invoice_reference=ref,
                                                          municipality_number="5610", **kw)).id


def _batch(event_id: int) -> list[str]:
    with transaction():
        return [i.number for i in service.issue_batch(db.session.get(Event, event_id), SYSTEM)]


def _invoices() -> list[tuple[str, str, str, int, int | None]]:
    rows = db.session.scalars(select(Invoice).order_by(Invoice.sequence))
    return [(i.number, i.kind.value, i.payer_org_number, i.total_payable, i.credited_invoice_id) for i in rows]


def test_a_group_sharing_payer_and_reference_is_one_invoice(ctx, make, seller_details):
    event = make.event(fee_nok=4500, title="Lederkonferansen 2027")
    for n in (1, 2, 3):
        _register(event.id, n)
    _register(event.id, 4, ref="LK27-2")
    _register(event.id, 5, org="")  # no payer: nothing to invoice

    assert _batch(event.id) == ["2027-00001", "2027-00002"]
    assert _invoices() == [("2027-00001", "invoice", KOMMUNE_ORG, 1_350_000, None),
                           ("2027-00002", "invoice", KOMMUNE_ORG, 450_000, None)]
    first = service.by_number("2027-00001")
    assert first.buyer_name == "Kárášjohka kommune"
    assert first.kid == "0000000018"
    assert [r.first_name for r in first.registrations] == ["Deltaker1", "Deltaker2", "Deltaker3"]
    doc = service.document(first)
    assert [(line.note, line.unit_price, line.vat_category) for line in doc.lines] == [
        ("Deltaker1 Nordmann", 450_000, "E"), ("Deltaker2 Nordmann", 450_000, "E"), ("Deltaker3 Nordmann", 450_000, "E")]
    assert _batch(event.id) == []  # nothing new owed: nothing issued


def test_a_groups_invoice_names_its_contact_person_not_the_first_colleague(ctx, make, seller_details):
    from app.registration import groups

    event = make.event(fee_nok=4500)
    contact = groups.Contact(name="Siri Kontakt", email="siri@karasjok.kommune.no", municipality_number="5610",
                             organisation="Kárášjoga kulturskole", invoice_org_number=KOMMUNE_ORG,
                             invoice_reference="Bestilling 4411")
    colleagues = [groups.Colleague(groups.with_group(applicant(n), contact)) for n in (1, 2)]
    with transaction():
        groups.register_group(event.id, contact, colleagues, groups.Split(2, 0))
    _register(event.id, 3, ref="LK27-9")  # a single registration names itself
    _batch(event.id)
    group_invoice, single = service.by_number("2027-00001"), service.by_number("2027-00002")  # by reference
    assert group_invoice.buyer_reference == "Bestilling 4411"
    assert group_invoice.buyer_email == "siri@karasjok.kommune.no"
    assert service.document(group_invoice).buyer.contact_name == "Siri Kontakt"
    assert (single.buyer_email, service.document(single).buyer.contact_name) == ("deltaker3@example.org",
                                                                                "Deltaker3 Nordmann")


def test_a_cancellation_makes_a_credit_note_and_a_new_invoice(ctx, make, seller_details):
    event = make.event(fee_nok=4500)
    ids = [_register(event.id, n) for n in (1, 2)]
    _batch(event.id)
    with transaction():
        registrations.cancel(ids[1])  # the registration service reconciles the payer's invoice
        assert service.reconcile(db.session.get(Registration, ids[1]), SYSTEM) == []
    assert _invoices() == [("2027-00001", "invoice", KOMMUNE_ORG, 900_000, None),
                           ("2027-00002", "credit_note", KOMMUNE_ORG, 900_000, 1),
                           ("2027-00003", "invoice", KOMMUNE_ORG, 450_000, None)]
    credit = service.document(service.by_number("2027-00002"))
    assert (credit.credited_number, credit.kid) == ("2027-00001", "")


def test_a_changed_payer_moves_the_registration_to_the_new_payers_invoice(ctx, make, seller_details):
    event = make.event(fee_nok=1000)
    rid = _register(event.id, 1)
    _register(event.id, 2)
    _batch(event.id)
    with transaction():
        registrations.update_details(rid, applicant(1, invoice_org_number=OTHER_ORG, invoice_reference="X-9",
                                                    municipality_number="5610"))
    with transaction():
        service.set_mode(db.session.get(Event, event.id), InvoicingMode.AT_REGISTRATION, SYSTEM)
        service.reconcile(db.session.get(Registration, rid), SYSTEM)
    assert _invoices() == [("2027-00001", "invoice", KOMMUNE_ORG, 200_000, None),
                           ("2027-00002", "credit_note", KOMMUNE_ORG, 200_000, 1),
                           ("2027-00003", "invoice", KOMMUNE_ORG, 100_000, None),
                           ("2027-00004", "invoice", OTHER_ORG, 100_000, None)]


def test_before_the_batch_reconcile_issues_nothing_unless_the_event_issues_at_registration(ctx, make, seller_details):
    event = make.event(fee_nok=1000)
    rid = _register(event.id, 1)
    with transaction():
        assert service.reconcile(db.session.get(Registration, rid), SYSTEM) == []
    with transaction():
        service.set_mode(db.session.get(Event, event.id), InvoicingMode.AT_REGISTRATION, SYSTEM)
        assert [i.number for i in service.reconcile(db.session.get(Registration, rid), SYSTEM)] == ["2027-00001"]


def test_a_refused_payer_refuses_the_whole_batch_and_writes_nothing(ctx, make, seller_details):
    event = make.event(fee_nok=1000)
    _register(event.id, 1)
    _register(event.id, 2, org="123456789")  # fails MOD11
    _register(event.id, 3, ref="")
    with pytest.raises(InvoicingError) as refused:
        _batch(event.id)
    assert refused.value.problems == (
        "123 456 789 / LK27-1: Betalerens organisasjonsnummer er ikke gyldig (9 sifre med riktig kontrollsiffer).",
        "964 830 533 / –: Fakturaen mangler betalerens referanse (bestillerreferanse).")
    assert db.session.scalar(select(func.count()).select_from(Invoice)) == 0
    _register(event.id, 4, ref="LK27-9")
    assert db.session.scalar(select(func.count()).select_from(Invoice)) == 0


def test_without_seller_details_nothing_is_issued(ctx, make):
    event = make.event(fee_nok=1000)
    _register(event.id, 1)
    with pytest.raises(InvoicingError, match="Selgeropplysningene er ikke fylt ut"):
        _batch(event.id)


def test_the_stored_document_gives_the_same_pdf_and_xml_every_time(ctx, make, seller_details):
    event = make.event(fee_nok=4500)
    _register(event.id, 1, first_name="Áile", last_name="Čuđeŋšŧž")
    _batch(event.id)
    invoice = service.by_number("2027-00001")
    assert pdf.render(service.document(invoice)) == pdf.render(service.document(invoice))
    xml = ehf.to_xml(service.document(invoice))
    assert xml == ehf.to_xml(service.document(invoice))
    assert "Áile Čuđeŋšŧž".encode() in xml


def test_at_registration_the_registration_itself_issues_and_a_refusal_never_stops_it(ctx, make, seller_details):
    event = make.event(fee_nok=2500)
    with transaction():
        service.set_mode(db.session.get(Event, event.id), InvoicingMode.AT_REGISTRATION, SYSTEM)
    _register(event.id, 1)
    _register(event.id, 2, ref="")  # the rules refuse a missing reference: registered, not invoiced
    assert _invoices() == [("2027-00001", "invoice", KOMMUNE_ORG, 250_000, None)]
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 2
    with pytest.raises(InvoicingError, match="mangler betalerens referanse"):
        _batch(event.id)
