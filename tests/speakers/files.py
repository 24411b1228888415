"""Test files made here, byte by byte or with Pillow/reportlab (no fixtures on disk)."""
from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO

from PIL import Image
from reportlab.pdfgen import canvas


def png(size=(60, 40), color="red", mode="RGB") -> bytes:
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A JPEG whose EXIF names the camera and holds GPS coordinates (Oslo)."""
    exif = Image.Exif()
    exif[0x010F] = "Kamera AS"  # Make
    exif[0x8825] = {1: "N", 2: (59.0, 54.0, 30.0), 3: "E", 4: (10.0, 45.0, 12.0)}  # GPS IFD
    buffer = BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def pdf(text: str = "Lysbilder") -> bytes:
    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int = 12000, height: int = 12000, colour_type: int = 0, bit_depth: int = 1) -> bytes:
    """A few hundred bytes claiming width × height pixels (by default 1-bit grey; colour type 6 is RGBA), with far
    too little data: it must never get as far as decoding."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    body = zlib.compress(row * 16, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
    b"<script>alert(document.cookie)</script><rect width=\"10\" height=\"10\"/></svg>"
)


def zipped(entries: dict[str, bytes], first: str | None = None) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first), entries[first])  # stored, like ODF's mimetype
        for name, data in entries.items():
            if name != first:
                archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def pptx() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>",
                   "ppt/presentation.xml": b"<p:presentation/>", "ppt/slides/slide1.xml": b"<p:sld/>"})


def odp() -> bytes:
    return zipped({"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<office/>",
                   "META-INF/manifest.xml": b"<manifest/>"}, first="mimetype")


def keynote() -> bytes:
    return zipped({"Index/Document.iwa": b"\x00\x01", "Metadata/Properties.plist": b"bplist00",
                   "preview.jpg": b"\xff\xd8\xff"})


def docx() -> bytes:
    """A Word document: a zip, but not a presentation."""
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()
