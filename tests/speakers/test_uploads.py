"""Photos and materials: the type comes from the content, bad files are refused with a clear message
and leave nothing behind, photos are re-encoded without their metadata."""
from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, FileType, SessionMaterial, Speaker
from tests.speakers import files
from tests.speakers.conftest import csrf, files_in, upload

MB = 1024 * 1024


def _photo(client, content: bytes, name: str):
    return upload(client, "/speaker/profile", "photo", content, name, name="Anna Aas", title="rektor",
                  organisation="Aas kulturskole", bio="Rektor i Aas.")


def _material(client, portal, content: bytes, name: str, **extra):
    return upload(client, f"/speaker/sessions/{portal.talk.id}/materials", "file-file", content, name, **extra)


def _nothing_stored(app, portal, photos_before, materials_before) -> None:
    assert files_in(app, "photos") == photos_before
    assert files_in(app, "materials") == materials_before
    with app.app_context():
        assert db.session.get(Speaker, portal.anna.id).photo_path is None
        assert db.session.scalars(select(SessionMaterial)).all() == []
        assert db.session.scalars(select(AuditEntry)).all() == []


@pytest.fixture
def before(app):
    return files_in(app, "photos"), files_in(app, "materials")


def test_jpeg_with_gps_is_stored_cleaned_and_resized(app, client, portal, sign_in, before):
    original = files.jpeg_with_gps(size=(640, 480))
    assert Image.open(BytesIO(original)).getexif().get_ifd(0x8825)  # the test file really has GPS
    sign_in(portal.anna)
    response = _photo(client, original, "ferie.jpg")
    assert response.status_code == 303

    new_files = files_in(app, "photos") - before[0]
    assert sorted(p.name.rsplit("-", 1)[1] for p in new_files) == ["192.jpg", "400.jpg"]
    for path in new_files:
        data = path.read_bytes()
        image = Image.open(BytesIO(data))
        assert image.format == "JPEG" and image.size[0] == image.size[1] in (192, 400)
        assert not image.getexif() and b"Exif" not in data and b"Kamera AS" not in data
        assert "ferie" not in path.name
    with app.app_context():
        speaker = db.session.get(Speaker, portal.anna.id)
        assert speaker.photo_path.startswith("photos/")
        audit = db.session.scalars(select(AuditEntry)).one()
        assert audit.entity_type == "speaker" and '"photo": [null, "photos/' in audit.changes

    served = client.get(f"/speaker/photos/{portal.anna.id}.jpg")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert Image.open(BytesIO(served.data)).size == (192, 192)
    assert served.headers["Cache-Control"] == "public, no-cache" and served.headers["ETag"]
    assert Image.open(BytesIO(client.get(f"/speaker/photos/{portal.anna.id}.jpg?size=large").data)).size == (400, 400)
    assert client.get(f"/speaker/photos/{portal.anna.id}.jpg?size=huge").status_code == 404
    # The public program shows it.
    assert f'src="/speaker/photos/{portal.anna.id}.jpg"' in client.get(f"/events/{portal.event.slug}").get_data(as_text=True)


def test_replacing_and_removing_a_photo_removes_the_old_files(app, client, portal, sign_in, before):
    sign_in(portal.anna)
    _photo(client, files.png(), "a.png")
    first = files_in(app, "photos") - before[0]
    _photo(client, files.png(color="blue"), "b.png")
    second = files_in(app, "photos") - before[0]
    assert len(second) == 2 and not (first & second)
    client.post("/speaker/profile", data={"csrf_token": csrf(client), "name": "Anna Aas", "remove_photo": "y"})
    assert files_in(app, "photos") == before[0]
    with app.app_context():
        assert db.session.get(Speaker, portal.anna.id).photo_path is None
    assert client.get(f"/speaker/photos/{portal.anna.id}.jpg").status_code == 404


def test_transparent_png_is_flattened_onto_white(app, client, portal, sign_in, before):
    sign_in(portal.anna)
    _photo(client, files.png(size=(50, 50), color=(0, 0, 0, 0), mode="RGBA"), "transparent.png")
    path = next(p for p in files_in(app, "photos") - before[0] if p.name.endswith("-192.jpg"))
    assert Image.open(path).convert("L").getextrema()[0] > 245


