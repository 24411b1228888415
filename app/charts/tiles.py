"""A tile grid map: one square per region, placed roughly where it lies, shaded by a share and ALWAYS labelled
with the share as text (and a hatch pattern on the lowest band), so colour is never the only sign. Rendered next
to a table with the same numbers."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

# Light to dark; the text colour on each meets WCAG AA (4.5:1).
BANDS = (("#ffffff", "#1a1a1a"), ("#d6e4f5", "#1a1a1a"), ("#8fb3df", "#1a1a1a"), ("#2f64a8", "#ffffff"),
         ("#143a6b", "#ffffff"))
TILE, GAP = 96, 6
_ids = count(1)


@dataclass(frozen=True)
class Tile:
    label: str
    short: str  # fits on the tile
    share: float  # 0..1
    col: int
    row: int


def band(share: float) -> int:
    """0: under 20 %, 1: 20–39 %, … 4: 80 % and more."""
    return min(4, int(share * 5))


def _text(x: float, y: float, text: str, colour: str, size: int, weight: str = "normal") -> str:
    return (f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="middle" font-size="{size}" font-weight="{weight}" '
            f'fill="{colour}">{escape(text)}</text>')


def tile_map(tiles: Sequence[Tile], *, title: str, description: str) -> Markup:
    uid = next(_ids)
    cols = max(t.col for t in tiles) + 1
    rows = max(t.row for t in tiles) + 1
    width, height = cols * (TILE + GAP), rows * (TILE + GAP)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="tile-map" role="img" '
             f'aria-labelledby="tm{uid}-t tm{uid}-d">',
             f'<title id="tm{uid}-t">{escape(title)}</title><desc id="tm{uid}-d">{escape(description)}</desc>',
             f'<defs><pattern id="tm{uid}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
             f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#8a96a8" stroke-width="2"/>'
             f'</pattern></defs>']
    for t in tiles:
        x, y = t.col * (TILE + GAP), t.row * (TILE + GAP)
        fill, ink = BANDS[band(t.share)]
        parts.append(f'<g><title>{escape(t.label)}: {round(100 * t.share)} %</title>')
        parts.append(f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="6" fill="{fill}" stroke="#1a1a1a"/>')
        if band(t.share) == 0:
            parts.append(f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="6" fill="url(#tm{uid}-hatch)" '
                         f'opacity="0.5"/>')
            parts.append(f'<rect x="{x + 8}" y="{y + 30}" width="{TILE - 16}" height="44" fill="#ffffff"/>')
        parts.append(_text(x + TILE / 2, y + 48, t.short, ink, 13))
        parts.append(_text(x + TILE / 2, y + 68, f"{round(100 * t.share)} %", ink, 17, "bold"))
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
