"""Drafts: the frozen values a form hands a service (EventDraft, SessionDraft, …)."""
from __future__ import annotations

from dataclasses import fields
from typing import TypeVar

Draft = TypeVar("Draft")


def draft_from(cls: type[Draft], row: object) -> Draft:
    """A draft filled from the row's attributes of the same names: what an edit form starts from."""
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})
