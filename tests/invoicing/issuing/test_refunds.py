"""Money never disappears when a paid invoice is credited: what was paid goes to the invoice issued in its place,
the rest is a refund due against the credit note; an arrangør marks it paid back; the export books it."""
from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import InvoicingError, payments, refunds, service
from app.models import AuditEntry, Event, EventRole, Invoice, InvoiceRefund, Registration, UserRole
from app.registration import service as registrations
from tests.clients import signed_in
from tests.factories import applicant
from tests.invoicing.issuing.conftest import KOMMUNE_ORG


def _register(event_id: int, n: int, ref: str = "LK27-1") -> int:
    with transaction():
        return registrations.register(event_id, applicant(n, invoice_org_number=KOMMUNE_ORG, invoice_reference=ref,
                                                          municipality_number="5610")).id


def _batch(event_id: int) -> None:
    with transaction():
        service.issue_batch(db.session.get(Event, event_id), SYSTEM)


def _pay(number: str, amount: int, source: str = payments.IMPORT) -> None:
    with transaction():
        payments.add(service.by_number(number), amount, date(2027, 1, 15), source, SYSTEM)


def _cancel(registration_id: int) -> None:
    with transaction():
        registrations.cancel(registration_id, actor=SYSTEM)


def _state() -> list[tuple[str, str, int, int, str]]:
    db.session.expire_all()
    return [(i.number, i.kind.value, i.total_payable, i.paid_amount, payments.status(i))
            for i in db.session.scalars(select(Invoice).order_by(Invoice.sequence))]


def _refunds() -> list[tuple[str, int, date | None]]:
    return [(r.credit_note.number, r.amount, r.refunded_on)
            for r in db.session.scalars(select(InvoiceRefund).order_by(InvoiceRefund.id))]


def _ledger(event_id: int) -> tuple[int, int]:
    """(money received − refunds, invoices − credit notes) of the event, in øre."""
    rows = list(db.session.scalars(select(Invoice).where(Invoice.event_id == event_id)))
    invoiced = sum(-i.total_payable if i.is_credit_note else i.total_payable for i in rows)
    return refunds.received(rows) - refunds.refunded(rows), invoiced


def test_a_cancellation_after_payment_carries_the_payment_and_refunds_the_rest(ctx, make, seller_details):
    event = make.event(fee_nok=4500)
    ids = [_register(event.id, n) for n in (1, 2)]
    _batch(event.id)
    _pay("2027-00001", 900_000)
    _cancel(ids[1])
    assert _state() == [("2027-00001", "invoice", 900_000, 900_000, "credited"),
                        ("2027-00002", "credit_note", 900_000, 0, "credit_note"),
                        ("2027-00003", "invoice", 450_000, 450_000, "paid")]
    assert _refunds() == [("2027-00002", 450_000, None)]
    carried = service.by_number("2027-00003").payments
    assert [(p.amount, p.source) for p in carried] == [(450_000, "carried")]
    assert _ledger(event.id) == (450_000, 450_000)


def test_a_part_payment_is_carried_whole_and_nothing_is_refunded(ctx, make, seller_details):
    event = make.event(fee_nok=4500)
    ids = [_register(event.id, n) for n in (1, 2)]
    _batch(event.id)
    _pay("2027-00001", 300_000)
    _cancel(ids[1])
    assert _state()[2] == ("2027-00003", "invoice", 450_000, 300_000, "unpaid")
    assert _refunds() == []
    _pay("2027-00003", 150_000)
    assert _ledger(event.id) == (450_000, 450_000)


def test_cancelling_everyone_after_payment_refunds_it_all_and_a_late_payment_too(ctx, make, seller_details):
    event = make.event(fee_nok=4500)
    rid = _register(event.id, 1)
    _batch(event.id)
    _pay("2027-00001", 450_000)
    _cancel(rid)
    assert _refunds() == [("2027-00002", 450_000, None)]
    _pay("2027-00001", 450_000, payments.MANUAL)  # paid twice, the second time after it was credited
    assert _refunds() == [("2027-00002", 450_000, None), ("2027-00002", 450_000, None)]
    assert _ledger(event.id) == (0, 0)


def test_marking_refunded_is_dated_audited_and_refuses_a_future_date_or_nothing_due(ctx, make, seller_details):
    event = make.event(fee_nok=4500)
    rid = _register(event.id, 1)
    _batch(event.id)
    _pay("2027-00001", 450_000)
    _cancel(rid)
    note = service.by_number("2027-00002")
    today = clock.oslo(clock.now()).date()
    with pytest.raises(InvoicingError, match="kan ikke være etter i dag"), transaction():
        refunds.mark_refunded(note, today + timedelta(days=1), SYSTEM)
    with transaction():
        refunds.mark_refunded(service.by_number("2027-00002"), today, SYSTEM)
    assert _refunds() == [("2027-00002", 450_000, today)]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "invoice_refund",
                                                        AuditEntry.action == "update")).one()
    assert json.loads(entry.changes) == {"refunded_on": [None, today.isoformat()]}
    with pytest.raises(InvoicingError, match="Det er ingenting å betale tilbake for kreditnota 2027-00002."):
        refunds.mark_refunded(service.by_number("2027-00002"), today, SYSTEM)
    with pytest.raises(InvoicingError, match="ingenting å betale tilbake"):
        refunds.mark_refunded(service.by_number("2027-00001"), today, SYSTEM)  # an invoice, not a credit note


