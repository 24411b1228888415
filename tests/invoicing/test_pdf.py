"""The invoice and credit note PDFs: A4, our embedded fonts only, and the figures a kommune pays from."""
from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from app.invoicing import InvoicingError, pdf
from tests.core.test_pdf_fonts import declared_fonts
from tests.invoicing.samples import BUYER, DINNER, FEE, HOTEL, credit_note, invoice


def page_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages] == [(595, 842)]
    return re.sub(r"\s+", " ", reader.pages[0].extract_text())


def test_group_invoice_pdf_shows_lines_vat_per_rate_and_how_to_pay():
    data = pdf.render(invoice(lines=(FEE, HOTEL, DINNER), kid="000000018"))
    assert {font.split("+")[-1] for font in declared_fonts(data)} == {"DejaVuSans", "DejaVuSans-Bold"}
    text = page_text(data)
    for expected in ("Faktura", "Fakturanummer 2027-00001", "Fakturadato 02.12.2026", "Forfallsdato 01.01.2027",
                     "Deres referanse LK27-4411", "Norsk kulturskoleråd", "Org.nr. 974 760 673 MVA",
                     "Foretaksregisteret", "Kárášjoga gielda / Karasjok kommune", "Org.nr. 964 830 533",
                     "Att.: Ánne Čáhppes", "Lederkonferansen 2027, deltakeravgift",
                     "Fritatt: Kurs og undervisning, merverdiavgiftsloven § 3-5", "03.02.2027–04.02.2027",
                     "Sum eks. mva. 6 780,00", "Fritatt for mva.: 4 500,00 0,00", "Mva. 12 % av 1 490,00 178,80",
                     "Mva. 25 % av 790,00 197,50", "Sum mva. 376,30", "Å betale (NOK) 7 156,30",
                     "Kontonummer 8601 11 17947", "KID 000000018", "Beløp kr 7 156,30", "Bruk KID ved betaling."):
        assert expected in text, expected


def test_credit_note_pdf_names_the_credited_invoice():
    text = page_text(pdf.render(credit_note(lines=(HOTEL,))))
    for expected in ("Kreditnota", "Kreditnotanummer 2027-00002", "Kreditnotadato 20.01.2027",
                     "Krediterer faktura 2027-00001 av 02.12.2026", "Til gode (NOK) 1 668,80",
                     "Kreditnotaen gjelder faktura 2027-00001 av 02.12.2026."):
        assert expected in text, expected
    assert "Forfallsdato" not in text and "KID" not in text


def test_pdf_refuses_what_the_xml_refuses():
    with pytest.raises(InvoicingError) as refused:
        pdf.render(invoice(buyer=replace(BUYER, reference="")))
    assert refused.value.problems == ("Fakturaen mangler betalerens referanse (bestillerreferanse).",)
