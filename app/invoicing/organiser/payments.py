"""Importing a payments file (KID or invoice number, amount, date) on the event's Fakturaer tab."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from app.admin.common import actor, event_or_404
from app.auth.access import requires
from app.core.transaction import transaction
from app.invoicing import InvoicingError
from app.invoicing import payments as service
from app.invoicing.forms import PaymentsForm
from app.invoicing.organiser import bp

MAX_BYTES = 2 * 1024 * 1024


def _page(event, form, status: int = 200, problems=(), report=None):
    return render_template("invoicing/payments.html", event=event, form=form, problems=problems, report=report,
                           subtab="payments"), status


@bp.get("/events/<slug:slug>/invoices/payments")
@requires("edit")
def payments_form(slug: str):
    return _page(event_or_404(slug), PaymentsForm(formdata=None))


@bp.post("/events/<slug:slug>/invoices/payments")
@requires("edit")
def import_payments(slug: str):
    event = event_or_404(slug)
    form = PaymentsForm()
    if not form.validate():
        return _page(event, form, 400)
    raw = form.file.data.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return _page(event, form, 400, (_("Filen er for stor (høyst 2 MB)."),))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        with transaction():
            report = service.import_file(event, text, actor())
    except InvoicingError as error:
        return _page(event, form, 400, error.problems)
    return _page(event, PaymentsForm(formdata=None), report=report)
