"""JSON in and out: UTF-8 as it is (no \\u escapes for æøå and Sami letters), and a body nested deeper
than Python can parse is bad JSON (a 400 like any other), not a crash."""
from __future__ import annotations

from typing import Any

from flask.json.provider import DefaultJSONProvider


class JSONProvider(DefaultJSONProvider):
    ensure_ascii = False

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:  # e.g. "[[[[…" ten thousand deep
            raise ValueError("JSON nested too deeply") from exc
