"""ORM listeners, registered explicitly: create_app calls each module's `install()`; none on import."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event


def listen(target: Any, name: str, fn: Callable[..., Any]) -> None:
    """`event.listen` once: the suite (and a test that makes its own app) runs create_app many times."""
    if not event.contains(target, name, fn):
        event.listen(target, name, fn)
