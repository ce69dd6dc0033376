"""Errors raised when a command would break a rule of the procedure."""

from __future__ import annotations


class DomainError(ValueError):
    """A command was refused: the message names the problem in one line."""


class OverrideRequired(DomainError):
    """Ring-fenced decision and planning time is short: the chair must override with a reason."""

    def __init__(self, message: str, protected_minutes: float, needed_minutes: float) -> None:
        super().__init__(message)
        self.protected_minutes = protected_minutes
        self.needed_minutes = needed_minutes


class EditConflict(DomainError):
    """The edit was based on an older version: the editor must see both and choose."""

    def __init__(self, message: str, current_text: str, current_version: int) -> None:
        super().__init__(message)
        self.current_text = current_text
        self.current_version = current_version


class SummaryConflict(EditConflict):
    """Someone else wrote this section since the version the editor started from."""

    def __init__(self, message: str, current_text: str, current_version: int,
                 current_paragraphs: tuple[object, ...]) -> None:
        super().__init__(message, current_text, current_version)
        self.current_paragraphs = current_paragraphs
