"""One PortAudio stream (the room's microphone or loudspeakers) that may die and be reopened.

`ManagedStream.open()` never raises: it returns None or the reason it failed. The stream counts
as dead when PortAudio finishes it without being asked (the device or sound server went away)
or when its callback has not run for `stall_s` (a driver that stops calling without saying so).
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from .devices import DeviceSpec, Direction, describe, sounddevice
from .echo import SAMPLE_RATE

log = logging.getLogger(__name__)


class StreamState(enum.Enum):
    STOPPED = "stopped"  # not started, or stopped by the owner
    RUNNING = "running"
    LOST = "lost"  # could not be opened, or went away: retried by RoomAudio's watcher


class ManagedStream:
    def __init__(self, direction: Direction, device: DeviceSpec, callback: Callable[..., None],
                 blocksize: int, latency: float | str, stall_s: float = 2.0,
                 rate: int = SAMPLE_RATE) -> None:
        self.direction = direction
        self.device = device
        self.rate = rate
        self.blocksize = blocksize
        self.latency_hint = latency
        self.stall_s = stall_s
        self.state = StreamState.STOPPED
        self.latency = 0.0  # seconds, as PortAudio reports it once open
        self.last_callback = 0.0
        self.opened_at = 0.0
        self._callback = callback
        self._stream: Any = None
        self._finished = threading.Event()
        self._closing = False

    @property
    def name(self) -> str:
        return describe(self.device)

    def open(self) -> str | None:
        """Open and start; None when running, else why not (the state becomes LOST)."""
        self.close()
        try:
            sd = sounddevice()
            kind = sd.InputStream if self.direction is Direction.INPUT else sd.OutputStream
            stream = kind(samplerate=self.rate, channels=1, dtype="float32", device=self.device,
                          blocksize=self.blocksize, latency=self.latency_hint,
                          callback=self._wrapped, finished_callback=self._on_finished)
            self._finished.clear()
            self._closing = False
            self.opened_at = self.last_callback = time.monotonic()
            stream.start()
        except Exception as problem:  # OSError (no PortAudio), PortAudioError, ValueError
            self.state = StreamState.LOST
            return str(problem) or type(problem).__name__
        self._stream = stream
        self.latency = float(stream.latency)
        self.state = StreamState.RUNNING
        log.info("room %s %s open, latency %.0f ms", self.direction.value, self.name,
                 1000 * self.latency)
        return None

    def _wrapped(self, *args: Any) -> None:
        self.last_callback = time.monotonic()
        self._callback(*args)

    def _on_finished(self) -> None:
        if not self._closing:
            self._finished.set()

    def dead(self, now: float) -> bool:
        if self.state is not StreamState.RUNNING:
            return False
        return self._finished.is_set() or now - self.last_callback > self.stall_s

    def close(self, state: StreamState | None = None) -> None:
        stream, self._stream = self._stream, None
        self._closing = True
        if state is not None:
            self.state = state
        if stream is None:
            return
        try:
            stream.abort()
            stream.close()
        except Exception as problem:  # a stream whose device vanished may refuse to close
            log.info("closing the room %s %s: %s", self.direction.value, self.name, problem)
