"""Badges to PDF (reportlab): print sheets on A4 with cut marks, and a single badge.

A6 badges (105 × 148 mm) go four to an A4 sheet, A7 badges (105 × 74 mm, landscape) eight. The
optional double-sided sheet follows every front page with a back page carrying the same faces,
columns mirrored, so that after flipping the sheet on its long edge each back lies behind its front.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.badges import fonts
from app.badges.layout import LAYOUTS, MM, BadgeData, Box, Fill, Qr, Text, shift

# Every mask pattern decodes the same; choosing one by the ISO penalty score costs ~6 ms per code
# in pure Python, which alone would make a 500-badge sheet take 3 s. Pattern 0 with error
# correction M and a full quiet zone reads well at these sizes (tests decode it with zxing-cpp).
QR_MASK = 0
CUT_MARK = 7 * MM  # length of the ticks on the sheet's edges
CROSS = 3 * MM  # half-length of the crosses where cut lines meet inside the sheet


@dataclass(frozen=True)
class Sheet:
    cols: int
    rows: int
    badge_w: float
    badge_h: float

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    def slot(self, index: int, mirrored: bool = False) -> Box:
        """The box of the index-th badge on a page, left to right, top to bottom."""
        page_w, page_h = A4
        left = (page_w - self.cols * self.badge_w) / 2
        bottom = (page_h - self.rows * self.badge_h) / 2
        row, col = divmod(index, self.cols)
        if mirrored:
            col = self.cols - 1 - col
        return Box(left + col * self.badge_w, bottom + (self.rows - 1 - row) * self.badge_h, self.badge_w, self.badge_h)


SHEETS = {
    "a6": Sheet(cols=2, rows=2, badge_w=105 * MM, badge_h=148 * MM),
    "a7": Sheet(cols=2, rows=4, badge_w=105 * MM, badge_h=74 * MM),
}


_versions: dict[int, int] = {}  # URL length → smallest QR version that held such a URL


def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of `url`: error correction M, 4-module quiet zone, smallest version that fits.

    Badge URLs of one deployment all have the same length, so the version found for the first is
    tried first for the rest (searching for it again costs as much as encoding)."""
    version = _versions.get(len(url))
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, mask_pattern=QR_MASK, version=version)
    qr.add_data(url)
    try:
        qr.make(fit=version is None)
    except DataOverflowError:
        qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, mask_pattern=QR_MASK)
        qr.add_data(url)
        qr.make(fit=True)
    _versions.setdefault(len(url), qr.version)
    return tuple(tuple(row) for row in qr.get_matrix())


def badge_items(badge: BadgeData, box: Box, layout: str) -> list:
    return LAYOUTS[layout](badge, box, qr_matrix(badge.url))


# --- drawing ----------------------------------------------------------------------------------------

def _qr_path(matrix: tuple[tuple[bool, ...], ...]) -> str:
    """PDF path operators in module units: one rectangle per horizontal run of dark modules, then fill."""
    n = len(matrix)
    parts = []
    for r, row in enumerate(matrix):
        y = n - 1 - r
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                parts.append(f"{start} {y} {c - start} 1 re")
            else:
                c += 1
    parts.append("f")
    return "\n".join(parts)


def _draw_qr(canvas: Canvas, item: Qr) -> None:
    # Integers in module units under one transform: exact edges, and far less number formatting
    # than drawing each rectangle in points.
    module = item.box.w / len(item.matrix)
    canvas.saveState()
    canvas.setFillColor(HexColor("#000000"))
    canvas.transform(module, 0, 0, module, item.box.x, item.box.y)
    canvas.addLiteral(_qr_path(item.matrix))
    canvas.restoreState()


def draw_items(canvas: Canvas, items: Iterable) -> None:
    for item in items:
        if isinstance(item, Fill):
            canvas.setFillColor(HexColor(item.color))
            canvas.rect(item.box.x, item.box.y, item.box.w, item.box.h, stroke=0, fill=1)
        elif isinstance(item, Text):
            canvas.setFillColor(HexColor(item.color))
            canvas.setFont(item.font, item.size)
            canvas.drawString(item.x, item.y, item.text)
        elif isinstance(item, Qr):
            _draw_qr(canvas, item)


