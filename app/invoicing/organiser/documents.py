"""One issued document: its PDF and EHF XML (the contract's URLs), and what an arrangør does with it: send it
to the payer's invoice e-mail, mark it paid by hand, send the reminder of an overdue one, mark the refund due
against a credit note as paid back."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.admin.common import actor
from app.auth.access import requires
from app.core.downloads import file_response
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import InvoicingError, ehf, payments, pdf, refunds, sending, service
from app.invoicing.forms import RefundForm, SendForm
from app.invoicing.organiser import bp
from app.models import Event, Invoice


def _event_of(kwargs) -> int:
    event_id = db.session.scalar(select(Invoice.event_id).where(Invoice.number == kwargs["number"]))
    if event_id is None:
        abort(404)
    return event_id


def _invoice(number: str) -> Invoice:
    found = service.by_number(number)
    if found is None:
        abort(404)
    return found


def _filename(invoice: Invoice, suffix: str) -> str:
    return f"{'kreditnota' if invoice.is_credit_note else 'faktura'}-{invoice.number}.{suffix}"


@bp.get("/invoices/<number>.pdf")
@requires("view", event=_event_of)
def invoice_pdf(number: str):
    invoice = _invoice(number)
    return file_response(pdf.render(service.document(invoice)), "application/pdf", _filename(invoice, "pdf"),
                         inline=True)


@bp.get("/invoices/<number>.xml")
@requires("view", event=_event_of)
def invoice_xml(number: str):
    invoice = _invoice(number)
    return file_response(ehf.to_xml(service.document(invoice)), "application/xml", _filename(invoice, "xml"))


def _back(invoice: Invoice):
    return redirect(url_for("invoicing_organiser.invoices", slug=db.session.get(Event, invoice.event_id).slug), 303)


def _act(number: str, do, done: str):
    try:
        with transaction():
            invoice = _invoice(number)
            do(invoice)
    except InvoicingError as error:
        flash(" ".join(error.problems), "error")
        return _back(_invoice(number))
    flash(done, "success")
    return _back(invoice)


@bp.post("/invoices/<number>/send")
@requires("edit", event=_event_of)
def send(number: str):
    form = SendForm()
    if not form.validate():
        flash(_("Skriv en gyldig e-postadresse for fakturaen."), "error")
        return _back(_invoice(number))
    return _act(number, lambda invoice: sending.send(invoice, form.email.data, actor()),
                _("Fakturaen er lagt i utboksen til %(email)s.", email=form.email.data))


@bp.post("/invoices/<number>/paid")
@requires("edit", event=_event_of)
def mark_paid(number: str):
    return _act(number, lambda invoice: payments.mark_paid(invoice, actor()), _("Fakturaen er markert som betalt."))


@bp.post("/invoices/<number>/remind")
@requires("edit", event=_event_of)
def remind(number: str):
    return _act(number, lambda invoice: sending.remind(invoice, actor()), _("Purringen er lagt i utboksen."))




@bp.post("/invoices/<number>/refunded")
@requires("edit", event=_event_of)
def mark_refunded(number: str):
    form = RefundForm()
    if not form.validate():
        flash(" ".join(map(str, form.refunded_on.errors)) or _("Skriv datoen pengene ble betalt tilbake."), "error")
        return _back(_invoice(number))
    return _act(number, lambda invoice: refunds.mark_refunded(invoice, form.refunded_on.data, actor()),
                _("Tilbakebetalingen er registrert."))
