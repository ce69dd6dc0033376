"""The clock is injected everywhere so that rules can be tested with a fake one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that always says the same time (a command run "as of" a given moment)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware time")
        self._at = at

    def now(self) -> datetime:
        return self._at


class ManualClock:
    """A clock that only moves when told to (tests, demos, replays)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start time")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, minutes: float = 0.0, seconds: float = 0.0) -> datetime:
        self._now += timedelta(minutes=minutes, seconds=seconds)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when
