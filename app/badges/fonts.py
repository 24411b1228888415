"""The badges' fonts (app/core/pdf_fonts.py) and how wide a text is set in them."""
from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from app.core.pdf_fonts import BOLD, CANVAS, REGULAR, register

__all__ = ["BOLD", "CANVAS", "REGULAR", "register", "width"]


def width(text: str, font: str, size: float) -> float:
    register()
    return pdfmetrics.stringWidth(text, font, size)
