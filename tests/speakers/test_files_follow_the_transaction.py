"""The files of photos and materials follow the fate of the caller's transaction: a new file goes
again when the transaction rolls back, an old or removed one only once it has committed."""
from __future__ import annotations

from io import BytesIO

import pytest
from sqlalchemy import func, select

from app.core.transaction import transaction
from app.extensions import db
from app.models import AuditEntry, Session, SessionMaterial, Speaker
from app.speakers import materials, service, uploads
from tests.speakers import files
from tests.speakers.conftest import files_in


class Undo(Exception):
    """Ends the test's transaction without committing."""


def _anna(portal) -> Speaker:
    return db.session.get(Speaker, portal.anna.id)


def _photo_files(base: str) -> set:
    return {uploads.photo_file(base, size) for size in uploads.PHOTO_SIZES}


def _with_photo(portal) -> tuple[str, set]:
    with transaction():
        service.set_photo(_anna(portal), BytesIO(files.png()))
    path = _anna(portal).photo_path
    return path, _photo_files(path)


@pytest.fixture
def others(app):
    """The files other tests left in the upload folder."""
    return files_in(app, "photos"), files_in(app, "materials")


def test_a_replaced_photo_is_removed_only_after_the_commit(app, ctx, portal, others):
    old_path, old_files = _with_photo(portal)
    assert files_in(app, "photos") - others[0] == old_files
    with transaction():
        service.set_photo(_anna(portal), BytesIO(files.png()))
        assert old_files <= files_in(app, "photos")  # not yet: the commit may still fail
    new_path = _anna(portal).photo_path
    assert new_path != old_path
    assert files_in(app, "photos") - others[0] == _photo_files(new_path)


def test_a_photo_whose_transaction_rolls_back_leaves_the_old_one_as_it_was(app, ctx, portal, others):
    old_path, old_files = _with_photo(portal)
    with pytest.raises(Undo), transaction():
        service.set_photo(_anna(portal), BytesIO(files.png()))
        assert len(files_in(app, "photos") - others[0]) == 4
        raise Undo
    assert files_in(app, "photos") - others[0] == old_files
    assert _anna(portal).photo_path == old_path
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1  # the first photo's


def test_a_removed_photo_stays_when_the_removal_rolls_back(app, ctx, portal, others):
    old_path, old_files = _with_photo(portal)
    with pytest.raises(Undo), transaction():
        service.remove_photo(_anna(portal))
        raise Undo
    assert (_anna(portal).photo_path, files_in(app, "photos") - others[0]) == (old_path, old_files)
    with transaction():
        service.remove_photo(_anna(portal))
    assert (_anna(portal).photo_path, files_in(app, "photos") - others[0]) == (None, set())


def test_an_uploaded_material_is_removed_when_its_transaction_fails(app, ctx, portal, others):
    before = others[1]
    with pytest.raises(Undo), transaction():
        materials.add_material_file(_anna(portal), db.session.get(Session, portal.talk.id), BytesIO(files.pdf()),
                                    "lysbilder.pdf")
        assert len(files_in(app, "materials") - before) == 1
        raise Undo
    assert files_in(app, "materials") == before
    assert db.session.scalar(select(func.count()).select_from(SessionMaterial)) == 0


def test_a_deleted_material_keeps_its_file_until_the_commit(app, ctx, portal, others):
    with transaction():
        material = materials.add_material_file(_anna(portal), db.session.get(Session, portal.talk.id),
                                               BytesIO(files.pdf()), "lysbilder.pdf")
    material_id, stored = material.id, files_in(app, "materials")
    assert len(stored - others[1]) == 1
    with pytest.raises(Undo), transaction():
        materials.remove_material(_anna(portal), db.session.get(Session, portal.talk.id), material_id)
        raise Undo
    assert files_in(app, "materials") == stored
    assert db.session.get(SessionMaterial, material_id).original_name == "lysbilder.pdf"
    with transaction():
        materials.remove_material(_anna(portal), db.session.get(Session, portal.talk.id), material_id)
        assert files_in(app, "materials") == stored
    assert files_in(app, "materials") == others[1]
    assert db.session.get(SessionMaterial, material_id) is None
