"""Registrations as rows for Norwegian Excel: CSV (';', UTF-8 with BOM, dd.mm.yyyy) and XLSX (the same rows).

Every cell goes through app/core/spreadsheets.py, the one rule for text that looks like a formula.
"""
from __future__ import annotations

import io
from collections.abc import Sequence

from flask_babel import gettext as _

from app.admin import labels
from app.core import clock, spreadsheets
from app.core.spreadsheets import Value
from app.models import ChoiceStatus
from app.registration.listing import Row


def headers() -> list[str]:
    return [_("Etternavn"), _("Fornavn"), _("E-post"), _("Telefon"), _("Organisasjon"), _("Stilling"),
            _("Kommune"), _("Fylke"), _("År som leder"), _("Status"), _("Plass på venteliste"), _("Rolle"),
            _("Sesjoner"), _("Påmeldt"), _("Bekreftet"), _("Sjekket inn"), _("Faktura org.nr."),
            _("Fakturareferanse")]


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
    return [*text, reg.waitlist_position, words["PARTICIPANT_ROLE"][reg.role], _choices(row, words),
            clock.oslo_date(reg.created_at), clock.oslo_date(reg.confirmed_at), clock.oslo_minute(row.checked_in_at),
            reg.invoice_org_number, reg.invoice_reference]


def to_csv(rows: Sequence[Row]) -> bytes:
    words = _words()
    return spreadsheets.csv_document([headers(), *(values(row, words) for row in rows)]).encode("utf-8")


def to_xlsx(rows: Sequence[Row], title: str) -> bytes:
    from openpyxl import Workbook  # here, not at start-up: see app/core/spreadsheets.py

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Påmeldinger"))
    widths = [18, 16, 30, 16, 30, 20, 18, 18, 14, 12, 10, 16, 40, 12, 12, 17, 14, 20]
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(spreadsheets.xlsx_cells(sheet, headers(), bold=True))
    words = _words()
    for row in rows:
        sheet.append(spreadsheets.xlsx_cells(sheet, values(row, words)))
    workbook.properties.title = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
