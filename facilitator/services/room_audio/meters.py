"""Level meters: RMS and peak in dBFS over 100 ms, for the chair's device check and the meeting.

    meter = LevelMeter(on_level=lambda level: ui_queue.put(level))
    meter.feed(samples)     # any length; one Level per 100 ms of audio fed

`on_level` is called on the thread that feeds (RoomAudio's worker): marshal it to the UI.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)
SILENCE_DBFS = -120.0


def dbfs(value: float) -> float:
    """Amplitude (1.0 = full scale) in dBFS, floored at -120."""
    return 20 * math.log10(value) if value > 1e-6 else SILENCE_DBFS


@dataclass(frozen=True)
class Level:
    rms_dbfs: float
    peak_dbfs: float


class LevelMeter:
    def __init__(self, on_level: Callable[[Level], None] | None = None, rate: int = 48_000,
                 period_s: float = 0.1) -> None:
        self.on_level = on_level
        self.period = max(1, int(rate * period_s))
        self.latest = Level(SILENCE_DBFS, SILENCE_DBFS)
        self._sum_squares = 0.0
        self._peak = 0.0
        self._count = 0

    def feed(self, samples: npt.NDArray[np.float32]) -> None:
        data = np.asarray(samples, dtype=np.float32).reshape(-1)
        while len(data):
            take = min(len(data), self.period - self._count)
            piece, data = data[:take], data[take:]
            self._sum_squares += float(np.dot(piece, piece))
            self._peak = max(self._peak, float(np.max(np.abs(piece))))
            self._count += take
            if self._count >= self.period:
                self._emit()

    def _emit(self) -> None:
        rms = math.sqrt(self._sum_squares / self._count)
        self.latest = Level(dbfs(rms), dbfs(self._peak))
        self._sum_squares, self._peak, self._count = 0.0, 0.0, 0
        if self.on_level is not None:
            try:
                self.on_level(self.latest)
            except Exception:
                log.exception("a level meter listener failed")
