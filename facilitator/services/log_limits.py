"""Logging that cannot flood the disk: repeats of one message are counted, not written.

A message (its logger, template and exception type) is written at most `burst` times a
minute; later repeats are counted and the count is added to the next one written ("… and 812
more like it"). All messages together are held to `per_minute` a minute. An attacker who makes
the hub log something on every request, or a system out of file descriptors that fails every
accept, costs a few lines a minute.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

_INSTALLED = "_facilitator_log_limits"


class RateLimit(logging.Filter):
    def __init__(self, burst: int = 5, per_minute: int = 120,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.burst = burst
        self.per_minute = per_minute
        self.clock = clock
        self._window = clock()
        self._counts: dict[tuple[str, str, str], int] = {}
        self._held: dict[tuple[str, str, str], int] = {}
        self._written = 0

    def filter(self, record: logging.LogRecord) -> bool:
        now = self.clock()
        if now - self._window >= 60.0:
            self._window = now
            self._counts.clear()
            self._written = 0
        kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        key = (record.name, str(record.msg)[:200], kind)
        seen = self._counts.get(key, 0) + 1
        if len(self._counts) < 10_000:
            self._counts[key] = seen
        if seen > self.burst or self._written >= self.per_minute:
            if len(self._held) < 10_000:
                self._held[key] = self._held.get(key, 0) + 1
            return False
        self._written += 1
        held = self._held.pop(key, 0)
        if held:
            record.msg = f"{record.msg} (and {held} more like it, not written)"
        return True


def install(level: int = logging.WARNING) -> RateLimit:
    """Limit every handler of the root logger (and give it one on stderr if it has none)."""
    root = logging.getLogger()
    existing = getattr(root, _INSTALLED, None)
    if isinstance(existing, RateLimit):
        return existing
    limit = RateLimit()
    if not root.handlers:
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(level)
        stderr.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(stderr)
    for handler in root.handlers:
        handler.addFilter(limit)
    setattr(root, _INSTALLED, limit)
    return limit
