"""The reach as CSV (`;`, BOM, for Excel) and XLSX: the fylker, then the kommuner reached by nothing."""
from __future__ import annotations

import io

from flask_babel import gettext as _

from app.core import spreadsheets
from app.reach import presentation as show
from app.reach.service import Reach


def _not_reached(reach: Reach) -> list[list]:
    return [[_("Kommunenummer"), _("Kommune"), _("Fylke")], *([*row] for row in reach.not_reached)]


def to_csv(reach: Reach) -> bytes:
    rows = [show.county_header(), *show.county_rows(reach), [], [_("Ikke nådd")], *_not_reached(reach)]
    return spreadsheets.csv_document(rows).encode("utf-8")


def to_xlsx(reach: Reach) -> bytes:
    from openpyxl import Workbook  # at use: it pulls in numpy (app.core.spreadsheets)

    workbook = Workbook(write_only=True)
    for title, rows in ((_("Fylker"), [show.county_header(), *show.county_rows(reach)]),
                        (_("Ikke nådd"), _not_reached(reach))):
        sheet = workbook.create_sheet(title=title)
        sheet.append(spreadsheets.xlsx_cells(sheet, rows[0], bold=True))
        for row in rows[1:]:
            sheet.append(spreadsheets.xlsx_cells(sheet, row))
    workbook.properties.title = _("Rekkevidde %(period)s", period=show.period_label(reach))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
