"""The export for the accounting system: one row per line of every issued invoice and credit note of an event,
with the account and VAT code the seller's mapping gives its VAT group (category and rate). Credit notes'
amounts are negative. After a credit note, a row for each refund due against it (app.invoicing.refunds), on the
seller's refund account: positive (it is paid out to the payer and settles what the credit note left in their
favour), dated when it was paid back, typed «Til tilbakebetaling» while it is still due.
`;`-separated CSV with a BOM (Excel), and XLSX."""
from __future__ import annotations

import io
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from app.core import spreadsheets
from app.extensions import db
from app.invoicing import money, stored
from app.invoicing import seller as sellers
from app.models import Event, Invoice, InvoiceKind

MONEY_FORMAT = "# ##0.00"


def headers() -> list[str]:
    return [_("Nummer"), _("Type"), _("Fakturadato"), _("Forfall"), _("Org.nr. betaler"), _("Betaler"),
            _("Referanse"), _("Linje"), _("Deltaker"), _("Antall"), _("Beløp uten mva."), _("Momskategori"),
            _("Sats"), _("Konto"), _("Mva-kode")]


def rows(event: Event) -> list[list]:
    """The values, amounts as Decimal kroner (exact: øre / 100)."""
    settings = sellers.row()
    accounts = sellers.parse_accounts(settings.accounts if settings else sellers.DEFAULT_ACCOUNTS)
    refund_account = settings.refund_account if settings else sellers.DEFAULT_REFUND_ACCOUNT
    out = []
    for invoice in db.session.scalars(select(Invoice).where(Invoice.event_id == event.id).order_by(Invoice.sequence)):
        sign = -1 if invoice.kind == InvoiceKind.CREDIT_NOTE else 1
        kind = _("Kreditnota") if sign < 0 else _("Faktura")
        for line in stored.load(invoice.document).lines:
            account = accounts.get((line.vat_category, Decimal(line.vat_rate).normalize()))
            out.append([invoice.number, kind, invoice.issue_date, invoice.due_date, invoice.payer_org_number,
                        invoice.buyer_name, invoice.buyer_reference, line.description, line.note,
                        Decimal(line.quantity), Decimal(sign * line.net) / 100, line.vat_category,
                        Decimal(line.vat_rate), account.account if account else "", account.vat_code if account else ""])
        out.extend(_refund_row(invoice, refund, refund_account) for refund in invoice.refunds)
    return out


def _refund_row(invoice: Invoice, refund, refund_account: str) -> list:
    done = refund.refunded_on is not None
    kind = _("Tilbakebetaling") if done else _("Til tilbakebetaling")
    return [invoice.number, kind, refund.refunded_on or "", "", invoice.payer_org_number, invoice.buyer_name,
            invoice.buyer_reference, _("Tilbakebetaling etter kreditnota %(number)s", number=invoice.number), "",
            Decimal(1), Decimal(refund.amount) / 100, "", "", refund_account, ""]


AMOUNT = 10  # the column of the amount; the other Decimals are a quantity and a rate


def _csv_cell(index: int, value):
    if index == AMOUNT:
        return money.format_kroner(int(value * 100)).replace(money.NBSP, "").replace("−", "-")
    if isinstance(value, Decimal):
        return money.ehf_decimal(value).replace(".", ",")
    return value


def to_csv(event: Event) -> str:
    return spreadsheets.csv_document([headers(), *([_csv_cell(i, v) for i, v in enumerate(row)] for row in rows(event))])


def to_xlsx(event: Event) -> bytes:
    from openpyxl import Workbook  # at use: it pulls in numpy (app.core.spreadsheets)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Regnskap"))
    sheet.freeze_panes = "A2"
    sheet.append(spreadsheets.xlsx_cells(sheet, headers(), bold=True))
    for row in rows(event):
        cells = spreadsheets.xlsx_cells(sheet, row)
        cells[AMOUNT].number_format = MONEY_FORMAT
        sheet.append(cells)
    workbook.properties.title = event.title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
