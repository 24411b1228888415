"""What can go wrong when an organiser changes events and the program; routes turn these into messages."""
from __future__ import annotations


class ProgramError(Exception):
    """Base class: nothing was stored."""


class NotFound(ProgramError):
    pass


class Invalid(ProgramError):
    """Values that do not fit together; `errors` maps a field name to a reason code."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class ConflictsFound(ProgramError):
    """The change clashes with the program; saving needs the organiser's explicit confirmation.

    `fingerprint` identifies exactly these conflicts: passing it back as `confirmed=` saves the
    change, but only while the conflicts are still the same ones the organiser saw."""

    def __init__(self, conflicts: list, fingerprint: str) -> None:
        super().__init__(fingerprint)
        self.conflicts = conflicts
        self.fingerprint = fingerprint


class InUse(ProgramError):
    """A room, venue or track cannot be deleted while sessions or events use it."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count
