"""The results as a PDF report for the board (reportlab, DejaVu Sans embedded for æøå).

The same figures, the same minimum-group rule and the same «Eksempeltall» marks as the results page; bar
charts are drawn as vector graphics with each bar's count and percentage printed next to it.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask import Response
from flask_babel import gettext as _
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.charts.svg import Datum
from app.core import pdf_fonts
from app.core.clock import date_label
from app.core.downloads import file_response
from app.models import QuestionKind
from app.surveys.exports import filename
from app.surveys.results import QuestionResult, SurveyResults

FONT, BOLD = pdf_fonts.REGULAR, pdf_fonts.BOLD
BRAND = colors.HexColor("#1d4f91")
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4a4f57")
WARN = colors.HexColor("#7a4a00")
TEXTS_IN_PDF = 60


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13.5, textColor=INK)
    return {
        "body": base,
        "muted": ParagraphStyle("muted", parent=base, textColor=MUTED, fontSize=9),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=20, leading=24, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=2),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "example": ParagraphStyle("example", parent=base, fontName=BOLD, fontSize=9, textColor=WARN),
    }


def bars(rows: list[Datum], width: float = 170 * mm, max_value: float | None = None) -> Drawing:
    row_h, gap, label_w, value_w = 13, 4, 62 * mm, 24 * mm
    bar_w = width - label_w - value_w
    top = max([d.value for d in rows] + [max_value or 0, 1])
    drawing = Drawing(width, len(rows) * (row_h + gap) + gap, initialFontName=FONT)  # not Helvetica
    for i, d in enumerate(rows):
        y = drawing.height - (i + 1) * (row_h + gap)
        label = d.label if len(d.label) <= 42 else d.label[:40] + "…"
        drawing.add(String(label_w - 4, y + 3.5, label, fontName=FONT, fontSize=8, fillColor=INK, textAnchor="end"))
        w = bar_w * d.value / top if top else 0
        drawing.add(Rect(label_w, y, w, row_h, fillColor=BRAND, strokeColor=None))
        value = f"{d.value:.0f}" if float(d.value).is_integer() else f"{d.value:.2f}".replace(".", ",")
        text = value + (f" ({d.note})" if d.note else "")
        drawing.add(String(label_w + w + 4, y + 3.5, text, fontName=FONT, fontSize=8, fillColor=INK))
    return drawing


def _table(data: list[list], widths: list[float], st: dict) -> Table:
    cells = [[Paragraph(escape(str(c)), st["cell"]) for c in row] for row in data]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # a cell's own font: ReportLab's default is Helvetica (not embedded)
        ("FONTNAME", (0, 0), (-1, 0), BOLD), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f5f8")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#c9ced6")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _example(st: dict, what: str) -> Paragraph:
    return Paragraph(escape(what), st["example"])


def _too_few(st: dict) -> Paragraph:
    return Paragraph(escape(_("For få svar til å vises.")), st["muted"])


def _question(q: QuestionResult, r: SurveyResults, st: dict) -> list:
    parts: list = [Paragraph(escape(f"{q.number}. {q.question.text}"), st["h3"])]
    if q.example_counts:
        parts.append(_example(st, _("Eksempeltall: ikke ekte svar")))
    kind = q.question.kind
    if kind == QuestionKind.TEXT:
        if q.texts_hidden:
            return parts + [_too_few(st)]
        if q.example_texts:
            parts.append(_example(st, _("Eksempeltekster: ikke ekte svar")))
        parts.append(Paragraph(escape(_("%(n)d svar", n=q.text_count)), st["muted"]))
        parts.extend(Paragraph("• " + escape(t), st["body"]) for t in q.texts[:TEXTS_IN_PDF])
        if q.text_count > TEXTS_IN_PDF:
            parts.append(Paragraph(escape(_("… og %(n)d til (se eksporten).", n=q.text_count - TEXTS_IN_PDF)), st["muted"]))
        return parts
    if q.hidden:
        return parts + [_too_few(st)]
    if kind == QuestionKind.SESSIONS:
        visible = [Datum(s.title, round(s.mean, 2), f"n = {s.n}") for s in q.sessions if not s.hidden]
        parts.append(bars(visible, max_value=5))
        hidden = [s.title for s in q.sessions if s.hidden]
        if hidden:
            parts.append(Paragraph(escape(_("For få svar til å vises: %(list)s", list=", ".join(hidden))), st["muted"]))
        return parts
    parts.append(Paragraph(escape(_("%(n)d svar", n=q.answered)), st["muted"]))
    parts.append(bars(q.rows))
    if q.mean is not None:
        parts.append(Paragraph(escape(_("Snitt: %(mean)s", mean=f"{q.mean:.2f}".replace(".", ","))), st["body"]))
    if q.nps is not None:
        parts.append(Paragraph(escape(_("Anbefalingsscore (NPS): %(nps)d", nps=q.nps)), st["body"]))
    if q.text_count and not q.texts_hidden:
        if q.example_texts:
            parts.append(_example(st, _("«Annet»: eksempeltekster, ikke ekte svar")))
        parts.append(Paragraph(escape(_("«Annet»:")) + " " + escape("; ".join(q.texts[:TEXTS_IN_PDF])), st["muted"]))
    return parts


def _breakdown(q: QuestionResult, r: SurveyResults, st: dict) -> list:
    b = q.breakdown
    if b is None:
        return []
    title = Paragraph(escape(f"{q.number}. {q.question.text}"), st["h3"])
    if b.hidden:
        return [title, _too_few(st)]
    marks = [_example(st, _("Eksempeltall: ikke ekte svar"))] if b.example else []
    head = [""] + [c.label + "\n" + (_("for få svar") if c.hidden else f"n = {c.size}") for c in b.columns]
    rows = [[label] + ["–" if cell is None else cell for cell in cells] for label, cells in b.rows]
    if b.means is not None:
        rows.append([_("Snitt")] + ["–" if m is None else f"{m:.2f}".replace(".", ",") for m in b.means])
    n = len(b.columns)
    return [title, *marks, _table([head] + rows, [50 * mm] + [120 * mm / n] * n, st)]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value)} %"


def _comparison(q: QuestionResult, r: SurveyResults, st: dict) -> list:
    c = q.comparison
    title = Paragraph(escape(f"{q.number}. {q.question.text}"), st["h3"])
    if c.hidden:
        return [title, _too_few(st)]
    marks = [_example(st, _("Eksempeltall: ikke ekte svar"))] if c.example else []
    then, now = r.compare_with.event.title, r.survey.event.title
    rows = [[_("Svar"), f"{then} (n = {c.then_answered})", f"{now} (n = {c.now_answered})", _("Endring")]]
    rows += [[row.label, _pct(row.then_pct), _pct(row.now_pct),
              "–" if row.change is None else f"{row.change:+.0f}"] for row in c.rows]
    if c.now_mean is not None or c.then_mean is not None:
        rows.append([_("Snitt")] + ["–" if m is None else f"{m:.2f}".replace(".", ",")
                                    for m in (c.then_mean, c.now_mean)] + [""])
    if c.now_nps is not None or c.then_nps is not None:
        rows.append([_("Anbefalingsscore (NPS)"), str(c.then_nps), str(c.now_nps), ""])
    return [title, *marks, _table(rows, [70 * mm, 38 * mm, 38 * mm, 24 * mm], st)]


def build(r: SurveyResults) -> bytes:
    pdf_fonts.register()
    st = _styles()
    out = io.BytesIO()
    survey = r.survey
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=survey.title, author="Kulturskolerådet",
                            subject=_("Resultater"), **pdf_fonts.CANVAS)
    story: list = [Paragraph(escape(survey.title), st["title"])]
    if survey.event is not None:
        story.append(Paragraph(escape(f"{survey.event.title} · {date_label(survey.event.starts_at)}"), st["muted"]))
    figures = [] if r.too_few else [_("Antall svar: %(n)d", n=r.responses)]
    if r.invited:
        figures.append(_("%(a)d av %(i)d inviterte har svart (%(rate)d %%)", a=r.answered_invitations, i=r.invited,
                         rate=round(r.response_rate)))
    story += [Spacer(1, 4 * mm), Paragraph(escape(" · ".join(figures)), st["body"]),
              Paragraph(escape(_("Anonymt besvart. Tall som bygger på færre enn %(n)d svar vises ikke.",
                                 n=r.min_group)), st["muted"])]
    if r.held_back_text:
        story.append(Paragraph(escape(r.held_back_text), st["body"]))
    if r.has_examples:
        story.append(Paragraph(escape(_("Tall og tekster merket «Eksempeltall» eller «Eksempeltekster» er laget for å "
                                        "vise hvordan resultatene ser ut. De er ikke ekte svar.")), st["example"]))
    if r.too_few:
        story.append(Paragraph(escape(_("For få svar til å vises.")), st["h2"]))
    else:
        story.append(Paragraph(escape(_("Svar per spørsmål")), st["h2"]))
        story.extend(KeepTogether(_question(q, r, st)) for q in r.questions)
        if r.band_question is not None:
            story.append(Paragraph(escape(_("Fordelt på svaret på «%(band)s»", band=r.band_question.text)), st["h2"]))
            story.extend(KeepTogether(_breakdown(q, r, st)) for q in r.questions if q.breakdown is not None)
        if r.compare_with is not None and r.survey.event is not None:
            story.append(Paragraph(escape(_("Sammenlignet med %(event)s (prosent av dem som svarte; endring i "
                                             "prosentpoeng)", event=r.compare_with.event.title)), st["h2"]))
            story.extend(KeepTogether(_comparison(q, r, st)) for q in r.questions if q.comparison is not None)
    doc.build(story)
    return out.getvalue()


def pdf_response(r: SurveyResults) -> Response:
    return file_response(build(r), "application/pdf", filename(r, "pdf"))
