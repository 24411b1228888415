"""Invoicing is plain code over values: these tests need no database (the suite's truncating fixture is
replaced by a no-op here), and EHF documents are checked against the official PEPPOL rules vendored in
tests/invoicing/peppol/ (compiled once per machine into PEPPOL_CACHE, loaded once per run)."""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PEPPOL = Path(__file__).resolve().parent / "peppol"


@pytest.fixture(autouse=True)
def _clean_database() -> Iterator[None]:
    yield  # overrides tests/conftest.py's: nothing here touches the database


class Validator:
    """validate.py's rules with the compiled stylesheets kept for the whole run (one compile per ruleset)."""

    def __init__(self) -> None:
        os.environ.setdefault("PEPPOL_CACHE", str(Path(tempfile.gettempdir()) / f"samling-peppol-xslt-{os.getuid()}"))
        sys.path.insert(0, str(PEPPOL))
        try:
            import validate  # tests/invoicing/peppol/validate.py
        finally:
            sys.path.remove(str(PEPPOL))
        from saxonche import PySaxonProcessor

        self._module = validate
        self._proc = PySaxonProcessor(license=False)
        self._xslt = {r: self._proc.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=validate._compiled(self._proc, r)) for r in validate.RULESETS}

    def failures(self, xml: bytes, tmp_path: Path) -> list[tuple[str, str, str, str]]:
        path = tmp_path / "document.xml"
        path.write_bytes(xml)
        found = []
        for ruleset, xslt in self._xslt.items():
            svrl = xslt.transform_to_string(source_file=str(path))
            for m in self._module._ASSERT.finditer(svrl or ""):
                attrs = m["attrs"]
                text = self._module.re.sub(r"<[^>]+>", "", m["body"]).strip()
                found.append((ruleset, self._module._attr(attrs, "id"), self._module._attr(attrs, "flag") or "fatal",
                              text))
        return found


@pytest.fixture(scope="session")
def peppol() -> Validator:
    return Validator()


@pytest.fixture
def valid(peppol: Validator, tmp_path: Path):
    """valid(xml) -> the warnings, after asserting that no fatal rule fails (the failures are the message)."""
    def check(xml: bytes) -> list[tuple[str, str, str, str]]:
        failures = peppol.failures(xml, tmp_path)
        fatal = [f for f in failures if f[2] == "fatal"]
        assert not fatal, fatal
        return failures
    return check
