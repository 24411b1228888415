"""Badges as real PDFs: rendered with pypdfium2, QR decoded with zxing-cpp, the decoded text posted
to the check-in API; the text layer, the embedded fonts, and every text inside its badge."""
from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest

from app.badges import service
from app.badges.layout import MM, Box, Text
from app.extensions import db
from app.models import Event, EventRole, ParticipantRole, UserRole
from tests.checkin.helpers import api_token, cancel, decode_qr, enrol, render_pages, scan

SAMI = dict(first_name="Ánde", last_name="Ŋuorra-Đávvet", organisation="Guovdageaidnu kulturskole",
            municipality_number="5612")


def test_the_badge_qr_opens_the_check_in_ok_then_already_checked_in(app, client, make):
    event = make.event(title="Lederkonferansen 2027")
    staff = make.user(EventRole.DOOR, events=[event])
    token = api_token(app, staff)
    ande = enrol(app, event, 1, **SAMI)

    response = client.get(f"/me/{ande.token}/badge.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    [page] = render_pages(response.data, dpi=300)
    [qr] = decode_qr(page)
    assert qr.text == f"http://samling.test/b/{ande.code}"
    assert qr.ec_level == "M"
    # The symbol is at least 3 cm wide (300 dpi: 1 mm = 300 / 25.4 px).
    width_px = qr.position.top_right.x - qr.position.top_left.x
    assert width_px / (300 / 25.4) >= 30

    first = scan(client, event.slug, qr.text, token)
    assert first.status_code == 200
    body = first.get_json()
    assert body["result"] == "ok"
    assert body["registration"]["name"] == "Ánde Ŋuorra-Đávvet"
    assert body["registration"]["organisation"] == "Guovdageaidnu kulturskole"
    checked_in_at = body["registration"]["checked_in_at"]
    assert checked_in_at

    second = scan(client, event.slug, qr.text, token).get_json()
    assert second["result"] == "already_checked_in"
    assert second["registration"]["checked_in_at"] == checked_in_at
    assert second["registration"]["checked_in_by"] == staff.name


def test_a_cancelled_registrations_badge_answers_cancelled(app, client, make):
    event = make.event()
    token = api_token(app, make.user(UserRole.ADMINISTRATOR))
    kari = enrol(app, event, 2, first_name="Kari")
    pdf = client.get(f"/me/{kari.token}/badge.pdf").data
    [qr] = decode_qr(render_pages(pdf, dpi=200)[0])
    cancel(app, kari)

    answer = scan(client, event.slug, qr.text, token).get_json()
    assert answer == {"result": "cancelled", "registration": {
        "name": "Kari Nordmann", "organisation": "Eksempel kulturskole", "checked_in_at": None,
        "checked_in_by": None, "signed_up": None}}
    # …and the cancelled participant can no longer download a badge.
    page = client.get(f"/me/{kari.token}/badge.pdf")
    assert page.status_code == 409
    assert "avmeldt" in page.get_data(as_text=True)


def test_waitlisted_gets_a_page_not_a_badge_and_unknown_token_is_404(app, client, make):
    event = make.event(capacity=1)
    enrol(app, event, 1)
    waiting = enrol(app, event, 2)
    assert waiting.status == "waitlisted"
    page = client.get(f"/me/{waiting.token}/badge.pdf")
    assert page.status_code == 409
    assert "venteliste" in page.get_data(as_text=True)
    assert client.get("/me/NOTATOKEN/badge.pdf").status_code == 404


def _sheet(app, event, layout="a6", duplex=False, badge_filter=None):
    drawn = []
    with app.app_context():
        ev = db.session.get(Event, event.id)
        regs = service.confirmed(ev.id, badge_filter)
        pdf = service.sheet(ev, regs, layout, duplex, record=lambda page, box, items: drawn.append((page, box, items)))
        db.session.remove()
    return pdf, drawn


def test_the_sheet_prints_the_sami_name_exactly_with_embedded_fonts(app, make):
    event = make.event()
    enrol(app, event, 1, **SAMI)
    enrol(app, event, 2, first_name="Øyvind", last_name="Ærøy")
    pdf, _ = _sheet(app, event)

    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    assert "Ánde\r\nŊuorra-Đávvet\r\nGuovdageaidnu kulturskole\r\nGuovdageaidnu - Kautokeino" in text
    assert "Øyvind\r\nÆrøy" in text
    assert "DELTAKER" in text
    # Both faces are embedded (TrueType subsets), none is merely referenced.
    fonts = set(re.findall(rb"/BaseFont /([A-Z]{6}\+[\w-]+)", pdf))
    assert {f.split(b"+")[1] for f in fonts} == {b"DejaVuSans", b"DejaVuSans-Bold"}
    assert pdf.count(b"/FontFile2") == 2


def _char_boxes(pdf: bytes):
    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        for number in range(len(doc)):
            page = doc[number]
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                ch = textpage.get_text_range(i, 1)
                if ch.strip():
                    yield number + 1, ch, textpage.get_charbox(i, loose=False)
    finally:
        doc.close()


LONG = dict(first_name="Maria-Kristine Alexandra Wilhelmine", last_name="Fjellheim-Søndergaard Østensen-Wahlberg",
            organisation="Kulturskolen i Nordre Follo og omegn interkommunale samarbeid for musikk og kunstfag",
            municipality_number="3207")


@pytest.mark.parametrize("layout, per_page", [("a6", 4), ("a7", 8)])
def test_no_text_leaves_its_badge_even_for_long_names(app, make, layout, per_page):
    event = make.event(title="Regional samling for kulturskoleledere i Vestland, Rogaland og Agder 2027")
    for n in range(per_page + 1):
        enrol(app, event, n, **(LONG if n % 2 else SAMI), email=f"p{n}@example.org")
    pdf, drawn = _sheet(app, event, layout)

    assert [page for page, _, _ in drawn] == [1] * per_page + [2]
    inner_margin = (8 if layout == "a6" else 6) * MM - 0.5
    for _, box, items in drawn:
        inside = box.inset(inner_margin)
        for item in items:
            shape = item.bbox if isinstance(item, Text) else item.box
            assert inside.contains(shape), (item, inside)
        texts = [i for i in items if isinstance(i, Text)]
        for a in texts:  # no two lines overlap
            for b in texts:
                if a is not b and a.bbox.x < b.bbox.right and b.bbox.x < a.bbox.right:
                    assert a.bbox.top <= b.bbox.y + 0.01 or b.bbox.top <= a.bbox.y + 0.01, (a, b)
    # Independently of our own coordinates: every printed character lies inside one badge's box.
    boxes = {}
    for page, box, _ in drawn:
        boxes.setdefault(page, []).append(box)
    for page, ch, (left, bottom, right, top) in _char_boxes(pdf):
        assert any(b.contains(Box(left, bottom, right - left, top - bottom), tolerance=0.5) for b in boxes[page]), ch
    # The long names were shrunk, the short ones kept their full size.
    sizes = {i.text: i.size for _, _, items in drawn for i in items if isinstance(i, Text)}
    full = 34 if layout == "a6" else 22
    assert sizes["Ánde"] == full
    assert sizes[LONG["first_name"]] < full


def test_a7_sheet_has_eight_readable_qr_codes_per_page(app, make):
    event = make.event()
    people = [enrol(app, event, n, last_name=f"Etternavn{chr(65 + n)}") for n in range(8)]
    pdf, _ = _sheet(app, event, "a7")
    [page] = render_pages(pdf, dpi=200)
    found = decode_qr(page)
    assert sorted(r.text for r in found) == sorted(f"http://samling.test/b/{p.code}" for p in people)
    for qr in found:  # even on the small badge the symbol is at least 3 cm wide
        assert (qr.position.top_right.x - qr.position.top_left.x) / (200 / 25.4) >= 30
        assert qr.ec_level == "M"


def test_double_sided_sheet_puts_the_same_face_behind_each_badge(app, make):
    event = make.event()
    for n, last in enumerate(["Aune", "Berg", "Dahl"]):
        enrol(app, event, n, last_name=last)
    pdf, drawn = _sheet(app, event, "a6", duplex=True)
    assert len(render_pages(pdf, dpi=20)) == 2
    by_name = {}
    for page, box, items in drawn:
        name = next(i.text for i in items if isinstance(i, Text) and i.text in ("Aune", "Berg", "Dahl"))
        by_name.setdefault(name, {})[page] = (box, [i.text for i in items if isinstance(i, Text)])
    for sides in by_name.values():
        (front, front_text), (back, back_text) = sides[1], sides[2]
        assert back_text == front_text  # the same face
        assert back.y == front.y  # same row
        assert abs((front.x + front.w / 2) + (back.x + back.w / 2) - 210 * MM) < 0.01  # mirrored column
    assert by_name["Aune"][1][0].x < by_name["Berg"][1][0].x
    assert by_name["Aune"][2][0].x > by_name["Berg"][2][0].x


def test_sheet_is_sorted_by_last_name_in_norwegian_order(app, make):
    event = make.event()
    for n, last in enumerate(["Ås", "Ødegård", "Berg", "Zahl", "Ærø", "Ŋuorra", "aasen", "Øberg"]):
        enrol(app, event, n, last_name=last)
    with app.app_context():
        names = [r.last_name for r in service.confirmed(event.id)]
    assert names == ["aasen", "Berg", "Ŋuorra", "Zahl", "Ærø", "Øberg", "Ødegård", "Ås"]


def test_filters_by_role_by_last_name_range_and_by_id(app, make):
    event = make.event()
    a = enrol(app, event, 1, last_name="Aune")
    enrol(app, event, 2, last_name="Lie", role=ParticipantRole.SPEAKER)
    enrol(app, event, 3, last_name="Øye", role=ParticipantRole.STAFF)
    with app.app_context():
        def last_names(**kw):
            return [r.last_name for r in service.confirmed(event.id, service.BadgeFilter(**kw))]

        assert last_names(roles=frozenset({"speaker", "staff"})) == ["Lie", "Øye"]
        assert last_names(last_from="a", last_to="L") == ["Aune", "Lie"]
        assert last_names(last_from="M", last_to="Å") == ["Øye"]
        assert last_names(ids=frozenset({a.id})) == ["Aune"]


def test_qr_version_reuse_falls_back_when_the_data_needs_more_room():
    from PIL import Image

    from app.badges.render import qr_matrix

    def decoded(matrix):
        n = len(matrix)
        image = Image.new("L", (n, n), 255)
        image.putdata([0 if dark else 255 for row in matrix for dark in row])
        [result] = decode_qr(image.resize((n * 8, n * 8), Image.NEAREST))
        return result.text

    compact = "http://samling.test/b/" + "ACDEFGHJKMNPQRTWXY3467" + "A" * 40
    roomy = "http://samling.test/b/" + "æøå-ŋđá" * 8 + "x" * 6  # same length, far more bytes
    assert len(compact) == len(roomy)
    small, large = qr_matrix(compact), qr_matrix(roomy)
    assert len(large) > len(small)
    assert (decoded(small), decoded(large)) == (compact, roomy)


@pytest.mark.parametrize("layout, rows", [("a6", 2), ("a7", 4)])
def test_sheets_have_cut_marks_on_the_cut_lines(app, make, layout, rows):
    event = make.event()
    enrol(app, event, 1)
    pdf, drawn = _sheet(app, event, layout)
    [page] = render_pages(pdf, dpi=100)
    px = 100 / 25.4  # pixels per mm
    grey = page.convert("L")

    def dark(x_mm: float, y_mm: float) -> bool:  # y from the top of the page
        x, y = round(x_mm * px), round(y_mm * px)
        return min(grey.getpixel((x + dx, y)) for dx in (-1, 0, 1)) < 128 or \
            min(grey.getpixel((x, y + dy)) for dy in (-1, 0, 1)) < 128

    # The vertical cut between the columns: ticks at the top and bottom edges, nothing halfway down a badge.
    assert dark(105, 5) and dark(105, 292)
    assert not dark(105, 40)
    # The horizontal cuts between the rows: ticks at both side edges, crosses where they meet the vertical cut.
    for r in range(1, rows):
        y = 0.5 + r * (74 if layout == "a7" else 148)
        assert dark(4, y) and dark(206, y) and dark(105, y)
    assert drawn[0][1].h / (72 / 25.4) == pytest.approx(148 if layout == "a6" else 74)