@pytest.mark.parametrize(("content", "name", "message"), [
    (files.pdf(), "portrett.jpg", "Filen er ikke et bilde vi kan lese."),
    (files.SVG_WITH_SCRIPT, "portrett.png", "Filen er ikke et bilde vi kan lese."),
    (files.png_bomb(), "stort.png", "Bildet er 12000 × 12000 piksler (144 megapiksler), for mange til at vi kan "
     "behandle det trygt. Vi tar imot bilder på høyst 40 megapiksler. Lagre bildet i mindre størrelse"),
    (files.png_bomb(30000, 30000), "enormt.png", "Bildet har for mange piksler til at vi kan behandle det trygt. "
     "Vi tar imot bilder på høyst 40 megapiksler."),
    (files.png_bomb(9000, 9000), "issue.png", "Bildet er 9000 × 9000 piksler (81 megapiksler)"),
    (files.png_bomb(6325, 6325), "like-over.png", "Bildet er 6325 × 6325 piksler (40 megapiksler)"),
    (files.png_bomb(2509, 2509, colour_type=6, bit_depth=8), "farger.png",
     "Bildet er 2509 × 2509 piksler (6 megapiksler), for mange til at vi kan behandle det trygt. Som PNG tar vi "
     "imot høyst 6 megapiksler; som JPEG opptil 40."),
    (files.png()[:60], "avkuttet.png", "Filen er ikke et bilde vi kan lese."),
    (b"", "tom.png", "Filen er tom. Velg en annen fil."),
], ids=["pdf-renamed-jpg", "svg-with-script", "bomb-warning", "bomb-error", "issue-9000px", "just-over-40-mp",
        "png-over-decode-budget", "truncated", "empty"])
