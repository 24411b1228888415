"""Serving speakers' photos and session files (stored under UPLOAD_DIR, never by the name they came with)."""
from __future__ import annotations

from flask import abort, request, send_file
from flask_login import current_user

from app.speakers import auth, bp, materials, service, uploads


def _viewer() -> dict:
    speaker = auth.current_speaker()
    return {"viewer_speaker_id": speaker.id if speaker else None,
            "viewer_is_user": bool(current_user.is_authenticated)}


def _send(path, *, public: bool, **kwargs):
    if not path.is_file():
        abort(404)
    response = send_file(path, conditional=True, etag=True, max_age=0, **kwargs)
    # Revalidate every time (the same URL shows a new photo after a change), cheap with the ETag.
    response.headers["Cache-Control"] = ("public" if public else "private") + ", no-cache"
    return response


@bp.get("/photos/<int:speaker_id>.jpg")
def photo(speaker_id: int):
    size = request.args.get("size", "small")
    if size not in uploads.PHOTO_SIZES:
        abort(404)
    found = service.visible_photo(speaker_id, **_viewer())
    if found is None:
        abort(404)
    base, public = found
    return _send(uploads.photo_file(base, size), public=public, mimetype="image/jpeg")


@bp.get("/materials/<int:material_id>")
def material(material_id: int):
    found = materials.visible_material(material_id, **_viewer())
    if found is None:
        abort(404)
    item, public = found
    return _send(uploads.material_file(item.stored_name), public=public, as_attachment=True,
                 mimetype=uploads.MIMETYPES[item.file_type], download_name=materials.download_name(item))
