"""Issuing: one invoice per payer per event, numbers from one gap-free series, and a credit note plus a new
invoice whenever what a payer's registrations owe differs from what was invoiced (issued documents never change).

- A payer is (organisation number, buyer reference) of the registrations: a group that shares both gets one
  invoice. What each registration owes is `charges.owed(registration)`.
- The series row is taken under a row lock (SELECT … FOR UPDATE on PostgreSQL; on SQLite the transaction's
  write lock) before anything is read about the payer, so two issuers wait for each other: no gaps, no
  duplicates, and no payer invoiced twice. The number is used only if the caller's transaction commits.
- Every document passes `documents.check` before it is written; a refusal raises InvoicingError with every
  problem in bokmål and the caller's transaction rolls back: nothing half-written.
Services take an `actor`, record their audit entry, and never commit.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import chain

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.audit.log import SYSTEM, Actor, record
from app.core import clock
from app.extensions import db
from app.invoicing import InvoicingError, charges, documents, identifiers, money, refunds, stored
from app.invoicing import seller as sellers
from app.invoicing.documents import Address, Buyer, CreditNote
from app.invoicing.documents import Invoice as Document
from app.models import (
    Event,
    EventInvoicing,
    Invoice,
    InvoiceKind,
    InvoiceSeries,
    InvoicingMode,
    Registration,
    invoice_registrations,
)

SERIES_ID = 1


@dataclass(frozen=True, order=True)
class Payer:
    org_number: str
    reference: str

    @property
    def label(self) -> str:
        return f"{identifiers.format_org_number(self.org_number)} / {self.reference or '–'}"


def payer_of(registration: Registration) -> Payer | None:
    org = (registration.invoice_org_number or "").strip()
    return Payer(org, (registration.invoice_reference or "").strip()) if org else None


def mode(event_id: int) -> InvoicingMode:
    found = db.session.get(EventInvoicing, event_id)
    return found.mode if found else InvoicingMode.BATCH


def set_mode(event: Event, value: InvoicingMode, actor: Actor) -> None:
    found = db.session.get(EventInvoicing, event.id)
    before = found.mode.value if found else InvoicingMode.BATCH.value
    if found is None:
        found = EventInvoicing(event_id=event.id)
        db.session.add(found)
    found.mode = value
    db.session.flush()
    record(actor, "event", event.id, "update", {"invoicing_mode": [before, value.value]} if before != value else {},
           event_id=event.id)


def _lock_series() -> InvoiceSeries:
    """The series row, locked until the caller's transaction ends (created at 0 the first time)."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(InvoiceSeries).values(id=SERIES_ID, last_number=0).on_conflict_do_nothing())
    return db.session.scalars(select(InvoiceSeries).where(InvoiceSeries.id == SERIES_ID).with_for_update()
                              .execution_options(populate_existing=True)).one()


def _registrations(event_id: int, payer: Payer) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(
        Registration.event_id == event_id, Registration.invoice_org_number == payer.org_number,
        Registration.invoice_reference == payer.reference).order_by(Registration.id)
        .execution_options(populate_existing=True)))


def current_invoice(event_id: int, payer: Payer) -> Invoice | None:
    """The payer's invoice that stands: the latest one no credit note has cancelled."""
    return db.session.scalars(select(Invoice).where(
        Invoice.event_id == event_id, Invoice.kind == InvoiceKind.INVOICE,
        Invoice.payer_org_number == payer.org_number, Invoice.buyer_reference == payer.reference,
        ~Invoice.credit_note.has()).order_by(Invoice.id.desc()).limit(1)).first()


def _buyer(payer: Payer, registrations: list[Registration]) -> Buyer:
    """The payer as the invoice names it. Its contact is the person who ordered: a group's contact person
    (who gave the payer and reference for everyone), else the first who registered under it and has not cancelled
    (the first of all when everyone has)."""
    first = next((r for r in registrations if r.is_active), registrations[0])
    kommune = first.municipality
    name = f"{kommune.name} kommune" if kommune is not None else first.organisation
    address = (Address(kommune.invoice_street, kommune.invoice_postcode, kommune.invoice_city) if kommune is not None
               else Address("", "", ""))  # the kommune's invoice address as the organisers keep it (/admin/members)
    group = next((r.group for r in registrations if r.group_id is not None and r.group.contact_email), None)
    contact, email = (group.contact_name, group.contact_email) if group else (first.full_name, first.email or "")
    return Buyer(name=name or first.organisation, org_number=payer.org_number, address=address,
                 reference=payer.reference, contact_name=contact, email=email)


def _write(doc: Document, series: InvoiceSeries, event: Event, registrations: Iterable[Registration],
           actor: Actor, credited: Invoice | None = None) -> Invoice:
    """Check `doc`, give it the next number (and KID), store it as issued."""
    documents.check(doc)
    settings, _seller = sellers.current()
    series.last_number += 1
    number = identifiers.invoice_number(series.last_number, prefix=settings.number_prefix)
    kid = identifiers.make_kid(series.last_number, length=sellers.KID_LENGTH) \
        if settings.kid_enabled and credited is None else ""
    doc = replace(doc, number=number, kid=kid)
    totals = doc.totals
    row = Invoice(number=number, sequence=series.last_number, kind=InvoiceKind(doc.kind), event_id=event.id,
                  payer_org_number=doc.buyer.org_number, buyer_reference=doc.buyer.reference,
                  buyer_name=doc.buyer.name, buyer_email=doc.buyer.email, issue_date=doc.issue_date,
                  due_date=doc.due, kid=kid, total_net=totals.tax_exclusive, total_vat=totals.tax,
                  total_payable=totals.tax_inclusive, document=stored.dump(doc), credited=credited)
    row.registrations = list(registrations)
    db.session.add(row)
    db.session.flush()
    record(actor, "invoice", row.id, "create", {"number": [None, number], "kind": [None, doc.kind],
                                                "amount": [None, money.format_kroner(totals.tax_inclusive)]}, event_id=event.id)
    return row


