"""One speaker's photo upload in a fresh worker: `python -m tests.security.photo_probe SPEC`.

SPEC is JSON: {"database": URL, "uploads": DIR, "speaker_id": N, "photo": FILE}. The app is built in this process
(as a gunicorn worker builds it), the speaker signs in, and the photo is posted through the real form. Prints, as
JSON on the last line, the status, the peak memory of this process (MB) and what it was before the upload.

The peak is VmHWM from /proc/self/status (Linux): the high-water mark of this program's own address space.
`ru_maxrss` would not do here: Linux keeps it across fork and exec, so a child of the (large) pytest process starts
out with its parent's peak.
"""
from __future__ import annotations

import json
import re
import sys
from io import BytesIO
from pathlib import Path


def peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024


def main(spec: dict) -> dict:
    from app import create_app
    from tests.factories import csrf_from, sign_in_speaker

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": spec["database"], "UPLOAD_DIR": spec["uploads"]})
    client = app.test_client()
    sign_in_speaker(app, client, spec["speaker_id"])
    token = csrf_from(client.get("/speaker/profile").get_data(as_text=True))
    photo = Path(spec["photo"]).read_bytes()
    before = peak_mb()
    response = client.post("/speaker/profile", content_type="multipart/form-data",
                           data={"csrf_token": token, "name": "Anna Aas", "photo": (BytesIO(photo), "portrett")})
    return {"status": response.status_code, "peak_mb": peak_mb(), "before_mb": before}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(json.loads(sys.argv[1]))) + "\n")
