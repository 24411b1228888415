"""Exports of the results: CSV for Norwegian Excel (semicolons, UTF-8 with BOM, decimal comma) and XLSX.

Both contain the same aggregated tables as the results page, with the same rule: nothing that fewer
than `min_group_size` answers stand behind; and the same marks: a last column «Merknad» says
«Eksempeltall» / «Eksempeltekster» on every row made from example figures. There is deliberately no export of single responses: a
row per respondent would let anyone cross-tabulate their way to a small group. Every cell goes through
app/core/spreadsheets.py: an answer that looks like a formula stays text.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from flask import Response
from flask_babel import gettext as _

from app.core import spreadsheets
from app.core.downloads import file_response
from app.models import QuestionKind
from app.surveys.results import QuestionResult, SurveyResults, all_texts


@dataclass
class Section:
    name: str  # the sheet name in XLSX
    header: list[str]
    rows: list[list] = field(default_factory=list)


def number(value: float | None, digits: int = 1) -> float | str:
    return "" if value is None else round(value, digits)


def _too_few() -> str:
    return _("for få svar til å vises")


def _mark(example: bool, texts: bool = False) -> str:
    if not example:
        return ""
    return _("Eksempeltekster") if texts else _("Eksempeltall")


def _marked(rows: list[list], example: bool, texts: bool = False) -> list[list]:
    return [[*row, _mark(example, texts)] for row in rows]


def _question_rows(q: QuestionResult) -> list[list]:
    label = f"{q.number}. {q.question.text}"
    if q.question.kind == QuestionKind.TEXT:
        return []
    if q.hidden:
        return [[label, _too_few(), q.answered, ""]]
    if q.question.kind == QuestionKind.SESSIONS:
        return [[label, s.title, s.n, _too_few() if s.hidden else number(s.mean, 2)] for s in q.sessions]
    rows = [[label, d.label, int(d.value), d.note] for d in q.rows]
    if q.mean is not None:
        rows.append([label, _("Snitt"), q.answered, number(q.mean, 2)])
    if q.nps is not None:
        rows.append([label, _("Anbefalingsscore (NPS)"), q.answered, q.nps])
    return rows


def sections(r: SurveyResults) -> list[Section]:
    survey = r.survey
    summary = Section(_("Oversikt"), [_("Spørsmål"), _("Svar"), _("Antall"), _("Andel / snitt"), _("Merknad")])
    summary.rows = _marked([
        [_("Undersøkelse"), survey.title, "", ""],
        [_("Arrangement"), survey.event.title if survey.event else "", "", ""],
        [_("Antall svar"), "", r.responses, ""],
        [_("Svarprosent"), "", r.answered_invitations, f"{round(r.response_rate)} %" if r.response_rate is not None
         else _("ingen invitasjoner sendt fra Samling")],
        [_("Minste antall svar bak et tall"), "", r.min_group, ""],
        *([[_("Holdt tilbake"), r.held_back_text, r.held_back.count, ""]] if r.held_back else []),
    ], False)
    for q in r.questions:
        summary.rows.extend(_marked(_question_rows(q), q.example_counts))
    texts = Section(_("Fritekst"), [_("Spørsmål"), _("Svar"), _("Merknad")])
    for q in r.questions:
        if q.text_count or q.question.kind == QuestionKind.TEXT:
            label = f"{q.number}. {q.question.text}"
            if q.texts_hidden:
                texts.rows.append([label, _too_few(), ""])
            else:
                texts.rows.extend(_marked([[label, t] for t in all_texts(q.question.id)], q.example_texts, True))
    result = [summary, texts]
    if r.band_question is not None:
        result.append(_breakdown_section(r))
    if r.compare_with is not None:
        result.append(_comparison_section(r))
    return result


def _breakdown_section(r: SurveyResults) -> Section:
    band = r.band_question
    section = Section(_("Etter lederår"), [_("Spørsmål"), _("Svar")] + [o.label for o in band.options]
                      + [_("Merknad")])
    for q in r.questions:
        b = q.breakdown
        if b is None:
            continue
        label = f"{q.number}. {q.question.text}"
        if b.hidden:
            section.rows.append([label, _too_few()] + [""] * len(b.columns) + [""])
            continue
        rows = [[label, _("Antall som svarte")] + [_too_few() if c.hidden else c.size for c in b.columns]]
        rows.extend([label, row_label] + [_too_few() if cell is None else cell for cell in cells]
                    for row_label, cells in b.rows)
        if b.means is not None:
            rows.append([label, _("Snitt")] + [_too_few() if m is None else number(m, 2) for m in b.means])
        section.rows.extend(_marked(rows, b.example))
    return section


def _comparison_section(r: SurveyResults) -> Section:
    then, now = r.compare_with.event.title, r.survey.event.title if r.survey.event else r.survey.title
    section = Section(_("Sammenligning"), [_("Spørsmål"), _("Svar"), then, now, _("Endring (prosentpoeng)"),
                                           _("Merknad")])
    for q in r.questions:
        c = q.comparison
        if c is None:
            continue
        label = f"{q.number}. {q.question.text}"
        if c.hidden:
            section.rows.append([label, _too_few(), "", "", "", ""])
            continue
        rows = [[label, row.label, number(row.then_pct), number(row.now_pct), number(row.change)] for row in c.rows]
        if c.now_mean is not None or c.then_mean is not None:
            rows.append([label, _("Snitt"), number(c.then_mean, 2), number(c.now_mean, 2),
                         number(None if c.now_mean is None or c.then_mean is None else c.now_mean - c.then_mean, 2)])
        if c.now_nps is not None or c.then_nps is not None:
            rows.append([label, _("Anbefalingsscore (NPS)"), c.then_nps, c.now_nps, ""])
        section.rows.extend(_marked(rows, c.example))
    return section


def filename(r: SurveyResults, ext: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", (r.survey.event.slug + "-" if r.survey.event else "") + "undersokelse")
    return f"{base.strip('-')}-{r.survey.id}.{ext}"


def csv_text(r: SurveyResults) -> str:
    rows = []
    for index, section in enumerate(sections(r)):
        if index:
            rows.append([])
        rows += [[section.name], section.header, *section.rows]
    return spreadsheets.csv_document(rows)


def csv_response(r: SurveyResults) -> Response:
    return file_response(csv_text(r).encode("utf-8"), "text/csv", filename(r, "csv"))


def xlsx_bytes(r: SurveyResults) -> bytes:
    from openpyxl import Workbook  # here, not at start-up: see app/core/spreadsheets.py

    book = Workbook()
    book.remove(book.active)
    for section in sections(r):
        sheet = book.create_sheet(section.name[:31])
        sheet.append(spreadsheets.xlsx_cells(sheet, section.header, bold=True))
        for row in section.rows:
            sheet.append(spreadsheets.xlsx_cells(sheet, row))
        sheet.column_dimensions["A"].width = 50
        sheet.column_dimensions["B"].width = 40
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(r: SurveyResults) -> Response:
    return file_response(xlsx_bytes(r), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         filename(r, "xlsx"))
