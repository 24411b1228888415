"""A worker starts without the heavy libraries only some pages need: openpyxl pulls in numpy (about 20 MB a
worker), scipy is only for matching. They are imported where a workbook or a matching is made, so the image
budget (tests/security/test_image_budget.py) keeps its room."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "openpyxl", "scipy")


def test_creating_the_app_imports_no_heavy_library():
    probe = ("import json, sys; from app import create_app; create_app(); "
             f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
