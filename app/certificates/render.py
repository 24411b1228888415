"""A kursbevis as a PDF (reportlab, A4 portrait): who, what, when, the sessions attended, the hours, and a QR
(drawn as the badges draw theirs, app/badges/render.py) that opens the verification page.

Always in Norwegian bokmål, like the badges, whatever the language of the page it was downloaded from
(the caller, app/certificates/service.py::pdf, forces the locale)."""
from __future__ import annotations

import io
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from app.badges.layout import MM, Box, Qr
from app.badges.render import draw_items, qr_matrix
from app.core import clock
from app.core.pdf_fonts import BOLD, CANVAS, REGULAR, register

MARGIN = 25 * MM
QR_SIZE = 40 * MM
INK = "#1b1b1b"
ACCENT = "#1d4f91"


@dataclass(frozen=True)
class CertificateData:
    name: str
    event_title: str
    event_dates: str
    venue: str
    sessions: list  # service.Attended, in time order
    hours: str
    url: str
    code: str


def hours_label(minutes: int) -> str:
    """'6,5 timer' (rounded to the half hour below a full one is never shown as more than it was)."""
    halves = minutes // 30
    whole, half = divmod(halves, 2)
    number = f"{whole},5" if half else str(whole)
    return _("%(n)s time", n=number) if number == "1" else _("%(n)s timer", n=number)


class _Writer:
    """Lines from the top of the page down, a new page when the next one would not fit above the QR. Every page
    gets the footer (the QR and the verification text) before it is turned, and a continued page says whose
    kursbevis it continues."""

    def __init__(self, canvas: Canvas, data: CertificateData, pages: int | None) -> None:
        self.canvas, self.data, self.pages = canvas, data, pages
        self.page = 1
        self.y = A4[1] - MARGIN
        self.floor = MARGIN + QR_SIZE + 10 * MM

    def turn(self) -> None:
        _footer(self.canvas, self.data, self.page, self.pages)
        self.canvas.showPage()
        self.page += 1
        self.y = A4[1] - MARGIN
        self.canvas.setFillColor(HexColor(ACCENT))
        self.canvas.setFont(BOLD, 11)
        self.y -= 11 * 1.45
        self.canvas.drawString(MARGIN, self.y, _("Kursbevis for %(name)s (fortsatt)", name=self.data.name))
        self.y -= 4 * MM

    def line(self, text: str, font: str = REGULAR, size: float = 11, gap: float = 1.45,
             color: str = INK, indent: float = 0, hang: float = 0) -> None:
        """`text` wrapped to the page, its continuation lines `hang` further in than the first."""
        width = A4[0] - 2 * MARGIN - indent - hang
        for i, part in enumerate(simpleSplit(text, font, size, width) or [""]):
            if self.y - size * gap < self.floor:
                self.turn()
            self.y -= size * gap
            self.canvas.setFillColor(HexColor(color))
            self.canvas.setFont(font, size)
            self.canvas.drawString(MARGIN + indent + (hang if i else 0), self.y, part)

    def space(self, points: float) -> None:
        self.y -= points


def _session_line(session) -> str:
    return (f"{clock.day_month(session.starts_at)}  {clock.time_label(session.starts_at)}–"
            f"{clock.time_label(session.ends_at)}  {session.title}")


def _hang(line: str) -> float:
    """How far a session's title starts from its line's left edge (after its day and times)."""
    prefix = line[:line.index("  ", line.index("  ") + 2) + 2]
    return pdfmetrics.stringWidth(prefix, REGULAR, 10.5)


def _body(writer: _Writer, data: CertificateData) -> None:
    writer.line(_("Kursbevis"), BOLD, 30, color=ACCENT)
    writer.space(6 * MM)
    writer.line(_("Dette bekrefter at"), size=12)
    writer.line(data.name, BOLD, 20)
    writer.line(_("har deltatt på"), size=12)
    writer.line(data.event_title, BOLD, 16)
    writer.line(data.event_dates + (f", {data.venue}" if data.venue else ""), size=12)
    writer.space(6 * MM)
    writer.line(_("Program"), BOLD, 13)
    for session in data.sessions:
        line = _session_line(session)
        writer.line(line, size=10.5, indent=2 * MM, hang=_hang(line))
    if not data.sessions:
        writer.line(_("Ingen registrerte programposter."), size=10.5, indent=2 * MM)
    writer.space(4 * MM)
    writer.line(_("Til sammen: %(hours)s", hours=data.hours), BOLD, 12)


def _footer(canvas: Canvas, data: CertificateData, page: int, pages: int | None) -> None:
    box = Box(A4[0] - MARGIN - QR_SIZE, MARGIN, QR_SIZE, QR_SIZE)
    draw_items(canvas, [Qr(box, qr_matrix(data.url))])
    canvas.setFillColor(HexColor(INK))
    canvas.setFont(REGULAR, 9)
    canvas.drawString(MARGIN, MARGIN + 22 * MM, _("Kontroller at kursbeviset er ekte:"))
    canvas.drawString(MARGIN, MARGIN + 17 * MM, data.url)
    canvas.drawString(MARGIN, MARGIN + 10 * MM, _("Kontrollkode: %(code)s", code=data.code))
    canvas.drawString(MARGIN, MARGIN + 3 * MM, _("Kulturskolerådet – Samling"))
    if pages and pages > 1:
        canvas.drawRightString(A4[0] - MARGIN - QR_SIZE - 5 * MM, MARGIN + 3 * MM,
                               _("Side %(page)d av %(pages)d", page=page, pages=pages))


def _render(data: CertificateData, pages: int | None) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, **CANVAS)
    canvas.setTitle(_("Kursbevis – %(name)s", name=data.name))
    canvas.setAuthor("Kulturskolerådet – Samling")
    canvas.setCreator("Samling")
    writer = _Writer(canvas, data, pages)
    _body(writer, data)
    _footer(canvas, data, writer.page, pages)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), writer.page


def certificate_pdf(data: CertificateData) -> bytes:
    """The PDF, in the current locale (app/certificates/service.py::pdf forces bokmål). A long programme runs
    over several pages, each with the QR and «Side n av N» (counted in a first pass)."""
    register()
    pdf, pages = _render(data, None)
    if pages > 1:
        pdf, _pages = _render(data, pages)
    return pdf
