"""The one rule for cells in every CSV and XLSX export (registrations, survey results, and any export to come).

Text that people typed (names, organisations, survey answers, titles) ends up in an organiser's spreadsheet, and
Excel, LibreOffice and Google Sheets read a cell that starts with `=`, `+`, `-` or `@` as a formula: `=HYPERLINK(…)`
becomes a live link that can send the sheet's data away, `+SUM(…)` and `@SUM(…)` are calculated. A leading TAB or
CR hides such a start. These six (OWASP's CSV-injection list) are what `looks_like_formula` looks for.

CSV has no cell types, so formula-looking text gets a leading apostrophe: `'=HYPERLINK(…)`, the convention a
spreadsheet reads as "this is text". Every character of the text is kept after it. That includes phone numbers:
Excel reads `+47 900 00 000` as the formula `=47 900 00 000` (and shows an error), so it is written
`'+47 900 00 000`: the number as typed, and what you would type in Excel yourself to get it as text. The one
exception is text that is just a negative number (`-5`, `-1,5`): a spreadsheet reads it as that number and
nothing else, so it is left alone. Semicolons between columns, UTF-8 with a BOM, CRLF, dates as dd.mm.yyyy and
decimal commas: what Norwegian Excel opens as columns.

XLSX has cell types, so nothing needs changing in the text: every string is written as a text cell (never a
formula), and formula-looking text also gets Excel's `quotePrefix` style — what Excel stores itself when you type
`'=…`. The reader sees `=HYPERLINK(…)` or `+47 900 00 000` as plain text, with no apostrophe, and it stays text
when someone edits the cell. Numbers stay numbers, dates stay dates (with a Norwegian number format).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.core import clock

if TYPE_CHECKING:  # openpyxl is imported when a workbook is made, not at start-up (it pulls in numpy when present)
    from openpyxl.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

Value = str | int | float | date | datetime | None

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEGATIVE_NUMBER = re.compile(r"-\d+(?:[.,]\d+)?")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and not NEGATIVE_NUMBER.fullmatch(text)


# --- CSV ---------------------------------------------------------------------------------------

def csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return clock.short_datetime(value)
    if isinstance(value, date):
        return clock.short_date(value)
    if isinstance(value, float):
        return f"{value}".replace(".", ",")
    if isinstance(value, str):
        return "'" + value if looks_like_formula(value) else value
    return str(value)


def csv_document(rows: Iterable[Sequence[Value]]) -> str:
    """The whole file, BOM first: every cell through csv_value."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([csv_value(v) for v in row] for row in rows)
    return "\ufeff" + out.getvalue()


# --- XLSX --------------------------------------------------------------------------------------

def xlsx_cells(sheet: Worksheet, values: Sequence[Value], *, bold: bool = False) -> list[Cell]:
    """One row's cells for `sheet.append(…)` (normal or write-only workbook)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, str):
            cell.data_type = "s"  # openpyxl would make "=…" a formula
            cell.quotePrefix = looks_like_formula(value)
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    return cells
