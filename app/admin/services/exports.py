"""Registrations as rows for Norwegian Excel: CSV (';', UTF-8 with BOM, dd.mm.yyyy) and XLSX (the same rows).

Text that Excel would run as a formula (starting with = + - @ or a tab) gets a leading apostrophe,
except phone numbers like "+47 900 00 000".
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from app.admin import labels
from app.admin.services.registration_list import Row
from app.core import clock
from app.models import ChoiceStatus

Value = str | int | date | datetime | None
PHONE = re.compile(r"^\+?[\d ()-]+$")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


def headers() -> list[str]:
    return [_("Etternavn"), _("Fornavn"), _("E-post"), _("Telefon"), _("Organisasjon"), _("Stilling"),
            _("Kommune"), _("Fylke"), _("År som leder"), _("Status"), _("Plass på venteliste"), _("Rolle"),
            _("Sesjoner"), _("Påmeldt"), _("Bekreftet"), _("Sjekket inn"), _("Faktura org.nr."),
            _("Fakturareferanse")]


def safe_text(text: str) -> str:
    if text and (text[0] in "=@\t\r" or (text[0] in "+-" and not PHONE.match(text))):
        return "'" + text
    return text


def _local_date(moment: datetime | None) -> date | None:
    return clock.oslo(moment).date() if moment else None


def _local_minute(moment: datetime | None) -> datetime | None:
    return clock.oslo(moment).replace(tzinfo=None, second=0, microsecond=0) if moment else None


def _choices(row: Row, words: dict) -> str:
    parts = []
    for title, status, position in row.choices:
        if status == ChoiceStatus.WAITLISTED:
            parts.append(f"{title} ({words['waitlist']} {position})")
        elif status == ChoiceStatus.PENDING:
            parts.append(f"{title} ({words['CHOICE_STATUS'][status]})")
        else:
            parts.append(title)
    return " | ".join(parts)


def _words() -> dict:
    return {**labels.current(), "waitlist": _("venteliste")}


def values(row: Row, words: dict | None = None) -> list[Value]:
    words = words or _words()
    reg = row.registration
    text = [reg.last_name, reg.first_name, reg.email or "", reg.phone, reg.organisation, reg.job_title, row.kommune,
            row.county, words["YEARS_BAND"][reg.years_as_leader] if reg.years_as_leader else "",
            words["REGISTRATION_STATUS"][reg.status]]
    return [*(safe_text(t) for t in text), reg.waitlist_position, words["PARTICIPANT_ROLE"][reg.role],
            safe_text(_choices(row, words)), _local_date(reg.created_at), _local_date(reg.confirmed_at),
            _local_minute(row.checked_in_at), safe_text(reg.invoice_org_number), safe_text(reg.invoice_reference)]


def as_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def to_csv(rows: Sequence[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(headers())
    words = _words()
    for row in rows:
        writer.writerow([as_text(v) for v in values(row, words)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Sequence[Row], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Påmeldinger"))
    widths = [18, 16, 30, 16, 30, 20, 18, 18, 14, 12, 10, 16, 40, 12, 12, 17, 14, 20]
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    words = _words()
    for row in rows:
        cells = []
        for value in values(row, words):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, str):
                cell.data_type = "s"  # never a formula
            cells.append(cell)
        sheet.append(cells)
    workbook.properties.title = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
