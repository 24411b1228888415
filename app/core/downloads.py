"""A file for the browser to save (or show): one response for every export, print sheet and download."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response


def file_response(body: bytes | str, mimetype: str, filename: str, *, inline: bool = False) -> Response:
    """`mimetype` without charset (Flask adds "; charset=utf-8" to text/* itself, once). Never cached: these
    are personal data. A name outside ASCII goes in `filename*` (RFC 6266) beside an ASCII fallback."""
    disposition = "inline" if inline else "attachment"
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    header = f'{disposition}; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename)}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": header, "Cache-Control": "private, no-store"})
