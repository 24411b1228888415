"""Exports: CSV as Norwegian Excel reads it, XLSX with the same rows, the catering summary, the PDFs."""
import csv
import io
from datetime import date, datetime

import pypdfium2
import pytest
from openpyxl import load_workbook

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import Checkin, SessionKind
from app.registration import service
from tests.factories import applicant


@pytest.fixture
def event(app, make):
    event = make.event(title="Lederkonferansen 2027", capacity=3)
    ws = make.session(event, title="Verksted: Å lede; med «sitat»", kind=SessionKind.WORKSHOP, capacity=1)
    with app.app_context():
        with transaction():
            service.register(event.id, applicant(1, first_name="Áile", last_name="Gaup", organisation="Kárášjoga suohkan",
                                                 municipality_number="5610", phone="+47 900 00 000", health_consent=True,
                                                 diet=["vegetarian", "gluten"], diet_other="Skalldyrallergi",
                                                 accessibility_needs="Rullestol"), [ws.id])
        with transaction():
            service.register(event.id, applicant(2, first_name="Øystein", last_name="Ærø", organisation="=HYPERLINK(\"x\")",
                                                 health_consent=False), [ws.id])
        with transaction():
            third = service.register(event.id, applicant(3, first_name="Åsa", last_name="Berg", health_consent=True,
                                                         diet=["vegetarian"]))
        with transaction():
            service.register(event.id, applicant(4, first_name="Ventende", last_name="Person"))
        db.session.add(Checkin(event_id=event.id, registration_id=third.id,
                               scanned_at=clock.local_datetime(date(2030, 1, 2), datetime(2030, 1, 2, 8, 47).time())))
        db.session.commit()
    return event


def _excel_rows(body: bytes) -> list[list[str]]:
    """What Excel with Norwegian settings does: UTF-8 because of the BOM, ';' between columns."""
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline=""), delimiter=";"))


def test_csv_opens_as_columns_in_norwegian_excel(admin, event):
    response = admin.get(f"/admin/events/{event.slug}/registrations.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="pameldinger-{event.slug}.csv"'
    assert b"\r\n" in response.data
    rows = _excel_rows(response.data)
    header = rows[0]
    assert header[:10] == ["Etternavn", "Fornavn", "E-post", "Telefon", "Organisasjon", "Stilling", "Kommune", "Fylke",
                           "År som leder", "Status"]
    by_first = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert list(by_first) == ["Åsa", "Áile", "Ventende", "Øystein"]  # by last name: Berg, Gaup, Person, Ærø
    aile = by_first["Áile"]
    assert (aile["Etternavn"], aile["Organisasjon"], aile["Kommune"], aile["Fylke"]) == (
        "Gaup", "Kárášjoga suohkan", "Kárášjohka", "Finnmark")
    assert aile["Telefon"] == "'+47 900 00 000"  # Excel would read "+47 …" as a formula (app/core/spreadsheets.py)
    assert aile["Sesjoner"] == "Verksted: Å lede; med «sitat»"
    assert aile["Status"] == "Bekreftet" and aile["År som leder"] == "4–6 år"
    assert aile["Påmeldt"] == clock.oslo(clock.now()).strftime("%d.%m.%Y")
    assert by_first["Øystein"]["Sesjoner"] == "Verksted: Å lede; med «sitat» (venteliste 1)"
    assert by_first["Øystein"]["Organisasjon"] == "'=HYPERLINK(\"x\")"  # never a formula
    assert by_first["Ventende"]["Status"] == "Venteliste" and by_first["Ventende"]["Plass på venteliste"] == "1"
    assert by_first["Åsa"]["Sjekket inn"] == "02.01.2030 08:47"
    assert "Skalldyrallergi" not in response.get_data(as_text=True)  # health data stays out of the list


def test_xlsx_holds_the_same_rows(admin, event):
    csv_rows = _excel_rows(admin.get(f"/admin/events/{event.slug}/registrations.csv").data)
    response = admin.get(f"/admin/events/{event.slug}/registrations.xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.title == "Påmeldinger"

    def text(cell):
        if cell.value is None:
            return ""
        if isinstance(cell.value, datetime):
            return cell.value.strftime("%d.%m.%Y %H:%M" if cell.number_format == "DD.MM.YYYY HH:MM" else "%d.%m.%Y")
        return str(cell.value)

    xlsx_rows = [[text(c) for c in row] for row in sheet.iter_rows()]
    # The same rows; where the CSV needs its apostrophe the XLSX has a text cell instead.
    assert [[t.removeprefix("'") for t in row] for row in csv_rows] == xlsx_rows
    dates = [c for c in next(sheet.iter_rows(min_row=2, max_row=2)) if isinstance(c.value, datetime)]
    assert dates and all(c.number_format.startswith("DD.MM.YYYY") for c in dates)
    formula = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+"]
    assert [(c.value, c.data_type, c.quotePrefix) for c in formula] == [
        ("+47 900 00 000", "s", True), ('=HYPERLINK("x")', "s", True)]  # text, shown without an apostrophe


def test_exports_follow_the_list_filters(admin, event):
    rows = _excel_rows(admin.get(f"/admin/events/{event.slug}/registrations.csv?status=waitlisted").data)
    assert [r[1] for r in rows[1:]] == ["Ventende"]


def test_catering_counts_diets_and_names_only_with_consent(admin, event):
    html = admin.html(f"/admin/events/{event.slug}/catering")
    assert "3 bekreftede deltakere, 2 av dem har gitt samtykke" in html
    assert '<th scope="row">Vegetar</th><td class="num">2</td>' in html
    assert '<th scope="row">Glutenfri</th><td class="num">1</td>' in html
    assert "Áile Gaup" in html and "Åsa Berg" in html and "Øystein" not in html
    assert "Skalldyrallergi" in html and "Rullestol" in html


def _pdf_text(body: bytes) -> str:
    pdf = pypdfium2.PdfDocument(body)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_door_list_pdf_prints_sami_and_norwegian_letters(admin, event):
    response = admin.get(f"/admin/events/{event.slug}/participants.pdf")
    assert response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    assert "Deltakerliste: Lederkonferansen 2027" in text and "3 deltakere" in text
    assert text.index("Berg, Åsa") < text.index("Gaup, Áile") < text.index("Ærø, Øystein")  # æ after z
    assert "Kárášjoga suohkan" in text and "Ventende" not in text


def test_attendance_pdf_lists_seats_and_queue(admin, event, app):
    response = admin.get(f"/admin/events/{event.slug}/attendance.pdf")
    text = _pdf_text(response.data)
    assert "Verksted: Å lede; med «sitat»" in text and "Oppmøteliste – 1 påmeldt" in text
    seats, queue = text.split("Venteliste")
    assert "Gaup, Áile" in seats and "Ærø, Øystein" in queue
    with app.app_context():
        from sqlalchemy import select

        from app.models import Session

        ws_id = db.session.scalar(select(Session.id))
    one = admin.get(f"/admin/events/{event.slug}/sessions/{ws_id}/attendance.pdf")
    assert one.status_code == 200 and "Gaup, Áile" in _pdf_text(one.data)
    assert admin.get(f"/admin/events/{event.slug}/sessions/999/attendance.pdf").status_code == 404
