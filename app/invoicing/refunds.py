"""Money never disappears: what a payer had paid on an invoice a credit note cancels goes first to the invoice
issued in its place (a payment with source «carried», up to what that one bills), and the rest is a refund due to
the payer, recorded against the credit note. A payment that comes in later to an invoice already credited goes
the same way. An arrangør marks a refund as paid back, with the date.

For every payer who owes nothing more: Σ payments received − Σ refunds == Σ invoices − Σ credit notes.
Services take an `actor`, record their audit entry, and never commit.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.log import Actor, record
from app.core import clock
from app.extensions import db
from app.invoicing import InvoicingError, money
from app.models import Invoice, InvoiceKind, InvoiceRefund

CARRIED = "carried"  # InvoicePayment.source: moved from a credited invoice, not money received


def _today() -> date:
    return clock.oslo(clock.now()).date()


def _due(credit_note: Invoice, amount: int, actor: Actor) -> InvoiceRefund:
    refund = InvoiceRefund(credit_note=credit_note, event_id=credit_note.event_id, amount=amount)
    db.session.add(refund)
    db.session.flush()
    record(actor, "invoice_refund", refund.id, "create", {"credit_note": [None, credit_note.number],
                                                           "amount": [None, money.format_kroner(amount)]},
           event_id=credit_note.event_id)
    return refund


def move(held: int, credit_note: Invoice, replacement: Invoice | None, actor: Actor) -> InvoiceRefund | None:
    """`held` øre, paid on the invoice `credit_note` cancels: carried to `replacement` (up to what it still has
    outstanding), the rest due back to the payer."""
    from app.invoicing import payments  # payments imports this module

    if held <= 0:
        return None
    carried = min(held, max(replacement.outstanding, 0)) if replacement is not None else 0
    if carried:
        payments.add(replacement, carried, _today(), CARRIED, actor)
    return _due(credit_note, held - carried, actor) if held > carried else None


def forward(invoice: Invoice, amount: int, actor: Actor) -> InvoiceRefund | None:
    """A payment of `amount` that came in to `invoice` after it was credited: on to the invoice that stands for
    the same payer now, the rest due back."""
    from app.invoicing import service  # service imports this module

    standing = service.current_invoice(invoice.event_id, service.Payer(invoice.payer_org_number,
                                                                        invoice.buyer_reference))
    return move(amount, invoice.credit_note, standing, actor)


def of_event(event_id: int) -> list[InvoiceRefund]:
    """The event's refunds, those still due first, then by credit note."""
    found = db.session.scalars(select(InvoiceRefund).join(InvoiceRefund.credit_note)
                               .where(InvoiceRefund.event_id == event_id).order_by(Invoice.sequence, InvoiceRefund.id))
    return sorted(found, key=lambda r: r.refunded_on is not None)


def mark_refunded(credit_note: Invoice, on: date, actor: Actor) -> list[InvoiceRefund]:
    """Every refund still due against `credit_note` was paid back on `on` (not a day in the future)."""
    due = [r for r in credit_note.refunds if r.refunded_on is None] if credit_note.kind == InvoiceKind.CREDIT_NOTE else []
    if not due:
        raise InvoicingError(_("Det er ingenting å betale tilbake for kreditnota %(number)s.", number=credit_note.number))
    if on > _today():
        raise InvoicingError(_("Datoen for tilbakebetalingen kan ikke være etter i dag."))
    for refund in due:
        refund.refunded_on = on
        record(actor, "invoice_refund", refund.id, "update", {"refunded_on": [None, on.isoformat()]},
               event_id=credit_note.event_id)
    db.session.flush()
    return due


def received(invoices: list[Invoice]) -> int:
    """Money received on these invoices (carried payments are not money received)."""
    return sum(p.amount for i in invoices for p in i.payments if p.source != CARRIED)


def refunded(invoices: list[Invoice]) -> int:
    """Refunds recorded against these documents, due or paid back."""
    return sum(r.amount for i in invoices for r in i.refunds)
