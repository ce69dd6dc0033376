"""One limit on guessing PINs, shared by every way a PIN is typed (the join form, the phone line).

A PIN is short enough to type on a phone keypad, so what protects it is how few guesses anyone
gets. Two limits, both counted over a rolling day:

- **Per source** (an IP address for the web form, the /64 network for IPv6; for the phone line
  the address the SIP request really came from, never the caller's number, which the caller
  chooses). A source's first `free_failures` wrong PINs cost nothing; after that it must wait
  `first_wait` seconds, doubling with each further wrong PIN up to `longest_wait`. Someone
  guessing from one address never locks out people typing from another.
- **Per conference**: once `budget` wrong PINs have been typed (from anywhere) in the day,
  PIN entry closes for everyone for `cool_down`, even for the right PIN; the chair is told
  (the listeners) and can reopen it. After the cool-down, while the day's wrong PINs are still
  over the budget, each further wrong PIN closes it again: at most `budget` + one per
  cool-down wrong PINs a day, whatever the number of addresses used.

Join links (256-bit tokens) are not PINs and keep working while PIN entry is closed.
The guard keeps its state in memory; it runs in the hub's event loop (no locking).
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)
Monotonic = Callable[[], float]
NoticeListener = Callable[[str, str], None]  # (conference id, a sentence for the chair)


@dataclass(frozen=True)
class PinPolicy:
    free_failures: int = 5  # wrong PINs per source before any wait
    first_wait: float = 1.0  # seconds, after the first wrong PIN beyond those; doubles
    longest_wait: float = 3600.0
    budget: int = 50  # wrong PINs per conference per window before PIN entry closes
    window: float = 24 * 3600.0
    cool_down: float = 30 * 60.0

    def most_failures_per_window(self) -> int:
        """The most wrong PINs anyone can type in a window: the budget, then one per
        cool-down (each reopening's first wrong PIN closes entry again)."""
        return self.budget + int(self.window // self.cool_down)


@dataclass(frozen=True)
class Pause:
    """PIN entry is refused for `seconds` more; `everyone`: the conference's budget is spent."""

    seconds: float
    everyone: bool


@dataclass
class _Conference:
    failures: deque[float] = field(default_factory=deque)
    sources: dict[str, deque[float]] = field(default_factory=dict)
    closed_until: float = float("-inf")
    warned: bool = False  # the chair was told that many wrong PINs arrive


def source_key(address: str | None) -> str:
    """The unit a source is counted in: an IPv4 address, an IPv6 /64 (one subscriber)."""
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class PinGuard:
    def __init__(self, policy: PinPolicy | None = None, clock: Monotonic = time.monotonic
                 ) -> None:
        self.policy = policy or PinPolicy()
        self.clock = clock
        self.listeners: list[NoticeListener] = []
        self._conferences: dict[str, _Conference] = {}

    def _state(self, conference_id: str) -> _Conference:
        state = self._conferences.setdefault(conference_id, _Conference())
        horizon = self.clock() - self.policy.window
        while state.failures and state.failures[0] <= horizon:
            state.failures.popleft()
        for key, times in list(state.sources.items()):
            while times and times[0] <= horizon:
                times.popleft()
            if not times:
                del state.sources[key]
        return state

    def pause(self, conference_id: str, source: str | None, *, closing: bool = True
              ) -> Pause | None:
        """None: this source may type a PIN now. Else how long it must wait, and why.
        `closing=False`: only this source's own wait (a hub server's meeting codes, which
        are not one conference's: guessing them never closes the line for everyone)."""
        state = self._state(conference_id)
        now = self.clock()
        if closing and now < state.closed_until:
            return Pause(state.closed_until - now, everyone=True)
        times = state.sources.get(source_key(source))
        if times is not None and len(times) >= self.policy.free_failures:
            beyond = len(times) - self.policy.free_failures
            wait = min(self.policy.longest_wait, self.policy.first_wait * 2.0 ** min(beyond, 40))
            if now < times[-1] + wait:
                return Pause(times[-1] + wait - now, everyone=False)
        return None

    def failed(self, conference_id: str, source: str | None) -> None:
        """A wrong PIN (or code) from `source`."""
        state = self._state(conference_id)
        now = self.clock()
        key = source_key(source)
        state.failures.append(now)
        times = state.sources.setdefault(key, deque())
        times.append(now)
        if len(times) == self.policy.free_failures:
            log.warning("PIN entry: %d wrong PINs from %s; it now has to wait between tries",
                        len(times), key)
        spent = len(state.failures)
        if spent >= self.policy.budget:
            minutes = self.policy.cool_down / 60
            state.closed_until = now + self.policy.cool_down
            self._tell(conference_id,
                       f"Someone may be guessing PINs: {spent} wrong PINs from "
                       f"{len(state.sources)} addresses in the last day. PIN entry is closed for "
                       f"{minutes:.0f} minutes, also for the right PIN; join links still work. "
                       "Reopen it from the chair's API (POST /api/pin-entry/reopen).")
        elif not state.warned and spent >= self.policy.budget // 2:
            state.warned = True
            self._tell(conference_id,
                       f"{spent} wrong PINs have been typed today (from {len(state.sources)} "
                       f"addresses); at {self.policy.budget} PIN entry closes for a while.")

    def reopen(self, conference_id: str) -> None:
        """The chair reopens PIN entry: the day's count starts again."""
        self._conferences.pop(conference_id, None)
        log.warning("PIN entry reopened by the chair")

    def status(self, conference_id: str) -> dict[str, object]:
        state = self._state(conference_id)
        now = self.clock()
        return {"wrong_pins_today": len(state.failures), "budget": self.policy.budget,
                "closed_for_seconds": max(0.0, round(state.closed_until - now, 1)),
                "sources": len(state.sources)}

    def _tell(self, conference_id: str, message: str) -> None:
        log.warning("%s", message)
        for listener in list(self.listeners):
            try:
                listener(conference_id, message)
            except Exception:  # a broken window must not open the door
                log.exception("telling the chair about PIN entry failed")
