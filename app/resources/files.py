"""A resource's file: what it really is (from its content, never its name), its limits and where it lives
(UPLOAD_DIR/resources, random names; written, removed and pruned by app/speakers/uploads.py like speakers'
files).

Accepted: PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument text and spreadsheet (ODT, ODS),
at most MAX_BYTES. Anything else is refused with UploadError: "empty", "too_large" or "not_document"."""
from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from app.models import DocumentType
from app.speakers import uploads
from app.speakers.uploads import UploadError

MAX_BYTES = 20 * uploads.MB
FOLDER = "resources"
MIMETYPES = {
    DocumentType.PDF: "application/pdf",
    DocumentType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DocumentType.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    DocumentType.ODT: "application/vnd.oasis.opendocument.text",
    DocumentType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
}
_OOXML = {"word/document.xml": DocumentType.DOCX, "xl/workbook.xml": DocumentType.XLSX,
          "ppt/presentation.xml": DocumentType.PPTX}
_OPENDOCUMENT = {MIMETYPES[DocumentType.ODT].encode(): DocumentType.ODT,
                 MIMETYPES[DocumentType.ODS].encode(): DocumentType.ODS}


def sniff(data: bytes) -> DocumentType:
    if data.startswith(b"%PDF-"):
        return DocumentType.PDF
    if data.startswith(b"PK\x03\x04"):
        found = _zip_type(data)
        if found is not None:
            return found
    raise UploadError("not_document")


def _zip_type(data: bytes) -> DocumentType | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
                found = _OPENDOCUMENT.get(archive.read("mimetype").strip())
                if found is not None and "content.xml" in names:
                    return found
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in _OOXML.items() if part in names), None)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, NotImplementedError):
        return None
    return None


def read_and_store(stream: BinaryIO) -> tuple[str, DocumentType, int]:
    """(stored name, type, size) of an upload we keep; UploadError for one we do not."""
    data = uploads.read_limited(stream, MAX_BYTES)
    kind = sniff(data)
    return uploads.store_in(FOLDER, kind.value, data), kind, len(data)


def path_of(stored_name: str) -> Path:
    return uploads.file_in(FOLDER, stored_name)


def referenced_files(stored_names: list[str]) -> dict[str, set[Path]]:
    """The library's folder with the files its rows point at (for `flask speakers prune-uploads`)."""
    return {FOLDER: {path_of(name) for name in stored_names}}


def remove(stored_name: str | None) -> None:
    uploads.remove_from(FOLDER, stored_name)
