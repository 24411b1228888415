"""Materials of a session: uploaded presentations (type checked from their content) and links.

Who may download a file: anyone once its event is on a public program; before that, its session's
speakers and signed-in organisers/staff. Every addition and removal is in the audit log.

Nothing here commits (the speaker's route owns the transaction): an uploaded file is removed if that
transaction rolls back, a removed material's file once it has committed (app.core.transaction hooks).
"""
from __future__ import annotations

from typing import BinaryIO
from urllib.parse import urlsplit

from sqlalchemy import select

from app.audit.log import Actor, record
from app.core.transaction import on_commit, on_rollback
from app.extensions import db
from app.models import Event, MaterialKind, Session, SessionMaterial, SessionSpeaker, Speaker
from app.program.queries import PUBLIC_STATUSES
from app.speakers import service, uploads

MAX_MATERIALS = 10


def visible_material(material_id: int, *, viewer_speaker_id: int | None,
                     viewer_is_user: bool) -> tuple[SessionMaterial, bool] | None:
    """(file material, is_public) when this viewer may download it, else None (links are not files)."""
    row = db.session.execute(
        select(SessionMaterial, Event.status)
        .join(Session, Session.id == SessionMaterial.session_id)
        .join(Event, Event.id == Session.event_id)
        .where(SessionMaterial.id == material_id, SessionMaterial.kind == MaterialKind.FILE)
    ).one_or_none()
    if row is None:
        return None
    material, status = row
    public = status in PUBLIC_STATUSES
    if public or viewer_is_user:
        return material, public
    if viewer_speaker_id is not None:
        try:
            material_of(viewer_speaker_id, material_id)
        except service.NotYours:
            return None
        return material, False
    return None


def material_of(speaker_id: int, material_id: int) -> SessionMaterial:
    stmt = (
        select(SessionMaterial)
        .join(SessionSpeaker, SessionSpeaker.session_id == SessionMaterial.session_id)
        .where(SessionMaterial.id == material_id, SessionSpeaker.speaker_id == speaker_id)
    )
    material = db.session.scalar(stmt)
    if material is None:
        raise service.NotYours(material_id)
    return material


# --- changing ---------------------------------------------------------------------------------

def _check_room_for_material(session: Session) -> None:
    service.check_editable(session)
    if len(session.materials) >= MAX_MATERIALS:
        raise service.PortalError("too_many_materials")


def add_material_file(speaker: Speaker, session: Session, stream: BinaryIO, original_name: str,
                      title: str = "") -> SessionMaterial:
    """Check the file's type from its content and store it. Raises PortalError / uploads.UploadError."""
    _check_room_for_material(session)
    stored = uploads.store_material(uploads.read_limited(stream, uploads.MATERIAL_MAX_BYTES))
    on_rollback(lambda: uploads.remove_material(stored.stored_name))
    original_name = _plain_name(original_name)
    material = SessionMaterial(
        session=session, added_by_speaker_id=speaker.id, kind=MaterialKind.FILE,
        title=(title.strip() or _stem(original_name) or session.title)[:200],
        file_type=stored.file_type, stored_name=stored.stored_name, original_name=original_name,
        size_bytes=stored.size_bytes,
    )
    return _save_material(speaker, session, material)


def add_material_link(speaker: Speaker, session: Session, url: str, title: str = "") -> SessionMaterial:
    _check_room_for_material(session)
    url = url.strip()
    if not is_web_address(url):
        raise service.PortalError("bad_link")
    material = SessionMaterial(
        session=session, added_by_speaker_id=speaker.id, kind=MaterialKind.LINK,
        title=(title.strip() or urlsplit(url).hostname or url)[:200], url=url, original_name="",
    )
    return _save_material(speaker, session, material)


def _save_material(speaker: Speaker, session: Session, material: SessionMaterial) -> SessionMaterial:
    db.session.add(material)
    record(Actor.speaker(speaker), "session", session.id, "update",
           {"material": [None, material_label(material)]}, event_id=session.event_id)
    db.session.flush()
    return material


def remove_material(speaker: Speaker, session: Session, material_id: int) -> None:
    service.check_editable(session)
    material = next((m for m in session.materials if m.id == material_id), None)
    if material is None:
        raise service.NotYours(material_id)
    stored_name = material.stored_name
    session.materials.remove(material)
    record(Actor.speaker(speaker), "session", session.id, "update",
           {"material": [material_label(material), None]}, event_id=session.event_id)
    on_commit(lambda: uploads.remove_material(stored_name))


def material_label(material: SessionMaterial) -> str:
    if material.is_link:
        return f"{material.title} <{material.url}>"
    return f"{material.title} ({material.original_name or material.file_type.value.upper()})"


def download_name(material: SessionMaterial) -> str:
    """The name a download gets: the speaker's file name, with the extension its content has."""
    return f"{_stem(material.original_name) or 'materiell'}.{material.file_type.value}"


def is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and len(url) <= 500 and " " not in url


def _plain_name(name: str | None) -> str:
    """The last path part of a browser-supplied file name, without control characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip()[:200]


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0].strip() if "." in name else name.strip()
