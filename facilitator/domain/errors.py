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
