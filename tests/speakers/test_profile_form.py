"""The profile is one form: a bio typed and a photo chosen are sent and saved together; a refused
photo shows the form again with everything typed and saves nothing."""
from __future__ import annotations

from io import BytesIO

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Speaker
from tests.speakers import files
from tests.speakers.conftest import csrf, files_in

BIO = "Ny bio: **ledelse** i Kárášjohka, skrevet før bildet ble valgt."


def _post(client, photo: bytes | None = None, **fields):
    data = {"csrf_token": csrf(client, "/speaker/profile"), "name": "Anna Aas", "title": "rektor",
            "organisation": "Aas kulturskole", "bio": BIO, **fields}
    if photo is not None:
        data["photo"] = (BytesIO(photo), "portrett.png")
    return client.post("/speaker/profile", data=data, content_type="multipart/form-data")


def test_the_bio_and_the_photo_are_one_form(client, portal, sign_in):
    sign_in(portal.anna)
    html = client.get("/speaker/profile").get_data(as_text=True)
    forms = html.split("<form")[1:]
    profile = next(f for f in forms if 'action="/speaker/profile"' in f)
    assert 'enctype="multipart/form-data"' in profile and 'name="bio"' in profile and 'name="photo"' in profile
    assert "/speaker/profile/photo" not in html


def test_a_typed_bio_and_a_new_photo_are_saved_together(app, client, portal, sign_in):
    sign_in(portal.anna)
    response = _post(client, files.png())
    assert response.status_code == 303
    assert "Profilen og bildet er lagret." in client.get("/speaker/profile").get_data(as_text=True)
    with app.app_context():
        speaker = db.session.get(Speaker, portal.anna.id)
        assert speaker.bio == BIO and speaker.photo_path.startswith("photos/")


def test_a_refused_photo_keeps_what_was_typed_and_saves_nothing(app, client, portal, sign_in):
    sign_in(portal.anna)
    before = files_in(app, "photos")
    response = _post(client, files.pdf())
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Filen er ikke et bilde vi kan lese." in html and 'href="#photo"' in html
    assert BIO in html  # the typed bio is in the textarea again
    with app.app_context():
        speaker = db.session.get(Speaker, portal.anna.id)
        assert (speaker.bio, speaker.photo_path) == ("Rektor i Aas.", None)
        assert db.session.scalars(select(AuditEntry)).all() == []
    assert files_in(app, "photos") == before


def test_removing_the_photo_keeps_the_typed_bio(app, client, portal, sign_in):
    sign_in(portal.anna)
    assert _post(client, files.png(), bio="Først.").status_code == 303
    assert _post(client, remove_photo="y").status_code == 303
    with app.app_context():
        speaker = db.session.get(Speaker, portal.anna.id)
        assert (speaker.bio, speaker.photo_path) == (BIO, None)
