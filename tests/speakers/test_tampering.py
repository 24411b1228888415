"""A speaker sees and changes only their own profile and sessions: tampered ids are 404, nothing changes."""
from __future__ import annotations

from sqlalchemy import select

from app.core.transaction import transaction
from app.extensions import db
from app.models import AuditEntry, EventStatus, Session, SessionMaterial, Speaker
from app.speakers import materials, service
from tests.factories import PASSWORD, csrf_from
from tests.speakers import files
from tests.speakers.conftest import csrf, files_in, upload


def _material_of_bjorn(app, portal) -> int:
    with app.app_context():
        bjorn = db.session.get(Speaker, portal.bjorn.id)
        session = db.session.get(Session, portal.other.id)
        from io import BytesIO

        with transaction():
            return materials.add_material_file(bjorn, session, BytesIO(files.pdf()), "bjorn.pdf").id


def _nothing_changed(app, portal) -> None:
    with app.app_context():
        other = db.session.get(Session, portal.other.id)
        assert (other.title, other.description) == ("Bjørns verksted", "Bjørns tekst.")
        assert db.session.get(Speaker, portal.bjorn.id).bio == "Bjørns bio."
        assert [e.actor_speaker_id for e in db.session.scalars(select(AuditEntry))] in ([], [portal.bjorn.id])


def test_another_speakers_session_is_404_to_read_and_to_change(app, client, portal, sign_in):
    sign_in(portal.anna)
    token = csrf(client)
    other = f"/speaker/sessions/{portal.other.id}"
    assert client.get(other).status_code == 404
    assert client.post(other, data={"csrf_token": token, "title": "Kapret"}).status_code == 404
    assert client.post(f"{other}/links", data={"csrf_token": token, "link-url": "https://example.org"}).status_code == 404
    before = files_in(app, "materials")
    assert upload(client, f"{other}/materials", "file-file", files.pdf(), "x.pdf").status_code == 404
    assert files_in(app, "materials") == before
    assert client.get("/speaker/sessions/999999").status_code == 404
    assert client.get("/speaker/sessions/abc").status_code == 404
    _nothing_changed(app, portal)
    with app.app_context():
        assert db.session.scalars(select(SessionMaterial)).all() == []


def test_another_speakers_material_cannot_be_deleted_through_any_url(app, client, portal, sign_in):
    material_id = _material_of_bjorn(app, portal)
    sign_in(portal.anna)
    token = csrf(client)
    # Through her own session's URL, and through his.
    for session_id in (portal.talk.id, portal.other.id, portal.panel.id):
        response = client.post(f"/speaker/sessions/{session_id}/materials/{material_id}/delete",
                               data={"csrf_token": token})
        assert response.status_code == 404
    with app.app_context():
        assert db.session.get(SessionMaterial, material_id) is not None


def test_a_shared_session_is_editable_by_both_its_speakers(app, client, portal, sign_in):
    sign_in(portal.bjorn)
    path = f"/speaker/sessions/{portal.panel.id}"
    response = client.post(path, data={"csrf_token": csrf(client, path), "title": "Panel ved Bjørn"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Session, portal.panel.id).title == "Panel ved Bjørn"


def test_profile_form_changes_only_the_signed_in_speaker(app, client, portal, sign_in):
    sign_in(portal.anna)
    client.post("/speaker/profile", data={"csrf_token": csrf(client, "/speaker/profile"), "name": "Anna Aas",
                                          "bio": "Kapret", "id": portal.bjorn.id, "speaker_id": portal.bjorn.id})
    with app.app_context():
        assert db.session.get(Speaker, portal.anna.id).bio == "Kapret"
        assert db.session.get(Speaker, portal.bjorn.id).bio == "Bjørns bio."


def test_a_stale_session_cookie_for_a_deleted_speaker_is_signed_out(app, client, make, sign_in):
    ghost = make.speaker()
    sign_in(ghost)
    with app.app_context():
        db.session.delete(db.session.get(Speaker, ghost.id))
        db.session.commit()
    assert client.get("/speaker/").headers["Location"].startswith("/speaker/login")


def test_files_of_unpublished_events_are_only_for_their_speakers(app, client, portal, sign_in):
    material_id = _material_of_bjorn(app, portal)
    with app.app_context():
        db.session.get(Speaker, portal.bjorn.id).photo_path = None
        event = db.session.get(Session, portal.other.id).event
        event.status = EventStatus.DRAFT
        db.session.commit()
    anonymous = app.test_client()
    assert anonymous.get(f"/speaker/materials/{material_id}").status_code == 404
    sign_in(portal.anna)  # on the same event, but not on that session
    assert client.get(f"/speaker/materials/{material_id}").status_code == 404
    sign_in(portal.bjorn)
    response = client.get(f"/speaker/materials/{material_id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_photos_of_speakers_not_yet_on_a_public_program_are_private(app, client, make, sign_in):
    from io import BytesIO

    draft = make.event(status=EventStatus.DRAFT)
    hidden = make.speaker(name="Ikke annonsert")
    make.session(draft, speakers=[hidden])
    with app.app_context():
        with transaction():
            service.set_photo(db.session.get(Speaker, hidden.id), BytesIO(files.png()))
    url = f"/speaker/photos/{hidden.id}.jpg"
    assert app.test_client().get(url).status_code == 404
    sign_in(hidden)
    response = client.get(url)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-cache"
    organiser = make.user()
    staff_client = app.test_client()
    with staff_client:
        token = csrf_from(staff_client.get("/login").get_data(as_text=True))
        staff_client.post("/login", data={"email": organiser.email, "password": PASSWORD, "csrf_token": token})
        assert staff_client.get(url).status_code == 200
    assert app.test_client().get("/speaker/photos/999999.jpg").status_code == 404
