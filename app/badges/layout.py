"""Where everything on a badge goes, as plain drawing items (no PDF here).

`a6(badge, box)` and `a7(badge, box)` return the items for one badge inside `box` (points,
origin bottom-left, as in PDF). Text is sized to its slot — long names shrink, organisations wrap
to two lines and then shrink — so nothing ever leaves its slot, and the tests check exactly that
from these coordinates. app/badges/render.py draws the items.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from reportlab.pdfbase import pdfmetrics

from app.badges import fonts

MM = 72 / 25.4
QR_SYMBOL_MIN_MM = 31.0  # the symbol itself (quiet zone not counted) is at least 3 cm wide

ROLE_COLORS = {  # white text on each meets WCAG AA (≥ 4.5:1); the band also names the role in words
    "participant": "#1d4f91",
    "speaker": "#2f6b3a",
    "organiser": "#8a3b12",
    "staff": "#5a2d6e",
}


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    def contains(self, other: Box, tolerance: float = 0.01) -> bool:
        return (other.x >= self.x - tolerance and other.y >= self.y - tolerance
                and other.right <= self.right + tolerance and other.top <= self.top + tolerance)

    def inset(self, d: float) -> Box:
        return Box(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)

    def shifted(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)


@dataclass(frozen=True)
class BadgeData:
    """What one badge shows; built by app/badges/service.py."""

    first_name: str
    last_name: str
    organisation: str
    kommune: str
    role: str  # participant | speaker | organiser | staff
    role_label: str  # the role in words, printed in the band
    event_title: str
    event_dates: str
    code: str  # the badge code, printed grouped under the QR
    url: str  # what the QR encodes: <BASE_URL>/b/<code>
    group: str = ""  # the published kollegagruppe and its table or room (app/peer_groups), or nothing


@dataclass(frozen=True)
class Text:
    x: float  # left edge of the text
    y: float  # baseline
    text: str
    font: str
    size: float
    color: str = "#000000"

    @property
    def width(self) -> float:
        return fonts.width(self.text, self.font, self.size)

    @property
    def bbox(self) -> Box:
        ascent, descent = pdfmetrics.getAscentDescent(self.font, self.size)
        return Box(self.x, self.y + descent, self.width, ascent - descent)


@dataclass(frozen=True)
class Fill:
    box: Box
    color: str


@dataclass(frozen=True)
class Qr:
    box: Box  # square, including the 4-module quiet zone
    matrix: tuple[tuple[bool, ...], ...]  # rows of modules, quiet zone included (True = dark)


def shift(items: list, dx: float, dy: float) -> list:
    """The same items moved by (dx, dy): the back of a double-sided sheet."""
    moved = []
    for item in items:
        if isinstance(item, Text):
            moved.append(replace(item, x=item.x + dx, y=item.y + dy))
        else:
            moved.append(replace(item, box=item.box.shifted(dx, dy)))
    return moved


# --- fitting text into a slot -------------------------------------------------------------------

def _fit_size(text: str, font: str, max_size: float, max_width: float) -> float:
    """The largest size ≤ max_size at which `text` is at most `max_width` wide (width is linear in size)."""
    w = fonts.width(text, font, max_size)
    if w <= max_width:
        return max_size
    return math.floor(max_size * max_width / w * 100) / 100


def fit_lines(text: str, font: str, max_size: float, min_size: float, max_width: float,
              max_lines: int = 1) -> tuple[list[str], float]:
    """One line if it fits at `min_size` or more, else the best split into two lines at a space;
    the size shrinks further if even that does not fit. Never wider than `max_width`."""
    text = " ".join(text.split())
    if not text:
        return [], max_size
    single = _fit_size(text, font, max_size, max_width)
    if single >= min_size or max_lines < 2 or " " not in text:
        return [text], single
    words = text.split(" ")
    best: tuple[list[str], float] = ([text], single)
    for i in range(1, len(words)):
        lines = [" ".join(words[:i]), " ".join(words[i:])]
        size = min(_fit_size(line, font, max_size, max_width) for line in lines)
        if size > best[1]:
            best = (lines, size)
    return best


def _line_height(size: float) -> float:
    return size * 1.18


def text_block(text: str, font: str, *, max_size: float, min_size: float, slot: Box, align: str = "left",
               max_lines: int = 1, color: str = "#000000", valign: str = "top") -> list[Text]:
    """Text sized into `slot` (its width and height), top-aligned (or bottom/middle)."""
    lines, size = fit_lines(text, font, max_size, min_size, slot.w, max_lines)
    if not lines:
        return []
    ascent, descent = pdfmetrics.getAscentDescent(font, 1)
    # Shrink further if the lines do not fit the slot's height.
    needed = (len(lines) - 1) * _line_height(size) + (ascent - descent) * size
    if needed > slot.h:
        size = math.floor(size * slot.h / needed * 100) / 100
        needed = (len(lines) - 1) * _line_height(size) + (ascent - descent) * size
    if valign == "top":
        first_baseline = slot.top - ascent * size
    elif valign == "bottom":
        first_baseline = slot.y + needed - ascent * size
    else:
        first_baseline = slot.top - (slot.h - needed) / 2 - ascent * size
    items = []
    for i, line in enumerate(lines):
        w = fonts.width(line, font, size)
        x = slot.x if align == "left" else slot.x + (slot.w - w) / 2
        items.append(Text(x, first_baseline - i * _line_height(size), line, font, size, color))
    return items


def group_code(code: str, size: int = 4) -> str:
    """'ACDEFGHJKMNP…' → 'ACDE-FGHJ-KMNP-…' for typing by hand (the scanner accepts either)."""
    return "-".join(code[i:i + size] for i in range(0, len(code), size))


def qr_side(modules: int, symbol_mm: float = QR_SYMBOL_MIN_MM) -> float:
    """Side of the QR square including its 4-module quiet zone, for a symbol `symbol_mm` wide."""
    return max(symbol_mm, QR_SYMBOL_MIN_MM) * MM * modules / (modules - 8)


# --- the two layouts ------------------------------------------------------------------------------

def _band(badge: BadgeData, box: Box, height: float, max_size: float) -> list:
    band = Box(box.x, box.top - height, box.w, height)
    label = text_block(badge.role_label.upper(), fonts.BOLD, max_size=max_size, min_size=6,
                       slot=band.inset(height * 0.18), align="center", color="#ffffff", valign="middle")
    return [Fill(band, ROLE_COLORS.get(badge.role, ROLE_COLORS["participant"])), *label]


def a6(badge: BadgeData, box: Box, matrix: tuple) -> list:
    """Portrait 105 × 148 mm: band, names, organisation and kommune, QR with the code, event at the foot."""
    inner = box.inset(8 * MM)
    items: list = _band(badge, inner, 14 * MM, 20)
    y = inner.top - 14 * MM - 5 * MM

    def slot(height_mm: float) -> Box:
        nonlocal y
        s = Box(inner.x, y - height_mm * MM, inner.w, height_mm * MM)
        y -= height_mm * MM
        return s

    items += text_block(badge.first_name, fonts.BOLD, max_size=34, min_size=14, slot=slot(13), align="center")
    items += text_block(badge.last_name, fonts.BOLD, max_size=20, min_size=10, slot=slot(9), align="center")
    slot(2)
    items += text_block(badge.organisation, fonts.REGULAR, max_size=12, min_size=8, slot=slot(10),
                        align="center", max_lines=2)
    items += text_block(badge.kommune, fonts.REGULAR, max_size=11, min_size=7, slot=slot(5.5), align="center")
    foot = Box(inner.x, inner.y, inner.w, 12 * MM)
    side = qr_side(len(matrix), 38)
    code_h = 4.5 * MM
    qr_y = foot.top + 1.5 * MM + code_h
    # The kollegagruppe between the kommune and the QR (its quiet zone), up to two lines.
    group_top = y - 0.6 * MM
    group_h = max(0.0, min(6.5 * MM, group_top - (qr_y + side + 0.5 * MM)))
    items += text_block(badge.group, fonts.BOLD, max_size=11, min_size=8, align="center", max_lines=2,
                        slot=Box(inner.x, group_top - group_h, inner.w, group_h))

    items += text_block(badge.event_title, fonts.BOLD, max_size=9, min_size=7, slot=Box(foot.x, foot.y + 4 * MM,
                        foot.w, 8 * MM), align="center", valign="bottom", max_lines=2)
    items += text_block(badge.event_dates, fonts.REGULAR, max_size=8, min_size=6, slot=Box(foot.x, foot.y,
                        foot.w, 4 * MM), align="center", valign="bottom")

    items.append(Qr(Box(inner.x + (inner.w - side) / 2, qr_y, side, side), matrix))
    items += text_block(group_code(badge.code), fonts.BOLD, max_size=9, min_size=6,
                        slot=Box(inner.x, qr_y - code_h, inner.w, code_h), align="center", valign="middle")
    return items


def a7(badge: BadgeData, box: Box, matrix: tuple) -> list:
    """Landscape 105 × 74 mm: band on top, names and organisation on the left, QR and code on the right."""
    inner = box.inset(6 * MM)
    band_h = 9 * MM
    items: list = _band(badge, inner, band_h, 13)
    side = qr_side(len(matrix))
    code_h = 4 * MM
    qr_box = Box(inner.right - side, inner.y + code_h, side, side)
    items.append(Qr(qr_box, matrix))
    items += text_block(group_code(badge.code), fonts.BOLD, max_size=7.5, min_size=5,
                        slot=Box(qr_box.x - 2 * MM, inner.y, side + 2 * MM, code_h), align="center", valign="middle")

    left_w = qr_box.x - inner.x - 2 * MM
    y = inner.top - band_h - 2.5 * MM

    def slot(height_mm: float) -> Box:
        nonlocal y
        s = Box(inner.x, y - height_mm * MM, left_w, height_mm * MM)
        y -= height_mm * MM
        return s

    items += text_block(badge.first_name, fonts.BOLD, max_size=22, min_size=10, slot=slot(9))
    items += text_block(badge.last_name, fonts.BOLD, max_size=13, min_size=8, slot=slot(6))
    slot(1.5)
    items += text_block(badge.organisation, fonts.REGULAR, max_size=8.5, min_size=6, slot=slot(7.5), max_lines=2)
    items += text_block(badge.kommune, fonts.REGULAR, max_size=8, min_size=5.5, slot=slot(4))
    slot(1.5)
    items += text_block(badge.group, fonts.BOLD, max_size=8, min_size=6, slot=slot(6), max_lines=2)
    items += text_block(badge.event_title, fonts.BOLD, max_size=7, min_size=5, slot=Box(inner.x, inner.y + 3.5 * MM,
                        left_w, 6.5 * MM), max_lines=2, valign="bottom")
    items += text_block(badge.event_dates, fonts.REGULAR, max_size=6.5, min_size=5,
                        slot=Box(inner.x, inner.y, left_w, 3.5 * MM), valign="bottom")
    return items


LAYOUTS = {"a6": a6, "a7": a7}
