"""`flask speakers prune-uploads` prunes the library's folder too, by the same rule as the speakers' folders: a
file no resource points at, older than an hour, goes; the files resources point at and young ones stay."""
from __future__ import annotations

import os
import time
from io import BytesIO

import pytest

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.resources import files, service
from app.resources.service import ResourceDraft, StoredFile
from tests.resources.test_library import docx


@pytest.fixture(autouse=True)
def own_uploads(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))


def _aged(path, seconds=7200):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_orphan_library_files_are_pruned_and_referenced_ones_kept(app, tmp_path):
    with app.app_context(), transaction():
        name, kind, size = files.read_and_store(BytesIO(docx()))
        service.create(ResourceDraft("Årshjul", "", "mal", "alle", ()), StoredFile(name, kind, size, "a.docx"), SYSTEM)
    folder = tmp_path / files.FOLDER
    kept, orphan, young = folder / name, folder / "0123abcd.pdf", folder / "4567ef01.pdf"
    orphan.write_bytes(b"%PDF-1.4 left behind")
    young.write_bytes(b"%PDF-1.4 mid-upload")
    _aged(kept)
    _aged(orphan)

    runner = app.test_cli_runner()
    dry = runner.invoke(args=["speakers", "prune-uploads", "--dry-run"])
    assert dry.exit_code == 0 and dry.output == f"would remove {orphan}\n1 file(s) not referenced.\n", dry.output
    assert orphan.exists()

    result = runner.invoke(args=["speakers", "prune-uploads"])
    assert result.exit_code == 0 and result.output == f"removing {orphan}\n1 file(s) removed.\n", result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted([name, young.name])
