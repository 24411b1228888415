"""Uploaded files: what they really are (from their content, never their name), and where they live.

Photos are JPEG or PNG, checked from their header before a single pixel is decoded:
- at most PHOTO_MAX_PIXELS (40 megapixels: every camera and phone photo, not a decompression bomb);
- decoding may allocate at most DECODE_MAX_BYTES. A JPEG is decoded reduced (libjpeg scales by 1/2, 1/4 or 1/8
  while decoding: `Image.draft`), so a 40 MP photo costs a few MB; a PNG has no reduced decoding and is decoded
  whole, so a colour PNG may have about 6 MP (a greyscale or palette one more) — photos that size are far past
  the 5 MB upload limit as PNG anyway; what is left are bombs.
Then the decoded image is reduced (`Image.reduce`, a strip at a time, flattened onto white) to a working copy
a little over twice the largest stored size, turned upright and re-encoded as fresh JPEGs in two square sizes —
which leaves every piece of metadata (EXIF, GPS, comments) behind. A worker's memory stays well under 150 MB
for the largest photo accepted (tests/security/test_image_budget.py measures it).

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
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from app.models import FileType

MB = 1024 * 1024
PHOTO_MAX_BYTES = 5 * MB
MATERIAL_MAX_BYTES = 25 * MB
# Square sizes we keep of each photo: the profile preview, and the program's 96 px circle at 2×.
PHOTO_SIZES = {"large": 400, "small": 192}
PHOTO_MAX_PIXELS = 40_000_000
DECODE_MAX_BYTES = 24 * MB
# The working copy's short side: no smaller than this, so the largest square is resampled from 2× its size.
WORKING_SIDE = 2 * max(PHOTO_SIZES.values())
STRIP_ROWS = 64  # about this many rows of the decoded image are converted at a time while reducing
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

    # empty | too_large | not_image | too_many_pixels | decode_too_large | not_material | rate_limited
    def __init__(self, reason: str, size: tuple[int, int] | None = None, limit_pixels: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.size = size  # the photo's width and height, when we know them
        self.limit_pixels = limit_pixels  # the most pixels a photo of this kind may have

    @property
    def status(self) -> int:
        return 429 if self.reason == "rate_limited" else 400


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

def open_photo(data: bytes) -> Image.Image:
    """Read a JPEG's or PNG's header (nothing is decoded yet) and refuse what would cost too much to decode."""
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check (MAX_IMAGE_PIXELS, 89 MP) reads the header too: past it Pillow warns (our
            # budget below is lower and says how big the photo is), past twice that it raises.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=("JPEG", "PNG"))
    except Image.DecompressionBombError as exc:
        raise UploadError("too_many_pixels", limit_pixels=PHOTO_MAX_PIXELS) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:  # not an image, truncated, corrupt
        raise UploadError("not_image") from exc
    width, height = image.size
    if width * height > PHOTO_MAX_PIXELS:
        raise UploadError("too_many_pixels", size=image.size, limit_pixels=PHOTO_MAX_PIXELS)
    image.draft(None, (WORKING_SIDE, WORKING_SIDE))  # JPEG: decode at the smallest scale that still covers it
    per_pixel = _bytes_per_pixel(image.mode)
    if image.size[0] * image.size[1] * per_pixel > DECODE_MAX_BYTES:
        raise UploadError("decode_too_large", size=(width, height), limit_pixels=DECODE_MAX_BYTES // per_pixel)
    return image


def _bytes_per_pixel(mode: str) -> int:
    """What Pillow allocates per decoded pixel: one byte for 1/L/P, two for 16-bit grey, else four (RGB too)."""
    if mode in ("1", "L", "P"):
        return 1
    return 2 if mode.startswith("I;16") else 4


def working_copy(image: Image.Image) -> Image.Image:
    """Decode `image` (from open_photo), and return it upright, RGB on white, reduced to a short side of no less
    than WORKING_SIDE. Only one strip of rows is ever converted at a time, so this costs little beyond the
    decoded image itself."""
    try:
        image.load()
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        width, height = image.size
        factor = max(1, min(width, height) // WORKING_SIDE)
        copy = Image.new("RGB", (-(-width // factor), -(-height // factor)))
        rows = factor * max(1, STRIP_ROWS // factor)  # a whole number of reduced rows per strip
        for top in range(0, height, rows):
            strip = _on_white(image.crop((0, top, width, min(top + rows, height))))
            copy.paste(strip.reduce(factor) if factor > 1 else strip, (0, top // factor))
        copy.getexif()[ExifTags.Base.Orientation] = orientation
        return ImageOps.exif_transpose(copy)
    except (OSError, SyntaxError, TypeError, ValueError) as exc:  # truncated or corrupt data, a broken EXIF block
        raise UploadError("not_image") from exc
    finally:
        image.close()


def _on_white(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def square_versions(image: Image.Image) -> dict[str, bytes]:
    """Centre-cropped squares of the working copy, as fresh JPEGs."""
    out = {}
    for name, side in PHOTO_SIZES.items():
        square = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
        buffer = BytesIO()
        # A new image carries no info dict: no EXIF, GPS, ICC or comments are written.
        square.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
        out[name] = buffer.getvalue()
    return out


def store_photo(data: bytes) -> StoredPhoto:
    versions = square_versions(working_copy(open_photo(data)))
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


def referenced_files(photo_bases: list[str], stored_names: list[str]) -> dict[str, set[Path]]:
    """The speakers' folders, each with the files the database still points at (for pruning the rest)."""
    return {PHOTO_DIR: {photo_file(base, size) for base in photo_bases for size in PHOTO_SIZES},
            MATERIAL_DIR: {material_file(name) for name in stored_names}}


def stray_files(kept: dict[str, set[Path]], min_age_seconds: float = 3600) -> list[Path]:
    """The files in each folder of `kept` (a folder under UPLOAD_DIR → the files rows point at there) that no row
    points at, older than `min_age_seconds` (a younger one may be mid-upload). Every folder that holds uploads
    is named here by its owner (the speakers' photos and materials, the resource library's files), so a file
    is pruned by one rule wherever it lives."""
    cutoff = time.time() - min_age_seconds
    found = []
    for folder, referenced in kept.items():
        directory = upload_root() / folder
        if directory.is_dir():
            found += [p for p in directory.iterdir()
                      if p.is_file() and p not in referenced and p.stat().st_mtime < cutoff]
    return sorted(found)


# --- other folders (the resource library's files) ---------------------------------------------------

def store_in(folder: str, extension: str, data: bytes) -> str:
    """Write `data` under UPLOAD_DIR/`folder` with a random name we choose (atomically); return that name."""
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    _write(upload_root() / folder / stored_name, data)
    return stored_name


def file_in(folder: str, stored_name: str) -> Path:
    return upload_root() / folder / stored_name


def remove_from(folder: str, stored_name: str | None) -> None:
    if stored_name:
        _remove(file_in(folder, stored_name))