def test_bad_photos_are_refused_with_a_message(app, client, portal, sign_in, before, content, name, message):
    sign_in(portal.anna)
    response = _photo(client, content, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and 'href="#photo"' in html
    _nothing_stored(app, portal, *before)


def _colour_at(path, xy):
    return Image.open(path).convert("RGB").getpixel(xy)


def test_a_large_jpeg_is_decoded_reduced_and_turned_upright(app, client, portal, sign_in, before):
    """4000 × 3000, left half red and right half blue, taken with the camera on its side (EXIF orientation 6:
    turn 90° clockwise to view). Upright, red is on top; the squares come from a working copy, not the full size."""
    image = Image.new("RGB", (4000, 3000), (220, 0, 0))
    image.paste((0, 0, 220), (2000, 0, 4000, 3000))
    exif = Image.Exif()
    exif[0x0112] = 6
    sign_in(portal.anna)
    assert _photo(client, files.encoded(image, "JPEG", exif=exif), "sidelengs.jpg").status_code == 303
    large = next(p for p in files_in(app, "photos") - before[0] if p.name.endswith("-400.jpg"))
    top, bottom = _colour_at(large, (200, 20)), _colour_at(large, (200, 380))
    assert top[0] > 180 > top[2] and bottom[2] > 180 > bottom[0], (top, bottom)


def test_a_transparent_palette_png_is_flattened_strip_by_strip_without_seams(app, client, portal, sign_in, before):
    image = Image.new("P", (1900, 1700), 0)
    image.putpalette([0, 0, 0, 30, 120, 60] + [0] * 762)
    image.paste(1, (0, 850, 1900, 1700))  # the lower half green, the upper half transparent
    sign_in(portal.anna)
    assert _photo(client, files.encoded(image, "PNG", transparency=0), "logo.png").status_code == 303
    large = next(p for p in files_in(app, "photos") - before[0] if p.name.endswith("-400.jpg"))
    column = [_colour_at(large, (200, y)) for y in range(0, 400, 8)]
    assert all(min(c) > 245 for c in column[:23]), column  # white where it was transparent, every strip
    assert all(abs(c[0] - 30) < 12 and abs(c[1] - 120) < 12 for c in column[27:]), column


def test_photo_over_5_mb_is_refused(app, client, portal, sign_in, before):
    sign_in(portal.anna)
    big = files.png() + b"\x00" * (5 * MB)
    response = _photo(client, big, "stor.png")
    assert response.status_code == 400 and "Bildet er større enn 5 MB." in response.get_data(as_text=True)
    _nothing_stored(app, portal, *before)


@pytest.mark.parametrize(("content", "name", "title", "file_type", "download"), [
    (files.pdf(), "Lysbilder ledelse.pdf", "", FileType.PDF, "Lysbilder ledelse.pdf"),
    (files.pptx(), "foredrag.pptx", "Presentasjonen", FileType.PPTX, "foredrag.pptx"),
    (files.odp(), "foredrag.odp", "", FileType.ODP, "foredrag.odp"),
    (files.keynote(), "foredrag.key", "", FileType.KEY, "foredrag.key"),
    (files.pdf(), "../../etc/slides.pptx", "", FileType.PDF, "slides.pdf"),
], ids=["pdf", "pptx", "odp", "keynote", "pdf-named-pptx"])
def test_presentations_are_recognised_by_content(app, client, portal, sign_in, before, content, name, title,
                                                 file_type, download):
    sign_in(portal.anna)
    assert "/speaker/materials/" not in client.get(f"/events/{portal.event.slug}").get_data(as_text=True)  # cached
    response = _material(client, portal, content, name, **{"file-title": title})
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        material = db.session.scalars(select(SessionMaterial)).one()
        assert material.file_type == file_type and material.size_bytes == len(content)
        assert material.title == (title or download.rsplit(".", 1)[0])
        assert material.stored_name.endswith("." + file_type.value) and name not in material.stored_name
    served = client.get(f"/speaker/materials/{material.id}")
    assert served.status_code == 200 and served.data == content
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert download.replace(" ", "%20") in served.headers["Content-Disposition"] or download in served.headers["Content-Disposition"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    public = client.get(f"/events/{portal.event.slug}").get_data(as_text=True)
    assert f'href="/speaker/materials/{material.id}">{material.title}</a>' in public


@pytest.mark.parametrize(("content", "name"), [
    (files.png(), "slides.pdf"),
    (files.SVG_WITH_SCRIPT, "slides.pdf"),
    (files.docx(), "slides.pptx"),
    (b"PK\x03\x04 not really a zip", "slides.key"),
    (b"<html><script>alert(1)</script></html>", "slides.odp"),
], ids=["png-renamed-pdf", "svg", "docx-renamed-pptx", "broken-zip", "html"])
def test_other_files_are_refused_as_materials(app, client, portal, sign_in, before, content, name):
    sign_in(portal.anna)
    response = _material(client, portal, content, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Filen er ikke en PDF, PowerPoint (PPTX), Keynote- eller ODP-presentasjon." in html
    _nothing_stored(app, portal, *before)


def test_a_30_mb_upload_is_refused_before_it_is_read(app, client, portal, sign_in, before):
    sign_in(portal.anna)
    response = _material(client, portal, b"%PDF-1.4\n" + b"0" * (30 * MB), "stor.pdf")
    assert response.status_code == 413
    assert "Filen er for stor. Bilder kan være opptil 5 MB og presentasjoner opptil 25 MB." in response.get_data(as_text=True)
    _nothing_stored(app, portal, *before)


def test_a_26_mb_presentation_is_refused_with_a_message(app, client, portal, sign_in, before):
    sign_in(portal.anna)
    response = _material(client, portal, b"%PDF-1.4\n" + b"0" * (26 * MB), "stor.pdf")
    assert response.status_code == 400
    assert "Filen er større enn 25 MB." in response.get_data(as_text=True)
    _nothing_stored(app, portal, *before)


def test_links_must_be_http_or_https(app, client, portal, sign_in, before):
    sign_in(portal.anna)
    path = f"/speaker/sessions/{portal.talk.id}/links"
    for bad in ("javascript:alert(1)", "ftp://example.org/x", "data:text/html,hei", "https://", "www.example.org"):
        response = client.post(path, data={"csrf_token": csrf(client), "link-url": bad})
        assert response.status_code == 400, bad
        assert "Skriv inn en hel nettadresse som begynner med https:// eller http://." in response.get_data(as_text=True)
    _nothing_stored(app, portal, *before)
    response = client.post(path, data={"csrf_token": csrf(client), "link-url": "https://video.example.org/opptak"})
    assert response.status_code == 303
    with app.app_context():
        link = db.session.scalars(select(SessionMaterial)).one()
        assert (link.kind.value, link.title, link.url) == ("link", "video.example.org", "https://video.example.org/opptak")


def test_deleting_a_material_removes_its_file(app, client, portal, sign_in, before):
    sign_in(portal.anna)
    _material(client, portal, files.pdf(), "a.pdf")
    with app.app_context():
        material_id = db.session.scalars(select(SessionMaterial.id)).one()
    assert len(files_in(app, "materials") - before[1]) == 1
    assert f"/speaker/materials/{material_id}" in client.get(f"/events/{portal.event.slug}").get_data(as_text=True)
    response = client.post(f"/speaker/sessions/{portal.talk.id}/materials/{material_id}/delete",
                           data={"csrf_token": csrf(client)})
    assert response.status_code == 303
    assert files_in(app, "materials") == before[1]
    assert client.get(f"/speaker/materials/{material_id}").status_code == 404
    assert "/speaker/materials/" not in client.get(f"/events/{portal.event.slug}").get_data(as_text=True)
    with app.app_context():
        changes = [e.changes for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert changes == ['{"material": [null, "a (a.pdf)"]}', '{"material": ["a (a.pdf)", null]}']


def test_prune_uploads_removes_only_old_files_nobody_points_at(app, client, portal, sign_in, before):
    import os
    import time as clock_time

    sign_in(portal.anna)
    _photo(client, files.png(), "a.png")
    kept = files_in(app, "photos") - before[0]  # Anna's photo, in two sizes
    folder = next(iter(kept)).parent
    stray_old, stray_new = folder / "stray-old-192.jpg", folder / "stray-new-192.jpg"
    stray_old.write_bytes(b"x")
    stray_new.write_bytes(b"x")
    two_hours_ago = clock_time.time() - 7200
    os.utime(stray_old, (two_hours_ago, two_hours_ago))
    for path in kept:
        os.utime(path, (two_hours_ago, two_hours_ago))

    result = app.test_cli_runner().invoke(args=["speakers", "prune-uploads"])
    assert result.exit_code == 0 and result.output.endswith("1 file(s) removed.\n"), result.output
    assert not stray_old.exists() and stray_new.exists()
    assert kept <= files_in(app, "photos")
    stray_new.unlink()
