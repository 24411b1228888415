"""Printed lists for the door and the session rooms (reportlab, A4), in DejaVu Sans so that
Norwegian and Sami names (æøå, áčđŋšŧž) print as written. The fonts are vendored in app/static/fonts."""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from app.core import pdf_fonts
from app.core.clock import date_range_label, time_label

FONT, BOLD = pdf_fonts.REGULAR, pdf_fonts.BOLD


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=16, leading=20, spaceAfter=2 * mm),
        "sub": ParagraphStyle("sub", fontName=FONT, fontSize=10, leading=13, spaceAfter=4 * mm),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=12, leading=15, spaceBefore=4 * mm, spaceAfter=2 * mm),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9.5, leading=12),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(header: list[str], body: list[list], widths: list[float]) -> Table:
    styles = _styles()
    data = [header] + [[Paragraph(_esc(str(c)), styles["cell"]) if isinstance(c, str) else c for c in row]
                       for row in body]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), BOLD, 9.5),
        ("FONT", (0, 1), (-1, -1), FONT, 9.5),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 1), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 4),
    ]))
    return table


class _Box(Flowable):
    """An empty tick box for the door staff's pen."""

    def wrap(self, *_args):
        return 4 * mm, 4 * mm

    def draw(self) -> None:
        self.canv.rect(0, 0, 4 * mm, 4 * mm)


def _numbered(title: str):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(15 * mm, 10 * mm, title)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, _("Side %(n)d", n=doc.page))
        canvas.restoreState()
    return draw


def _build(story: list, footer: str, title: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=18 * mm, title=title, author="Kulturskolerådet", **pdf_fonts.CANVAS)
    doc.build(story, onFirstPage=_numbered(footer), onLaterPages=_numbered(footer))
    return out.getvalue()


@dataclass(frozen=True)
class Person:
    last_name: str
    first_name: str
    organisation: str
    kommune: str = ""


def door_list(event, people: Sequence[Person]) -> bytes:
    """The confirmed participants, by last name, with a tick box each."""
    pdf_fonts.register()
    styles = _styles()
    title = _("Deltakerliste")
    story = [Paragraph(_esc(f"{title}: {event.title}"), styles["title"]),
             Paragraph(_esc(f"{date_range_label(event.starts_at, event.ends_at)} · "
                            + _("%(n)d deltakere", n=len(people))), styles["sub"])]
    body = [[_Box(), f"{p.last_name}, {p.first_name}", p.organisation, p.kommune] for p in people]
    story.append(_table(["", _("Navn"), _("Organisasjon"), _("Kommune")], body, [10 * mm, 62 * mm, 70 * mm, 38 * mm]))
    return _build(story, f"{event.title} – {title}", f"{title}: {event.title}")


@dataclass(frozen=True)
class SessionList:
    title: str
    starts_at: object
    ends_at: object
    room: str
    speakers: str
    seated: list[Person]
    waiting: list[Person]


def attendance(event, lists: Sequence[SessionList]) -> bytes:
    """One page (or more) per session: who has a seat, with room to sign, then the waiting list."""
    pdf_fonts.register()
    styles = _styles()
    story: list = []
    for i, item in enumerate(lists):
        if i:
            story.append(PageBreak())
        when = f"{date_range_label(item.starts_at, item.ends_at)} {time_label(item.starts_at)}–{time_label(item.ends_at)}"
        details = " · ".join(p for p in (when, item.room, item.speakers) if p)
        story += [Paragraph(_esc(item.title), styles["title"]), Paragraph(_esc(details), styles["sub"]),
                  Paragraph(_esc(_("Oppmøteliste – %(n)d påmeldt", n=len(item.seated))), styles["h2"])]
        body = [[_Box(), f"{p.last_name}, {p.first_name}", p.organisation, ""] for p in item.seated]
        story.append(_table(["", _("Navn"), _("Organisasjon"), _("Signatur")], body,
                            [10 * mm, 60 * mm, 70 * mm, 40 * mm]))
        if item.waiting:
            rows = [[str(n), f"{p.last_name}, {p.first_name}", p.organisation]
                    for n, p in enumerate(item.waiting, start=1)]
            story.append(KeepTogether([Spacer(1, 4 * mm), Paragraph(_esc(_("Venteliste")), styles["h2"]),
                                       _table(["#", _("Navn"), _("Organisasjon")], rows, [10 * mm, 60 * mm, 110 * mm])]))
    if not lists:
        story.append(Paragraph(_esc(_("Ingen programposter med påmelding.")), styles["sub"]))
    return _build(story, f"{event.title} – {_('Oppmøtelister')}", f"{_('Oppmøtelister')}: {event.title}")