def _credit(invoice: Invoice, series: InvoiceSeries, event: Event, actor: Actor) -> Invoice:
    old = stored.load(invoice.document)
    _settings, seller = sellers.current()
    doc = CreditNote(number="0", issue_date=clock.oslo(clock.now()).date(), seller=seller, buyer=old.buyer,
                     lines=old.lines, delivery_date=old.delivery_date, credited_number=old.number,
                     credited_issue_date=old.issue_date)
    return _write(doc, series, event, invoice.registrations, actor, credited=invoice)


def _settle(event: Event, payer: Payer, series: InvoiceSeries, actor: Actor) -> list[Invoice]:
    """Make the payer's standing invoice bill exactly what its registrations owe now."""
    registrations = _registrations(event.id, payer)
    owing = [(r, charges.owed(r)) for r in registrations]
    lines = tuple(chain.from_iterable(lines for _r, lines in owing))
    standing = current_invoice(event.id, payer)
    if standing is not None and stored.lines_key(stored.load(standing.document).lines) == stored.lines_key(lines):
        return []
    credit_note = _credit(standing, series, event, actor) if standing is not None else None
    replacement = None
    if lines:
        _settings, seller = sellers.current()
        doc = Document(number="0", issue_date=clock.oslo(clock.now()).date(), seller=seller,
                       buyer=_buyer(payer, registrations), lines=lines,
                       delivery_date=clock.oslo(event.starts_at).date())
        if credit_note is not None:  # what is carried to it (refunds.move) is known now: the document says so
            doc = replace(doc, prepaid=min(standing.paid_amount, max(doc.totals.tax_inclusive, 0)),
                          prepaid_invoice=standing.number)
        replacement = _write(doc, series, event, [r for r, owed in owing if owed], actor)
    if credit_note is not None:  # what was paid on the credited invoice: to the new one, the rest paid back
        refunds.move(standing.paid_amount, credit_note, replacement, actor)
    return [d for d in (credit_note, replacement) if d is not None]


def _payers(event_id: int) -> list[Payer]:
    """Every payer of the event: of its registrations, and of its invoices (a payer nobody names any more)."""
    named = db.session.execute(select(Registration.invoice_org_number, Registration.invoice_reference)
                               .where(Registration.event_id == event_id, Registration.invoice_org_number != "")
                               .distinct()).all()
    invoiced = db.session.execute(select(Invoice.payer_org_number, Invoice.buyer_reference)
                                  .where(Invoice.event_id == event_id).distinct()).all()
    return sorted({Payer(org.strip(), ref.strip()) for org, ref in chain(named, invoiced)})


def _all_or_nothing(event: Event, payers: Iterable[Payer], actor: Actor) -> list[Invoice]:
    series = _lock_series()
    made, problems = [], []
    for payer in payers:
        try:
            made += _settle(event, payer, series, actor)
        except InvoicingError as error:
            problems += [f"{payer.label}: {p}" for p in error.problems]
    if problems:
        raise InvoicingError(*problems)  # the caller's transaction rolls back what was written before
    return made


def issue_batch(event: Event, actor: Actor) -> list[Invoice]:
    """Issue (or correct) the invoice of every payer of the event whose registrations owe what is not yet
    invoiced; refuse the whole batch, every payer's problems named, if one cannot be issued."""
    sellers.current()
    return _all_or_nothing(event, _payers(event.id), actor)


def reconcile(registration: Registration, actor: Actor) -> list[Invoice]:
    """After a registration, cancellation, replacement or change: bring the invoices of the payers concerned
    (the registration's, and that of a standing invoice that covers it) in line with what is owed. Before an
    event's batch nothing is issued unless the event issues at registration."""
    payers = {payer_of(registration)} - {None}
    covering = db.session.scalars(select(Invoice).join(invoice_registrations).where(
        invoice_registrations.c.registration_id == registration.id, Invoice.kind == InvoiceKind.INVOICE,
        ~Invoice.credit_note.has()))
    payers |= {Payer(i.payer_org_number, i.buyer_reference) for i in covering}
    event = registration.event
    at_registration = mode(event.id) == InvoicingMode.AT_REGISTRATION
    due = [p for p in sorted(payers) if at_registration or current_invoice(event.id, p) is not None]
    return _all_or_nothing(event, due, actor) if due else []


def by_number(number: str) -> Invoice | None:
    return db.session.scalars(select(Invoice).where(Invoice.number == number)).first()


def document(invoice: Invoice) -> Document:
    return stored.load(invoice.document)


def after_change(registration: Registration, actor: Actor | None = None, *, new: bool = False) -> None:
    """The registration service's call after a registration, cancellation or change: `reconcile` in a
    SAVEPOINT of the caller's transaction. A refusal (the seller's details missing, a payer the rules refuse)
    never stops the registration itself: nothing of the invoicing is written, the batch names the problem later.
    A `new` registration without a payer costs nothing (no invoice can cover it yet: a cancelled one that comes
    back had its invoice credited when it was cancelled) — the registration rush's free path; any other
    registration without a payer costs one query (the invoices that cover it)."""
    if new and payer_of(registration) is None:
        return
    try:
        with db.session.begin_nested():
            reconcile(registration, actor or SYSTEM)
    except InvoicingError as error:
        current_app.logger.warning("invoicing after registration %s: %s", registration.id, error)
