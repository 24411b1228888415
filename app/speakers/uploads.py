"""Uploaded files: what they really are (from their content, never their name), and where they live.

Photos are decoded with Pillow, refused when they are not JPEG/PNG or would decode into more
pixels than Pillow's MAX_IMAGE_PIXELS (a decompression bomb), then re-encoded as fresh JPEGs in
two square sizes — which leaves every piece of metadata (EXIF, GPS, comments) behind.

Materials are PDF (by its header), PPTX, Keynote or ODP (zip files, recognised by what is inside
them). Everything is stored under UPLOAD_DIR with random names we choose.
"""
from __future__ import annotations

import os
import secrets
import time
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

from app.models import FileType

MB = 1024 * 1024
PHOTO_MAX_BYTES = 5 * MB
MATERIAL_MAX_BYTES = 25 * MB
# Square sizes we keep of each photo: the profile preview, and the program's 96 px circle at 2×.
PHOTO_SIZES = {"large": 400, "small": 192}
PHOTO_DIR = "photos"
MATERIAL_DIR = "materials"

MIMETYPES = {
    FileType.PDF: "application/pdf",
    FileType.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileType.KEY: "application/vnd.apple.keynote",
    FileType.ODP: "application/vnd.oasis.opendocument.presentation",
}
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"


class UploadError(Exception):
    """A file we will not keep. `reason` is a code the routes turn into a message."""

    def __init__(self, reason: str) -> None:  # empty | too_large | not_image | image_type | bomb | not_material
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class StoredPhoto:
    base: str  # what Speaker.photo_path holds: "photos/<random>"


@dataclass(frozen=True)
class StoredMaterial:
    stored_name: str
    file_type: FileType
    size_bytes: int


def upload_root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    """The whole upload, or UploadError('too_large') as soon as it passes `limit` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError("too_large")
    if not data:
        raise UploadError("empty")
    return data


# --- photos ------------------------------------------------------------------------------------

def decode_photo(data: bytes) -> Image.Image:
    """Decode a JPEG or PNG fully, refusing anything else and decompression bombs."""
    try:
        with warnings.catch_warnings():
            # Past MAX_IMAGE_PIXELS Pillow only warns (an error from twice that): refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=("JPEG", "PNG"))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadError("bomb") from exc
    except UnidentifiedImageError as exc:
        raise UploadError("not_image") from exc
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or corrupt data
        raise UploadError("not_image") from exc
    return image


def square_versions(image: Image.Image) -> dict[str, bytes]:
    """Upright (EXIF orientation applied), RGB on white, centre-cropped squares as fresh JPEGs."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    else:
        image = image.convert("RGB")
    out = {}
    for name, side in PHOTO_SIZES.items():
        square = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
        buffer = BytesIO()
        # A new image carries no info dict: no EXIF, GPS, ICC or comments are written.
        square.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
        out[name] = buffer.getvalue()
    return out


def store_photo(data: bytes) -> StoredPhoto:
    image = decode_photo(data)
    try:
        versions = square_versions(image)
    except (OSError, SyntaxError, ValueError) as exc:  # e.g. a broken EXIF orientation block
        raise UploadError("not_image") from exc
    base = f"{PHOTO_DIR}/{secrets.token_hex(16)}"
    written = []
    try:
        for name, content in versions.items():
            written.append(_write(photo_file(base, name), content))
    except OSError:
        for path in written:
            _remove(path)
        raise
    return StoredPhoto(base)


def photo_file(base: str, size: str) -> Path:
    if size not in PHOTO_SIZES:
        raise ValueError(size)
    return upload_root() / f"{base}-{PHOTO_SIZES[size]}.jpg"


def remove_photo(base: str | None) -> None:
    if base:
        for size in PHOTO_SIZES:
            _remove(photo_file(base, size))


# --- materials ---------------------------------------------------------------------------------

def sniff_material(data: bytes) -> FileType:
    """PDF, PPTX, KEY or ODP, from the bytes alone; UploadError('not_material') otherwise."""
    if data.startswith(b"%PDF-"):
        return FileType.PDF
    if data.startswith(b"PK\x03\x04"):
        found = _zip_type(data)
        if found is not None:
            return found
    raise UploadError("not_material")


def _zip_type(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
                if archive.read("mimetype").strip() == ODP_MIMETYPE and "content.xml" in names:
                    return FileType.ODP
            if "[Content_Types].xml" in names and "ppt/presentation.xml" in names:
                return FileType.PPTX
            # Keynote 6 and later (one-file format), and Keynote '09.
            if "Index/Document.iwa" in names or "Index.zip" in names or names & {"index.apxl", "index.apxl.gz"}:
                return FileType.KEY
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, NotImplementedError):
        return None
    return None


def store_material(data: bytes) -> StoredMaterial:
    file_type = sniff_material(data)
    stored_name = f"{secrets.token_hex(16)}.{file_type.value}"
    _write(material_file(stored_name), data)
    return StoredMaterial(stored_name, file_type, len(data))


def material_file(stored_name: str) -> Path:
    return upload_root() / MATERIAL_DIR / stored_name


def remove_material(stored_name: str | None) -> None:
    if stored_name:
        _remove(material_file(stored_name))


# --- disk --------------------------------------------------------------------------------------

def _write(path: Path, content: bytes) -> Path:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return path


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        current_app.logger.warning("uploads: could not remove %s (%s)", path, exc)


def referenced_files(photo_bases: list[str], stored_names: list[str]) -> set[Path]:
    """Every file the database still points at (for pruning what it no longer does)."""
    paths = {photo_file(base, size) for base in photo_bases for size in PHOTO_SIZES}
    return paths | {material_file(name) for name in stored_names}


def stray_files(referenced: set[Path], min_age_seconds: float = 3600) -> list[Path]:
    """Files no row points at, older than `min_age_seconds` (a younger one may be mid-upload)."""
    cutoff = time.time() - min_age_seconds
    found = []
    for folder in (PHOTO_DIR, MATERIAL_DIR):
        directory = upload_root() / folder
        if directory.is_dir():
            found += [p for p in directory.iterdir()
                      if p.is_file() and p not in referenced and p.stat().st_mtime < cutoff]
    return sorted(found)
