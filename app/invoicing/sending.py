"""E-mailing an invoice (its PDF attached) to the payer's invoice address, and the reminder of an overdue one:
written by the one composer of texts (app/mail/texts.py), queued in the outbox in the caller's transaction."""
from __future__ import annotations

from email.utils import parseaddr

from flask_babel import gettext as _

from app.audit.log import Actor, record
from app.core import clock
from app.invoicing import InvoicingError, payments, pdf, stored
from app.mail import outbox, texts
from app.models import Invoice

KIND_INVOICE, KIND_REMINDER = "invoice.sent", "invoice.reminder"


def _address(to: str) -> str:
    to = (to or "").strip()
    if "@" not in parseaddr(to)[1] or " " in to:
        raise InvoicingError(_("Skriv en gyldig e-postadresse for fakturaen."))
    return to


def attachment(invoice: Invoice) -> outbox.Attachment:
    name = "kreditnota" if invoice.is_credit_note else "faktura"
    return outbox.Attachment(f"{name}-{invoice.number}.pdf", "application/pdf", pdf.render(stored.load(invoice.document)))


def _queue(invoice: Invoice, to: str, template: str, kind: str) -> None:
    doc = stored.load(invoice.document)
    mail = texts.write(template, invoice=invoice, doc=doc, event=invoice.event)
    outbox.queue(kind=kind, to=to, subject=mail.subject, text=mail.text, html=mail.html,
                 attachments=[attachment(invoice)], event_id=invoice.event_id)


def send(invoice: Invoice, to: str, actor: Actor) -> None:
    """Queue the invoice (or credit note) for `to`; remembered as the payer's invoice address."""
    to = _address(to)
    _queue(invoice, to, "invoice_sent", KIND_INVOICE)
    invoice.buyer_email, invoice.sent_at = to, clock.now()
    record(actor, "invoice", invoice.id, "send", {"to": [None, to]}, event_id=invoice.event_id)


def remind(invoice: Invoice, actor: Actor) -> None:
    """Queue the reminder of an overdue invoice for its invoice address."""
    if payments.status(invoice) != "overdue":
        raise InvoicingError(_("Bare forfalte, ubetalte fakturaer får purring."))
    to = _address(invoice.buyer_email)
    _queue(invoice, to, "invoice_reminder", KIND_REMINDER)
    invoice.reminder_sent_at = clock.now()
    record(actor, "invoice", invoice.id, "remind", {"to": [None, to]}, event_id=invoice.event_id)
