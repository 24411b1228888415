"""Domain errors of the surveys capability; routes turn them into Norwegian messages."""
from __future__ import annotations


class SurveyError(Exception):
    """Base class."""


class NotFound(SurveyError):
    """No such survey, question or invitation (a forged or mistyped link)."""


class AlreadyAnswered(SurveyError):
    """The single-use link has been used."""


class SurveyClosed(SurveyError):
    """The closing time has passed."""


class SurveyNotOpen(SurveyError):
    """Not published yet, or before the opening time."""


class InvalidAnswers(SurveyError):
    """The submission breaks the rules: `problems` maps question id → problem code.

    Codes: required, out_of_range, unknown_option, one_only, other_missing, too_long, not_a_number,
    session_unknown.
    """

    def __init__(self, problems: dict[int, str]) -> None:
        super().__init__(problems)
        self.problems = problems


class LockedByAnswers(SurveyError):
    """The change would make earlier answers meaningless (remove or retype a question, change options)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what  # remove_question | change_kind | change_options


class InvalidQuestion(SurveyError):
    """A question definition that cannot be saved; `problem` is a code."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem  # options_needed | one_breakdown | one_sessions_block | breakdown_kind
