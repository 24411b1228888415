"""Every PDF we make embeds every font it declares: print shops' pre-flight refuses a PDF that names a font
(ReportLab's Helvetica, say) without carrying it. Read with a PDF parser (pypdf), every page's resources and
those of the forms drawn on them."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from sqlalchemy import select

from app.extensions import db
from app.models import SessionKind, Survey, UserRole
from app.seeding.run import seed_all
from tests.checkin.helpers import enrol


def _font_embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # drawn by the PDF's own glyph procedures
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor.get_object()
                                          for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def declared_fonts(pdf: bytes) -> dict[str, bool]:
    """Every font named in the PDF's page (and form XObject) resources: base font name → embedded?"""
    found: dict[str, bool] = {}

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[str(font.get("/BaseFont"))] = _font_embedded(font)
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return found


@pytest.fixture
def pdfs(app, client, make, login) -> dict[str, bytes]:
    """One of each PDF the app makes, fetched the way its reader fetches it."""
    event = make.event(title="Lederkonferansen 2027")
    workshop = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, capacity=5)
    aile = enrol(app, event, 1, first_name="Áile", last_name="Gaup", organisation="Kárášjoga suohkan",
                 sessions=[workshop.id])
    with app.app_context():
        seed_all()
        survey_id = db.session.scalar(select(Survey.id).where(Survey.title == "Lederundersøkelsen 2025"))
        db.session.remove()
    got = {"badge": client.get(f"/me/{aile.token}/badge.pdf")}
    login(make.user(UserRole.ADMINISTRATOR).email)
    admin = f"/admin/events/{event.slug}"
    got |= {
        "badge sheet a6": client.get(f"{admin}/badges/sheet.pdf?layout=a6"),
        "badge sheet a7 duplex": client.get(f"{admin}/badges/sheet.pdf?layout=a7&duplex=y"),
        "door list": client.get(f"{admin}/participants.pdf"),
        "attendance": client.get(f"{admin}/attendance.pdf"),
        "one session's attendance": client.get(f"{admin}/sessions/{workshop.id}/attendance.pdf"),
        "survey report": client.get(f"/admin/surveys/{survey_id}/results.pdf"),
    }
    for name, response in got.items():
        assert response.status_code == 200 and response.mimetype == "application/pdf", name
    return {name: response.data for name, response in got.items()}


def test_every_pdf_embeds_every_font_it_declares(pdfs):
    for name, pdf in pdfs.items():
        fonts = declared_fonts(pdf)
        assert fonts, name
        assert {font for font, embedded in fonts.items() if not embedded} == set(), name
        # Only our DejaVu faces (as subsets, 'AAAAAA+DejaVuSans'), no ReportLab standard font.
        assert {font.split("+")[-1] for font in fonts} <= {"DejaVuSans", "DejaVuSans-Bold"}, (name, fonts)
