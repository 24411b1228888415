"""The organisers' badge page and download, and `flask badges pdf`."""
from __future__ import annotations

import io

import pypdfium2 as pdfium

from app.models import EventRole, ParticipantRole, UserRole
from tests.checkin.helpers import enrol


def _text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _pages(pdf: bytes) -> int:
    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def test_only_organisers_print_badges(app, client, make, login):
    event = make.event()
    assert client.get(f"/admin/events/{event.slug}/badges").status_code == 302
    assert client.get(f"/admin/events/{event.slug}/badges/sheet.pdf").status_code == 302
    login(make.user(EventRole.DOOR, events=[event]).email)
    assert client.get(f"/admin/events/{event.slug}/badges").status_code == 403
    assert client.get(f"/admin/events/{event.slug}/badges/sheet.pdf").status_code == 403


def test_organiser_downloads_all_or_a_filtered_set(app, client, make, login):
    event = make.event(title="Lederkonferansen 2027")
    aune = enrol(app, event, 1, last_name="Aune")
    enrol(app, event, 2, last_name="Lie", role=ParticipantRole.SPEAKER)
    enrol(app, event, 3, last_name="Øye", role=ParticipantRole.ORGANISER)
    login(make.user(UserRole.ADMINISTRATOR).email)

    page = client.get(f"/admin/events/{event.slug}/badges")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "3 bekreftede deltakere." in html
    assert "Skriv ut i faktisk størrelse (100 prosent), ikke «tilpass til siden»." in html
    assert html.index("Aune, Deltaker1") < html.index("Lie, Deltaker2") < html.index("Øye, Deltaker3")

    everyone = client.get(f"/admin/events/{event.slug}/badges/sheet.pdf?layout=a6")
    assert everyone.status_code == 200
    assert everyone.headers["Content-Disposition"] == f'attachment; filename="navneskilt-{event.slug}-a6.pdf"'
    text = _text(everyone.data)
    assert text.index("Aune") < text.index("Lie") < text.index("Øye")
    assert "FOREDRAGSHOLDER" in text and "ARRANGØR" in text

    speakers = _text(client.get(f"/admin/events/{event.slug}/badges/sheet.pdf?roles=speaker&roles=organiser").data)
    assert "Lie" in speakers and "Øye" in speakers and "Aune" not in speakers
    range_ = _text(client.get(f"/admin/events/{event.slug}/badges/sheet.pdf?last_from=L&last_to=Ø").data)
    assert "Lie" in range_ and "Øye" in range_ and "Aune" not in range_
    chosen = _text(client.get(f"/admin/events/{event.slug}/badges/sheet.pdf?ids={aune.id}&layout=a7").data)
    assert "Aune" in chosen and "Lie" not in chosen

    duplex = client.get(f"/admin/events/{event.slug}/badges/sheet.pdf?duplex=y")
    assert _pages(duplex.data) == 2
    assert "tosidig" in duplex.headers["Content-Disposition"]


def test_bad_choices_get_a_norwegian_message_and_keep_the_input(app, client, make, login):
    event = make.event()
    enrol(app, event, 1, last_name="Aune")
    login(make.user(UserRole.ADMINISTRATOR).email)
    bad = client.get(f"/admin/events/{event.slug}/badges/sheet.pdf?layout=a3&last_from=K&last_to=B")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "Noe må rettes før du kan gå videre" in html
    assert "«Til og med» må komme etter «fra» i alfabetet." in html
    assert 'value="K"' in html and 'value="B"' in html
    empty = client.get(f"/admin/events/{event.slug}/badges/sheet.pdf?roles=staff")
    assert empty.status_code == 200
    assert "Ingen bekreftede deltakere passer til utvalget." in empty.get_data(as_text=True)
    assert client.get("/admin/events/no-such-event/badges").status_code == 404


def test_flask_badges_pdf(app, make, tmp_path):
    event = make.event()
    for n, last in enumerate(["Berg", "Aune", "Ås", "Dahl", "Eik"]):
        enrol(app, event, n, last_name=last)
    out = tmp_path / "skilt.pdf"
    result = app.test_cli_runner().invoke(args=["badges", "pdf", event.slug, "-o", str(out), "--layout", "a7"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote 5 badge(s) (a7) to {out}"
    text = _text(out.read_bytes())
    assert [n for n in ("Aune", "Berg", "Dahl", "Eik", "Ås") if n in text] == ["Aune", "Berg", "Dahl", "Eik", "Ås"]
    assert text.index("Aune") < text.index("Berg") < text.index("Dahl") < text.index("Eik") < text.index("Ås")
    assert _pages(out.read_bytes()) == 1
    a6 = app.test_cli_runner().invoke(args=["badges", "pdf", event.slug, "-o", str(out)])
    assert a6.exit_code == 0 and _pages(out.read_bytes()) == 2
    missing = app.test_cli_runner().invoke(args=["badges", "pdf", "no-such-event", "-o", str(out)])
    assert missing.exit_code != 0
    assert "no event with slug 'no-such-event'" in missing.output
