"""The number series under concurrent issuers, each in its own thread, connection and transaction (PostgreSQL's
row lock; on SQLite the write lock): no gaps, no duplicates, no payer invoiced twice, and money that adds up
after a random sequence of registrations, changes, cancellations and payments (hypothesis): what is invoiced
equals what is owed, and for every payer who has paid what they owe, the money received less the refunds equals
what is invoiced less what is credited."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import charges, payments, refunds, service
from app.models import Event, Invoice, InvoiceKind, InvoicingMode, Registration, RegistrationStatus
from app.registration import service as registrations
from tests.factories import applicant
from tests.invoicing.issuing.conftest import KOMMUNE_ORG, OTHER_ORG

pytestmark = pytest.mark.slow


def _in_threads(app, fn, items, workers=16):
    def run(item):
        with app.app_context():
            try:
                with transaction():
                    return fn(item)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, items))


def _at_registration(event_id: int) -> None:
    with transaction():
        service.set_mode(db.session.get(Event, event_id), InvoicingMode.AT_REGISTRATION, SYSTEM)


def _register_and_issue(event_id: int, n: int, ref: str) -> int:
    """A registration, which issues its payer's invoice itself (the event issues at registration)."""
    return registrations.register(event_id, applicant(n, invoice_org_number=KOMMUNE_ORG, invoice_reference=ref,
                                                      municipality_number="5610")).id


def test_60_concurrent_issuers_take_60_numbers_without_gaps_or_duplicates(app, make, seller_details):
    event = make.event(fee_nok=4500, capacity=None)
    with app.app_context():
        _at_registration(event.id)
    _in_threads(app, lambda n: _register_and_issue(event.id, n, f"REF-{n}"), range(60))
    with app.app_context():
        rows = db.session.execute(select(Invoice.sequence, Invoice.number, Invoice.buyer_reference)).all()
        assert sorted(r.sequence for r in rows) == list(range(1, 61))
        assert sorted(r.number for r in rows) == [f"2027-{i:05d}" for i in range(1, 61)]
        assert sorted(r.buyer_reference for r in rows) == sorted(f"REF-{n}" for n in range(60))


def test_a_group_registering_at_once_ends_with_one_standing_invoice_for_all(app, make, seller_details):
    event = make.event(fee_nok=1000, capacity=None)
    with app.app_context():
        _at_registration(event.id)
    _in_threads(app, lambda n: _register_and_issue(event.id, n, "GRUPPE"), range(12))
    with app.app_context():
        rows = list(db.session.scalars(select(Invoice).order_by(Invoice.sequence)))
        assert [r.sequence for r in rows] == list(range(1, len(rows) + 1))
        standing = [r for r in rows if r.kind == InvoiceKind.INVOICE and r.credit_note is None]
        assert [(r.total_payable, len(r.registrations)) for r in standing] == [(1_200_000, 12)]
        credited = sum(r.total_payable for r in rows if r.kind == InvoiceKind.CREDIT_NOTE)
        invoiced = sum(r.total_payable for r in rows if r.kind == InvoiceKind.INVOICE)
        assert invoiced - credited == 1_200_000


def _total(invoice: Invoice) -> int:
    """The document's total with VAT (BT-112), signed: what it bills, whatever was paid before (a replacement's
    prepaid amount, BT-113, is money moved, not less billed)."""
    total = service.document(invoice).totals.tax_inclusive
    assert invoice.total_payable == total
    return -total if invoice.is_credit_note else total


def _balance(event_id: int) -> int:
    """Invoiced minus credited, in øre."""
    return sum(_total(r) for r in db.session.scalars(select(Invoice).where(Invoice.event_id == event_id)))


def _owed(event_id: int) -> int:
    return sum(line.net for r in db.session.scalars(select(Registration).where(Registration.event_id == event_id))
               for line in charges.owed(r))


STEP = st.one_of(
    st.tuples(st.just("register"), st.sampled_from([(KOMMUNE_ORG, "A"), (KOMMUNE_ORG, "B"), (OTHER_ORG, "A")])),
    st.tuples(st.just("cancel"), st.integers(0, 20)),
    st.tuples(st.just("move"), st.integers(0, 20), st.sampled_from([(KOMMUNE_ORG, "A"), (OTHER_ORG, "C")])),
    st.tuples(st.just("batch")),
    st.tuples(st.just("pay"), st.integers(0, 20), st.sampled_from([1, 2])),  # what is outstanding, or half
    st.tuples(st.just("late"), st.integers(0, 20)),  # a payment to an invoice already credited
)