# --- as the organiser sees it --------------------------------------------------------------------------------

@pytest.fixture
def refunded_event(app, make, seller_details):
    """lk27: 2027-00001 (two people) paid 9 000 kr; one cancelled → 2027-00002 credit note, 2027-00003 paid by
    what was carried, 4 500 kr to pay back."""
    event = make.event(fee_nok=4500, title="Lederkonferansen 2027", slug="lk27")
    with app.app_context():
        ids = [_register(event.id, n) for n in (1, 2)]
        _batch(event.id)
        _pay("2027-00001", 900_000)
        _cancel(ids[1])
        db.session.remove()
    return event


@pytest.fixture
def admin(client, login, make):
    return signed_in(client, login, make.user(UserRole.ADMINISTRATOR).email)


def test_the_invoices_tab_lists_the_refund_and_marks_it_paid_back(app, admin, refunded_event):
    clock.set_now(datetime(2027, 2, 1, 12, tzinfo=UTC))
    html = admin.html("/admin/events/lk27/invoices")
    assert "Til tilbakebetaling" in html and "Skal betales tilbake" in html
    section = html[html.index('id="refunds-heading"'):]
    assert "2027-00002" in section and "kr\u00a04\u00a0500,00" in section and "Marker som tilbakebetalt" in section
    bad = admin.post("/admin/invoices/2027-00002/refunded", {"refunded_on": "i morgen"}, follow_redirects=True)
    assert "Skriv en dato, for eksempel 14.04.2027." in bad.get_data(as_text=True)
    response = admin.post("/admin/invoices/2027-00002/refunded", {"refunded_on": "2027-01-20"},
                          follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Tilbakebetalingen er registrert." in page and "Tilbakebetalt 20.01.2027" in page
    with app.app_context():
        assert _refunds() == [("2027-00002", 450_000, date(2027, 1, 20))]


def test_lesetilgang_sees_the_refund_but_cannot_mark_it(app, client, login, make, refunded_event):
    viewer = signed_in(client, login, make.user(EventRole.VIEWER, events=[refunded_event]).email)
    html = viewer.html("/admin/events/lk27/invoices")
    assert "Skal betales tilbake" in html and "Marker som tilbakebetalt" not in html
    assert viewer.post("/admin/invoices/2027-00002/refunded", {"refunded_on": "2027-01-20"}).status_code == 403


def test_the_accounting_export_books_the_refund_on_the_refund_account(app, admin, refunded_event):
    clock.set_now(datetime(2027, 2, 1, 12, tzinfo=UTC))
    def refund_rows():
        data = admin.get("/admin/events/lk27/invoices/accounting.csv").data
        rows = list(csv.reader(io.StringIO(data[3:].decode()), delimiter=";"))
        return [(r[0], r[1], r[2], r[10], r[13]) for r in rows[1:] if "ilbakebetal" in r[1]]

    assert refund_rows() == [("2027-00002", "Til tilbakebetaling", "", "4500,00", "1500")]
    admin.post("/admin/invoices/2027-00002/refunded", {"refunded_on": "2027-01-20"})
    assert refund_rows() == [("2027-00002", "Tilbakebetaling", "20.01.2027", "4500,00", "1500")]


def _import(admin, text: str):
    return admin.post("/admin/events/lk27/invoices/payments", content_type="multipart/form-data",
                      data={"file": (io.BytesIO(text.encode("utf-8")), "bank.csv")}).get_data(as_text=True)


def test_an_import_shows_an_overpayment_and_a_payment_to_a_credited_invoice(app, admin, refunded_event):
    with app.app_context():
        _register(refunded_event.id, 5, ref="LK27-2")
        _batch(refunded_event.id)  # 2027-00004, 4 500 kr, KID 0000000042
        kid = service.by_number("2027-00004").kid
    html = _import(admin, f"{kid};5 000,00;16.01.2027\n2027-00001;100,00;17.01.2027\n")
    assert "Betalt for mye" in html
    assert ("Rad 1: kr\u00a05\u00a0000,00 til faktura 2027-00004, som hadde kr\u00a04\u00a0500,00 utestående – "
            "kr\u00a0500,00 for mye.") in html
    assert "Rad 2: kr\u00a0100,00 til faktura 2027-00001, som er kreditert." in html
    with app.app_context():
        assert _refunds() == [("2027-00002", 450_000, None), ("2027-00002", 10_000, None)]
        assert payments.status(service.by_number("2027-00004")) == "overpaid"
    assert ">Overbetalt<" in admin.html("/admin/events/lk27/invoices")


def test_refund_rows_follow_their_registrations_event(ctx, make, seller_details):
    """Refunds are per event: another event's refund is not on this one's list."""
    first, second = make.event(fee_nok=1000), make.event(fee_nok=1000)
    for event in (first, second):
        _register(event.id, event.id)
        _batch(event.id)
    _pay(db.session.scalars(select(Invoice.number).where(Invoice.event_id == second.id)).first(), 100_000)
    with transaction():
        registrations.cancel(db.session.scalars(select(Registration.id).where(Registration.event_id == second.id))
                             .one(), actor=SYSTEM)
    assert refunds.of_event(first.id) == [] and len(refunds.of_event(second.id)) == 1
