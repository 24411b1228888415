"""Small, dependency-free SVG charts: horizontal bars (with counts and percentages) and columns over time.

The SVG is decorative-plus: it has role="img" and a title/description, and every chart is rendered
next to a table with the same numbers (templates/charts/_chart.html) for screen readers and print.
Colours meet WCAG AA contrast against white; bars also carry their value as text.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

INK = "#1a1a1a"
BAR = "#1d4f91"
ALT = "#8a3b12"
GRID = "#c9ced6"
_ids = count(1)


@dataclass(frozen=True)
class Datum:
    label: str
    value: float
    note: str = ""  # e.g. "41 %" shown after the value


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def percent(value: float, total: float) -> str:
    return f"{round(100 * value / total)} %" if total else "0 %"


def bar_chart(data: Sequence[Datum], *, title: str, description: str = "", width: int = 640,
              max_value: float | None = None, color: str = BAR) -> Markup:
    """Horizontal bars: label on the left, bar, value (and note) at the end."""
    row_h, gap, label_w, value_w = 26, 8, min(260, width // 2 - 40), 90
    bar_w = width - label_w - value_w - 16
    fits = (label_w - 6) // 8  # characters of 13 px text that fit left of the bars (about 8 px each, wide ones)
    top = max([d.value for d in data] + [max_value or 0, 1])
    height = len(data) * (row_h + gap) + gap
    uid = next(_ids)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bars" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="chart{uid}-t chart{uid}-d" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart{uid}-t">{escape(title)}</title>',
        f'<desc id="chart{uid}-d">{escape(description or title)}</desc>',
    ]
    for i, d in enumerate(data):
        y = gap + i * (row_h + gap)
        w = 0 if top == 0 else bar_w * d.value / top
        label = d.label if len(d.label) <= fits else d.label[:fits - 1] + "…"
        text = _fmt(d.value) + (f" ({d.note})" if d.note else "")
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row_h * 0.68:.1f}" text-anchor="end" font-size="13" fill="{INK}">'
            f'{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row_h}" fill="{color}" rx="2"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + row_h * 0.68:.1f}" font-size="13" fill="{INK}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(data: Sequence[Datum], *, title: str, description: str = "", width: int = 640,
                 height: int = 220, color: str = BAR) -> Markup:
    """Columns over time (e.g. registrations per day, arrivals per 15 minutes), labels thinned to fit."""
    pad_l, pad_b, pad_t = 40, 36, 12
    plot_w, plot_h = width - pad_l - 8, height - pad_b - pad_t
    top = max([d.value for d in data] + [1])
    n = max(len(data), 1)
    col_w = plot_w / n
    every = max(1, round(n / 8))
    uid = next(_ids)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-columns" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="chart{uid}-t chart{uid}-d" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart{uid}-t">{escape(title)}</title>',
        f'<desc id="chart{uid}-d">{escape(description or title)}</desc>',
        f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - 8}" y2="{pad_t + plot_h}" stroke="{GRID}"/>',
        f'<text x="{pad_l - 6}" y="{pad_t + 10}" text-anchor="end" font-size="12" fill="{INK}">{_fmt(top)}</text>',
        f'<text x="{pad_l - 6}" y="{pad_t + plot_h}" text-anchor="end" font-size="12" fill="{INK}">0</text>',
    ]
    for i, d in enumerate(data):
        h = plot_h * d.value / top
        x = pad_l + i * col_w
        parts.append(f'<rect x="{x + col_w * 0.1:.1f}" y="{pad_t + plot_h - h:.1f}" width="{col_w * 0.8:.1f}" '
                     f'height="{h:.1f}" fill="{color}"><title>{escape(d.label)}: {_fmt(d.value)}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + col_w / 2:.1f}" y="{height - 14}" text-anchor="middle" font-size="11" '
                         f'fill="{INK}">{escape(d.label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def with_percentages(pairs: Sequence[tuple[str, float]]) -> list[Datum]:
    total = sum(v for _, v in pairs)
    return [Datum(label, value, percent(value, total)) for label, value in pairs]
