"""Payments: marked by hand, or matched from a bank or ledger file (KID or invoice number, amount, date).

An import reads the whole file first: a row that cannot be read refuses the file (every such row named, in
bokmål), and nothing is stored. Otherwise each row is matched to an invoice of the event by its KID or its
number; what matches is stored as a payment, what does not is shown (unmatched, less than was outstanding, more
than was outstanding — an overpayment —, a payment to an invoice already credited, a payment already registered),
never guessed at. A payment to a credited invoice goes on to the invoice that stands in its place, the rest is
a refund due (app.invoicing.refunds).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.audit.log import Actor, record
from app.core import clock
from app.extensions import db
from app.invoicing import InvoicingError, money, refunds
from app.models import Event, Invoice, InvoiceKind, InvoicePayment

MANUAL, IMPORT = "manual", "import"
_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})|([0-9]{4})-([0-9]{2})-([0-9]{2})")


@dataclass(frozen=True)
class Row:
    line: int
    reference: str
    amount: int
    paid_on: date


@dataclass
class Report:
    matched: list[tuple[Row, Invoice]] = field(default_factory=list)
    mismatched: list[tuple[Row, Invoice, int]] = field(default_factory=list)  # less than outstanding (before)
    overpaid: list[tuple[Row, Invoice, int]] = field(default_factory=list)  # more than outstanding (before)
    forwarded: list[tuple[Row, Invoice]] = field(default_factory=list)  # to an invoice already credited
    unmatched: list[Row] = field(default_factory=list)
    repeated: list[tuple[Row, Invoice]] = field(default_factory=list)


def status(invoice: Invoice, today: date | None = None) -> str:
    """credit_note, credited, overpaid, paid, overdue or unpaid."""
    today = today or clock.oslo(clock.now()).date()
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        return "credit_note"
    if invoice.credit_note is not None:
        return "credited"
    if invoice.outstanding < 0:
        return "overpaid"
    if invoice.outstanding == 0:
        return "paid"
    return "overdue" if invoice.due_date < today else "unpaid"


def _date(text: str) -> date:
    found = _DATE.fullmatch(text.strip())
    if not found:
        raise ValueError
    day, month, year = (found[1], found[2], found[3]) if found[1] else (found[6], found[5], found[4])
    return date(int(year), int(month), int(day))


def parse(text: str) -> list[Row]:
    """The rows of a payments file (`;` or `,` separated, a header row allowed): reference, amount, date."""
    text = text.lstrip("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    rows, problems = [], []
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if len(cells) < 3:
            problems.append(_("Rad %(n)d: trenger tre kolonner – KID eller fakturanummer, beløp og dato.", n=number))
            continue
        try:
            amount = money.parse_kroner(cells[1])
            paid_on = _date(cells[2])
        except (InvoicingError, ValueError):
            if number == 1 and not rows:
                continue  # the header row
            problems.append(_("Rad %(n)d: beløpet eller datoen kan ikke leses (for eksempel 4 500,00 og 15.01.2027).",
                              n=number))
            continue
        if not cells[0]:
            problems.append(_("Rad %(n)d: mangler KID eller fakturanummer.", n=number))
            continue
        rows.append(Row(number, cells[0].replace(" ", ""), amount, paid_on))
    if problems:
        raise InvoicingError(*problems)
    if not rows:
        raise InvoicingError(_("Filen har ingen betalinger."))
    return rows


def add(invoice: Invoice, amount: int, paid_on: date, source: str, actor: Actor) -> bool:
    """Store one payment; False when the same payment (amount, date, source) is there already. Money paid to an
    invoice already credited goes on to the invoice in its place, the rest due back (refunds.forward)."""
    if any((p.amount, p.paid_on, p.source) == (amount, paid_on, source) for p in invoice.payments):
        return False
    invoice.payments.append(InvoicePayment(amount=amount, paid_on=paid_on, source=source))
    invoice.paid_amount += amount
    if invoice.outstanding <= 0 and invoice.paid_at is None:
        invoice.paid_at = paid_on
    db.session.flush()
    record(actor, "invoice", invoice.id, "update", {"paid_amount": [money.format_kroner(invoice.paid_amount - amount),
                                                                     money.format_kroner(invoice.paid_amount)],
                                                     "source": [None, source]}, event_id=invoice.event_id)
    if source != refunds.CARRIED and invoice.credit_note is not None:
        refunds.forward(invoice, amount, actor)
    return True


def mark_paid(invoice: Invoice, actor: Actor) -> None:
    """By hand: what is outstanding, paid today."""
    if invoice.kind != InvoiceKind.INVOICE or invoice.outstanding <= 0 or invoice.credit_note is not None:
        raise InvoicingError(_("Fakturaen har ikke noe utestående å betale (betalt, kreditert eller en kreditnota)."))
    add(invoice, invoice.outstanding, clock.oslo(clock.now()).date(), MANUAL, actor)


def _find(event: Event, reference: str) -> Invoice | None:
    return db.session.scalars(select(Invoice).where(
        Invoice.event_id == event.id, Invoice.kind == InvoiceKind.INVOICE,
        or_(Invoice.number == reference, (Invoice.kid == reference) & (Invoice.kid != "")))).first()


def import_file(event: Event, text: str, actor: Actor) -> Report:
    rows = parse(text)
    report = Report()
    for row in rows:
        invoice = _find(event, row.reference)
        if invoice is None:
            report.unmatched.append(row)
            continue
        outstanding, credited = invoice.outstanding, invoice.credit_note is not None
        if not add(invoice, row.amount, row.paid_on, IMPORT, actor):
            report.repeated.append((row, invoice))
        elif credited:
            report.forwarded.append((row, invoice))
        elif row.amount > outstanding:
            report.overpaid.append((row, invoice, outstanding))
        elif row.amount != outstanding:
            report.mismatched.append((row, invoice, outstanding))
        else:
            report.matched.append((row, invoice))
    return report
