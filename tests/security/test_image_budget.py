"""The image budget: the largest photo we accept costs a worker less than 150 MB; anything bigger is refused
from its header, before a pixel is decoded (the issue's 78 KB PNG of 9000 × 9000 px cost 3.5 s and 441 MB).

Each upload runs in a fresh interpreter (tests/security/photo_probe.py) that builds the app like a gunicorn
worker and posts the photo through the real form; its own peak RSS is the number."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from app.speakers.uploads import DECODE_MAX_BYTES, PHOTO_MAX_PIXELS
from tests.speakers import files

ROOT = Path(__file__).resolve().parents[2]
WORKER_MEMORY_MB = 150


def _largest_jpeg() -> bytes:
    side = math.isqrt(PHOTO_MAX_PIXELS)  # 6324 × 6324: 39.99 MP
    return files.encoded(Image.new("RGB", (side, side), (200, 120, 40)), "JPEG")


def _largest_png() -> bytes:
    side = math.isqrt(DECODE_MAX_BYTES // 4)  # colour with alpha: four bytes a pixel decoded
    return files.encoded(Image.new("RGBA", (side, side), (20, 90, 160, 128)), "PNG")


def _largest_palette_png() -> bytes:
    side = math.isqrt(DECODE_MAX_BYTES)  # one byte a pixel decoded, flattened a strip at a time
    return files.encoded(Image.new("P", (side, side), 1), "PNG", transparency=1)


CASES = {  # name: (photo, accepted)
    "largest-jpeg": (_largest_jpeg, True),
    "largest-rgba-png": (_largest_png, True),
    "largest-palette-png": (_largest_palette_png, True),
    "the-issue's-9000px-png": (lambda: files.png_bomb(9000, 9000), False),
}


def _upload_in_a_fresh_worker(app, tmp_path, speaker_id: int, photo: bytes) -> dict:
    path = tmp_path / "photo"
    path.write_bytes(photo)
    spec = {"database": app.config["SQLALCHEMY_DATABASE_URI"], "uploads": str(tmp_path / "uploads"),
            "speaker_id": speaker_id, "photo": str(path)}
    done = subprocess.run([sys.executable, "-m", "tests.security.photo_probe", json.dumps(spec)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", list(CASES))
def test_a_worker_stays_under_150_mb_for_the_largest_photo_accepted(app, make, tmp_path, name):
    make_photo, accepted = CASES[name]
    photo = make_photo()
    assert len(photo) < 5 * 1024 * 1024  # within the upload limit: only the pixels are big
    speaker = make.speaker(name="Anna Aas")
    found = _upload_in_a_fresh_worker(app, tmp_path, speaker.id, photo)
    assert found["status"] == (303 if accepted else 400), found
    stored = sorted(p.name.rsplit("-", 1)[1] for p in (tmp_path / "uploads" / "photos").glob("*.jpg"))
    assert stored == (["192.jpg", "400.jpg"] if accepted else [])
    assert found["peak_mb"] < WORKER_MEMORY_MB, f"{name}: {found['peak_mb']:.0f} MB (before the upload: " \
                                                f"{found['before_mb']:.0f} MB)"
