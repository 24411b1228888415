"""The invoice or credit note as an A4 PDF (ReportLab, DejaVu Sans embedded so æ ø å and Sami á č đ ŋ š ŧ ž
print): seller and buyer, the lines with their VAT, totals per VAT rate, and how to pay (account, KID, due
date). Always bokmål: it is the legal document sent to a Norwegian kommune. The figures are the same
`Totals` the EHF XML carries, so the PDF and the XML can never disagree."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core import pdf_fonts
from app.core.clock import short_date
from app.invoicing import documents, identifiers
from app.invoicing.documents import CATEGORIES, CreditNote, Invoice, Line
from app.invoicing.money import ehf_decimal, format_kroner

FONT, BOLD = pdf_fonts.REGULAR, pdf_fonts.BOLD
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4a4f57")
RULE = colors.HexColor("#9aa0a8")
WIDTH = A4[0] - 36 * mm


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": base,
        "muted": ParagraphStyle("muted", parent=base, textColor=MUTED, fontSize=8.5, leading=11),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=20, leading=24),
        "bold": ParagraphStyle("bold", parent=base, fontName=BOLD),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "num": ParagraphStyle("num", parent=base, fontSize=8.5, leading=11, alignment=2),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _party(title: str, lines: list[str], s) -> list:
    return [_p(title, s["muted"]), _p(lines[0], s["bold"]), _p("\n".join(filter(None, lines[1:])), s["body"])]


def _address_lines(address) -> list[str]:
    return [address.street, address.additional, f"{address.postcode} {address.city}".strip()]


def _header(doc: Invoice, s) -> list:
    seller, buyer, credit = doc.seller, doc.buyer, isinstance(doc, CreditNote)
    org = f"Org.nr. {identifiers.format_org_number(seller.org_number)}" + (" MVA" if seller.mva_registered else "")
    seller_lines = [seller.name, *_address_lines(seller.address), org,
                    "Foretaksregisteret" if seller.foretaksregisteret else "", seller.invoice_email]
    buyer_lines = [buyer.name, *_address_lines(buyer.address),
                   f"Org.nr. {identifiers.format_org_number(buyer.org_number)}",
                   f"Att.: {buyer.contact_name}" if buyer.contact_name else ""]
    facts = [("Kreditnotanummer" if credit else "Fakturanummer", doc.number),
             ("Kreditnotadato" if credit else "Fakturadato", short_date(doc.issue_date))]
    if credit:
        facts.append(("Krediterer faktura", f"{doc.credited_number} av {short_date(doc.credited_issue_date)}"))
    else:
        facts.append(("Forfallsdato", short_date(doc.due)))
    facts.append(("Deres referanse", doc.buyer.reference))
    if doc.order_reference:
        facts.append(("Bestillingsnummer", doc.order_reference))
    if doc.delivery_date:
        facts.append(("Leveringsdato", short_date(doc.delivery_date)))
    fact_table = Table(facts, colWidths=[34 * mm, 50 * mm], hAlign="RIGHT")
    fact_table.setStyle(TableStyle([*_cells(9), ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    top = Table([[_party("Fra", seller_lines, s), [_p("Kreditnota" if credit else "Faktura", s["title"]),
                                                  Spacer(1, 3 * mm), fact_table]],
                 [_party("Til", buyer_lines, s), ""]],
                colWidths=[WIDTH - 86 * mm, 86 * mm])
    top.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                             ("SPAN", (1, 0), (1, 1))]))
    return [top, Spacer(1, 6 * mm)]


def _cells(size: float, bold_last_row: bool = False) -> list[tuple]:
    """Table style for plain-string cells (drawn directly: far cheaper than a Paragraph per cell)."""
    style = [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), size),
             ("LEADING", (0, 0), (-1, -1), size * 1.3), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TEXTCOLOR", (0, 0), (-1, -1), INK)]
    return style + ([("FONTNAME", (0, -1), (-1, -1), BOLD)] if bold_last_row else [])


def _vat_label(category: str, rate) -> str:
    return f"{ehf_decimal(rate)} %" if category in ("S", "Z") else CATEGORIES[category]


def _line_text(line: Line) -> str:
    text = line.description
    if line.period_start:
        end = line.period_end or line.period_start
        text += f"\n{short_date(line.period_start)}" + (f"–{short_date(end)}" if end != line.period_start else "")
    if line.vat_category == "E" and line.exemption_reason:
        text += f"\nFritatt: {line.exemption_reason}"
    if line.note:
        text += f"\n{line.note}"
    return text


def _lines(doc: Invoice, s) -> list:
    rows = [["Beskrivelse", "Antall", "Pris", "Mva.", "Beløp"]]
    for line in doc.lines:
        rows.append([_p(_line_text(line), s["cell"]), ehf_decimal(line.quantity).replace(".", ","),
                     format_kroner(line.unit_price), _vat_label(line.vat_category, line.vat_rate),
                     format_kroner(line.net)])
    table = Table(rows, colWidths=[WIDTH - 100 * mm, 16 * mm, 26 * mm, 30 * mm, 28 * mm], repeatRows=1)
    table.setStyle(TableStyle([*_cells(8.5), ("FONTNAME", (0, 0), (-1, 0), BOLD), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE)]))
    return [table, Spacer(1, 4 * mm)]


def _totals(doc: Invoice, s) -> list:
    totals = doc.totals
    rows = [["Sum eks. mva.", format_kroner(totals.tax_exclusive)]]
    for group in totals.breakdown:
        label = (f"Mva. {ehf_decimal(group.rate)} % av {format_kroner(group.taxable)}" if group.category in ("S", "Z")
                 else f"{CATEGORIES[group.category]}: {format_kroner(group.taxable)}")
        rows.append([label, format_kroner(group.tax)])
    rows.append(["Sum mva.", format_kroner(totals.tax)])
    if totals.prepaid:
        rows.append(["Sum inkl. mva.", format_kroner(totals.tax_inclusive)])
        paid = f"Allerede betalt (faktura {doc.prepaid_invoice})" if doc.prepaid_invoice else "Allerede betalt"
        rows.append([paid, format_kroner(-totals.prepaid)])
    due_label = "Til gode (NOK)" if isinstance(doc, CreditNote) else "Å betale (NOK)"
    rows.append([due_label, format_kroner(totals.payable)])
    table = Table(rows, colWidths=[70 * mm, 30 * mm], hAlign="RIGHT")
    table.setStyle(TableStyle([*_cells(8.5, bold_last_row=True), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                               ("FONTSIZE", (0, -1), (-1, -1), 10.5), ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]))
    return [table, Spacer(1, 8 * mm)]


def _payment(doc: Invoice, s) -> list:
    seller = doc.seller
    if isinstance(doc, CreditNote):
        text = (f"Kreditnotaen gjelder faktura {doc.credited_number} av {short_date(doc.credited_issue_date)}. "
                "Beløpet motregnes eller betales tilbake.")
        return [_p(text, s["body"])]
    rows = [("Kontonummer", identifiers.format_bank_account(seller.bank_account))]
    if doc.kid:
        rows.append(("KID", doc.kid))
    rows += [("Beløp", format_kroner(doc.totals.payable, currency=True)), ("Forfallsdato", short_date(doc.due))]
    table = Table(rows, colWidths=[34 * mm, 60 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([*_cells(9.5), ("TEXTCOLOR", (0, 0), (0, -1), MUTED), ("FONTNAME", (1, 0), (1, -1), BOLD),
                               ("BOX", (0, 0), (-1, -1), 0.8, INK),
                               ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f3f4f6"))]))
    hint = ("Fakturaen er betalt." if doc.totals.payable <= 0 else
            "Bruk KID ved betaling." if doc.kid else f"Merk betalingen med fakturanummer {doc.number}.")
    return [_p("Betaling", s["bold"]), Spacer(1, 1.5 * mm), table, Spacer(1, 1.5 * mm), _p(hint, s["muted"])]


def render(doc: Invoice) -> bytes:
    """The PDF of `doc`, after `documents.check` has accepted it."""
    documents.check(doc)
    pdf_fonts.register()
    s = _styles()
    buffer = io.BytesIO()
    title = f"{'Kreditnota' if isinstance(doc, CreditNote) else 'Faktura'} {doc.number}"
    template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                                 bottomMargin=16 * mm, title=title, author=doc.seller.name, lang="nb-NO",
                                 invariant=True, **pdf_fonts.CANVAS)  # the same document, the same bytes
    story = _header(doc, s) + _lines(doc, s) + _totals(doc, s) + _payment(doc, s)
    if doc.note:
        story += [Spacer(1, 4 * mm), _p(doc.note, s["body"])]
    template.build(story)
    return buffer.getvalue()