def _pay(invoices: list[Invoice], pick: int, share: int, day: int) -> None:
    if invoices:
        invoice = invoices[pick % len(invoices)]
        amount = invoice.outstanding // share
        if amount > 0:
            payments.add(invoice, amount, date(2027, 1, 1 + day % 28), payments.IMPORT, SYSTEM)


def _standing(event_id: int) -> list[Invoice]:
    return [i for i in db.session.scalars(select(Invoice).where(Invoice.event_id == event_id,
                                                                  Invoice.kind == InvoiceKind.INVOICE)
                                          .order_by(Invoice.id)) if i.credit_note is None]


def _money_by_payer(event_id: int) -> dict[tuple[str, str], tuple[int, int]]:
    """Per payer: (money received − refunds, invoices − credit notes), in øre."""
    by_payer: dict[tuple[str, str], list[Invoice]] = {}
    for invoice in db.session.scalars(select(Invoice).where(Invoice.event_id == event_id)):
        by_payer.setdefault((invoice.payer_org_number, invoice.buyer_reference), []).append(invoice)
    return {payer: (refunds.received(rows) - refunds.refunded(rows),
                    sum(_total(r) for r in rows))
            for payer, rows in by_payer.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=1, max_size=14), at_registration=st.booleans())
def test_invoices_minus_credit_notes_equal_what_is_owed(app, make, seller_details, steps, at_registration):
    event = make.event(fee_nok=3750, capacity=4)  # a waiting list too: waitlisted registrations owe nothing
    with app.app_context():
        if at_registration:
            _at_registration(event.id)
        ids: list[int] = []
        for n, step in enumerate(steps):
            with transaction():
                if step[0] == "register":
                    org, ref = step[1]
                    reg = registrations.register(event.id, applicant(f"h{event.id}-{n}", invoice_org_number=org,
                                                                     invoice_reference=ref, municipality_number="5610"))
                    ids.append(reg.id)
                    service.reconcile(reg, SYSTEM)
                elif step[0] == "cancel" and ids:
                    reg = db.session.get(Registration, ids[step[1] % len(ids)])
                    if reg.status != RegistrationStatus.CANCELLED:
                        registrations.cancel(reg.id)  # may promote one from the waiting list
                    for other in ids:
                        service.reconcile(db.session.get(Registration, other), SYSTEM)
                elif step[0] == "move" and ids:
                    reg = db.session.get(Registration, ids[step[1] % len(ids)])
                    reg.invoice_org_number, reg.invoice_reference = step[2]
                    service.reconcile(reg, SYSTEM)
                elif step[0] == "batch":
                    service.issue_batch(db.session.get(Event, event.id), SYSTEM)
                elif step[0] == "pay":
                    _pay(_standing(event.id), step[1], step[2], n)
                elif step[0] == "late":
                    credited = [i for i in db.session.scalars(select(Invoice).where(Invoice.event_id == event.id))
                                if i.kind == InvoiceKind.INVOICE and i.credit_note is not None]
                    if credited:
                        payments.add(credited[step[1] % len(credited)], 1000 + n, date(2027, 2, 1), payments.IMPORT,
                                     SYSTEM)
            if at_registration:  # every step settles at once
                assert _balance(event.id) == _owed(event.id)
        with transaction():
            service.issue_batch(db.session.get(Event, event.id), SYSTEM)  # the last batch settles every payer
        assert _balance(event.id) == _owed(event.id)
        rows = list(db.session.scalars(select(Invoice).where(Invoice.event_id == event.id)))
        assert all(r.kind == InvoiceKind.INVOICE for r in rows if r.credit_note is not None)
        assert all(i.outstanding >= 0 for i in _standing(event.id))  # carried money never overpays
        for invoice in rows:  # what a document says was paid before is money carried to it (more may follow)
            doc = service.document(invoice)
            carried = sum(p.amount for p in invoice.payments if p.source == refunds.CARRIED)
            assert 0 <= doc.prepaid <= carried and doc.totals.payable == doc.totals.tax_inclusive - doc.prepaid >= 0
            assert bool(doc.prepaid) <= bool(doc.prepaid_invoice)
        with transaction():  # every payer pays what is outstanding: each of them has paid what they owe
            for number, invoice in enumerate(_standing(event.id)):
                _pay([invoice], 0, 1, number)
        assert all(i.outstanding == 0 for i in _standing(event.id))
        for payer, (net_received, net_invoiced) in _money_by_payer(event.id).items():
            assert net_received == net_invoiced, payer
        db.session.remove()