def _cut_marks(canvas: Canvas, sheet: Sheet) -> None:
    page_w, page_h = A4
    first = sheet.slot(0)
    left, top = first.x, first.top
    xs = [left + c * sheet.badge_w for c in range(sheet.cols + 1)]
    ys = [top - r * sheet.badge_h for r in range(sheet.rows + 1)]
    canvas.setStrokeColor(HexColor("#000000"))
    canvas.setLineWidth(0.3)
    for x in xs[1:-1]:
        canvas.line(x, 0, x, CUT_MARK)
        canvas.line(x, page_h - CUT_MARK, x, page_h)
    for y in ys[1:-1]:
        canvas.line(0, y, CUT_MARK, y)
        canvas.line(page_w - CUT_MARK, y, page_w, y)
    for x in xs[1:-1]:
        for y in ys[1:-1]:
            canvas.line(x - CROSS, y, x + CROSS, y)
            canvas.line(x, y - CROSS, x, y + CROSS)


def _corner_marks(canvas: Canvas, box: Box) -> None:
    """L-shaped marks just outside the corners of a single badge."""
    gap, length = 2 * MM, 6 * MM
    canvas.setStrokeColor(HexColor("#000000"))
    canvas.setLineWidth(0.3)
    for x, dx in ((box.x, -1), (box.right, 1)):
        for y, dy in ((box.y, -1), (box.top, 1)):
            canvas.line(x + dx * gap, y, x + dx * (gap + length), y)
            canvas.line(x, y + dy * gap, x, y + dy * (gap + length))


def _canvas(buffer: io.BytesIO, title: str) -> Canvas:
    fonts.register()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, **fonts.CANVAS)
    canvas.setTitle(title)
    canvas.setAuthor("Kulturskolerådet – Samling")
    canvas.setCreator("Samling")
    return canvas


Recorder = Callable[[int, Box, list], None]


def sheet_pdf(badges: Sequence[BadgeData], layout: str = "a6", *, duplex: bool = False, title: str = "",
              record: Recorder | None = None) -> bytes:
    """The print sheet. `record(page_number, badge_box, items)` sees every badge drawn (for tests)."""
    sheet = SHEETS[layout]
    buffer = io.BytesIO()
    canvas = _canvas(buffer, title)
    pages = [badges[i:i + sheet.per_page] for i in range(0, len(badges), sheet.per_page)] or [[]]
    page_number = 0
    for page in pages:
        prepared = []
        for i, badge in enumerate(page):
            box = sheet.slot(i)
            items = badge_items(badge, box, layout)
            prepared.append((i, box, items))
        sides = [False, True] if duplex else [False]
        for mirrored in sides:
            page_number += 1
            _cut_marks(canvas, sheet)
            for i, box, items in prepared:
                target = sheet.slot(i, mirrored)
                if mirrored:  # the same face, moved to the mirrored slot
                    items = shift(items, target.x - box.x, target.y - box.y)
                draw_items(canvas, items)
                if record:
                    record(page_number, target, items)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def single_pdf(badge: BadgeData, layout: str = "a6", *, title: str = "", record: Recorder | None = None) -> bytes:
    """One badge, centred on an A4 page with corner marks (print at actual size, cut along the marks)."""
    sheet = SHEETS[layout]
    page_w, page_h = A4
    box = Box((page_w - sheet.badge_w) / 2, (page_h - sheet.badge_h) / 2, sheet.badge_w, sheet.badge_h)
    buffer = io.BytesIO()
    canvas = _canvas(buffer, title)
    items = badge_items(badge, box, layout)
    draw_items(canvas, items)
    _corner_marks(canvas, box)
    if record:
        record(1, box, items)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
