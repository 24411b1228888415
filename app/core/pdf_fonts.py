"""The fonts of every PDF we make: DejaVu Sans, vendored in app/static/fonts/ (Bitstream Vera licence).

It carries the Norwegian and Sami letters (æ ø å, á č đ ŋ š ŧ ž), and ReportLab embeds the glyphs used as a
subset. ReportLab's own fonts (Helvetica & co.) are never embedded, so no PDF may name one: a canvas starts in
Helvetica unless told otherwise (CANVAS), and so do a table's cells without a FONTNAME in the table's style
and a graphics Drawing without `initialFontName`."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

# For Canvas(...) and SimpleDocTemplate(...): start every page in our font, not ReportLab's Helvetica.
CANVAS = {"initialFontName": REGULAR}


@cache
def register() -> None:
    """Register both faces with ReportLab once per process."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
