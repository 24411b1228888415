"""The event's Fakturaer tab: the invoices and credit notes with their status, when the event invoices, the
batch, the refunds due («Til tilbakebetaling»), the overdue list, a ZIP of the PDFs and EHF files, and the
accounting export."""
from __future__ import annotations

import io
import zipfile
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.admin.common import actor, event_or_404
from app.auth.access import requires
from app.core import clock
from app.core.downloads import file_response
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import InvoicingError, accounting, ehf, payments, pdf, refunds, service, stored
from app.invoicing import seller as sellers
from app.invoicing.forms import ModeForm, RefundForm, SendForm
from app.invoicing.organiser import bp
from app.models import Event, Invoice, InvoicingMode

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _invoices(event: Event) -> list[Invoice]:
    """The event's documents in number order, each with the credit note that cancels it or the invoice it
    cancels (the list's status and its cross-reference) and its payments (what was already paid on a replacement):
    loaded with them, not one query per row."""
    return list(db.session.scalars(select(Invoice).where(Invoice.event_id == event.id).order_by(Invoice.sequence)
                                   .options(selectinload(Invoice.credit_note), selectinload(Invoice.credited),
                                            selectinload(Invoice.payments))))


def _issue_dates(invoices: list[Invoice]) -> list[date]:
    return sorted({i.issue_date for i in invoices}, reverse=True)


def _list_page(event: Event, problems=()) -> str:
    found = _invoices(event)
    return render_template("invoicing/invoices.html", event=event, invoices=found, status=payments.status,
                           batches=_issue_dates(found), problems=problems, seller=sellers.row(),
                           mode_form=ModeForm(formdata=None, mode=service.mode(event.id)),
                           send_form=SendForm(formdata=None), refunds=refunds.of_event(event.id),
                           refund_form=RefundForm(formdata=None, refunded_on=clock.oslo(clock.now()).date()),
                           subtab="list")


@bp.get("/events/<slug:slug>/invoices")
@requires("view")
def invoices(slug: str):
    return _list_page(event_or_404(slug))


@bp.get("/events/<slug:slug>/invoices/overdue")
@requires("view")
def overdue(slug: str):
    event = event_or_404(slug)
    found = [i for i in _invoices(event) if payments.status(i) == "overdue"]
    return render_template("invoicing/overdue.html", event=event, invoices=found, subtab="overdue")


@bp.post("/events/<slug:slug>/invoices/batch")
@requires("edit")
def issue_batch(slug: str):
    event = event_or_404(slug)
    try:
        with transaction():
            made = service.issue_batch(event, actor())
    except InvoicingError as error:
        return _list_page(event, error.problems), 400
    if made:
        flash(ngettext("%(num)d dokument er laget.", "%(num)d dokumenter er laget.", len(made)), "success")
    else:
        flash(_("Ingen nye fakturaer: alle betalere er fakturert for det de skylder."), "success")
    return redirect(url_for("invoicing_organiser.invoices", slug=slug), 303)


@bp.post("/events/<slug:slug>/invoices/mode")
@requires("edit")
def set_mode(slug: str):
    event = event_or_404(slug)
    form = ModeForm()
    if not form.validate():
        flash(_("Velg når fakturaene lages."), "error")
        return redirect(url_for("invoicing_organiser.invoices", slug=slug), 303)
    with transaction():
        service.set_mode(event, InvoicingMode(form.mode.data), actor())
    flash(_("Lagret."), "success")
    return redirect(url_for("invoicing_organiser.invoices", slug=slug), 303)


@bp.get("/events/<slug:slug>/invoices.zip")
@requires("view")
def batch_zip(slug: str):
    """Every document of the event issued on ?date=YYYY-MM-DD (one batch), or all of them: PDF and EHF XML."""
    event = event_or_404(slug)
    try:
        day = date.fromisoformat(request.args["date"]) if request.args.get("date") else None
    except ValueError:
        day = date.min
    chosen = [i for i in _invoices(event) if day is None or i.issue_date == day]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in chosen:
            doc = stored.load(invoice.document)
            name = f"{'kreditnota' if invoice.is_credit_note else 'faktura'}-{invoice.number}"
            archive.writestr(f"{name}.pdf", pdf.render(doc))
            archive.writestr(f"{name}.xml", ehf.to_xml(doc))
    suffix = f"-{day.isoformat()}" if day and day != date.min else ""
    return file_response(out.getvalue(), "application/zip", f"fakturaer-{event.slug}{suffix}.zip")


@bp.get("/events/<slug:slug>/invoices/accounting.<any(csv, xlsx):fmt>")
@requires("view")
def accounting_export(slug: str, fmt: str):
    event = event_or_404(slug)
    name = f"regnskap-{event.slug}.{fmt}"
    if fmt == "csv":
        return file_response(accounting.to_csv(event), "text/csv", name)
    return file_response(accounting.to_xlsx(event), XLSX, name)
