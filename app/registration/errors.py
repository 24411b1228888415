"""What can go wrong when registering; routes turn these into messages for the user."""
from __future__ import annotations


class RegistrationError(Exception):
    """Base class: nothing was stored."""


class RegistrationClosed(RegistrationError):
    """The event is not open for registration now (draft, cancelled, before or after the window)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "not_published", "cancelled", "not_yet_open", "closed", "past"


class AlreadyRegistered(RegistrationError):
    def __init__(self, registration_id: int) -> None:
        super().__init__(registration_id)
        self.registration_id = registration_id


class InvalidSessionChoice(RegistrationError):
    """A chosen session is unknown, from another event, not a sign-up session, cancelled, or overlaps another."""

    def __init__(self, reason: str, titles: tuple[str, ...] = ()) -> None:
        super().__init__(reason, titles)
        self.reason = reason  # "unknown", "not_signup", "overlap"
        self.titles = titles


class ChangeDeadlinePassed(RegistrationError):
    """The participant may no longer change or cancel on their own (organisers still can)."""


class NotFound(RegistrationError):
    pass


class EmailsTaken(RegistrationError):
    """Some of a group's e-mail addresses already have an active registration for the event."""

    def __init__(self, emails: set[str]) -> None:
        super().__init__(sorted(emails))
        self.emails = emails


class SplitChanged(RegistrationError):
    """The seats changed since the contact saw how many would get one: the new split, nothing written."""

    def __init__(self, split) -> None:
        super().__init__(split)
        self.split = split


class ReplacementDeadlinePassed(RegistrationError):
    """A colleague can be replaced only until the registration deadline."""


class InvalidAddOn(RegistrationError):
    """A chosen add-on is unknown, from another event, or no longer offered."""


class AddOnFull(RegistrationError):
    """An add-on's quota is taken (the conference dinner, a hotel night): nothing was stored."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

