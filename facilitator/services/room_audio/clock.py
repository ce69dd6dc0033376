"""Separate microphone and loudspeakers run on separate clocks: follow the ratio between them.

A microphone on one USB device and loudspeakers on another (a television's HDMI audio, a ceiling
array) each count samples by their own crystal, typically 20-200 parts per million apart. The
echo then slides against the reference a little more every second (at 150 ppm, 9 ms a minute;
within the hour, out of the canceller's reach altogether). Measured on a simulated room with
loudspeakers 150 ppm fast (tests/room_audio/test_room_clock.py): the canceller, chasing a path
that never stops moving, removed nothing; with the reference read at the clocks' ratio it
removed 60 dB or more, and a ratio 20 ppm wrong still gave 41 dB. A single speakerphone has one
clock and needs none of this (its ratio is found to be one).

`ClockRatio` estimates loudspeaker samples per microphone sample from the sample counts the
PortAudio callbacks already keep (no sound needed): every input callback notes how many output
samples had been written by then (interpolated from the last output callback's time, finer
than its blocks). Callback timing jitters; a least-squares line over minutes averages that
away (Welford-style running sums: numerically stable for hours). `read_resampled` reads the
reference at that ratio (cubic interpolation), so the echo stays at one delay from it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .echo import SAMPLE_RATE

Float32s = npt.NDArray[np.float32]
MIN_SPAN_S = 10.0  # input seconds observed before a ratio is used (it keeps improving)
MAX_DEVIATION = 1e-3  # 1000 ppm: anything further is a broken count, not a clock
UPDATE_EVERY = 25  # observations between two updates of the ratio


class ClockRatio:
    """Loudspeaker samples per microphone sample, from (input count, output count) pairs."""

    def __init__(self, rate: int = SAMPLE_RATE, min_span_s: float = MIN_SPAN_S) -> None:
        self._min_span = min_span_s * rate
        self.ratio = 1.0
        self.restart()

    def restart(self) -> None:
        """Samples were lost or a device reopened: a new line (the last ratio stays in use)."""
        self._origin: tuple[float, float] | None = None
        self._n = 0
        self._mean_x = self._mean_y = 0.0
        self._m2_x = self._c_xy = 0.0

    def forget(self) -> None:
        """Another device: its clock is not the last one's."""
        self.ratio = 1.0
        self.restart()

    def observe(self, input_count: float, output_count: float) -> None:
        if self._origin is None:
            self._origin = (input_count, output_count)
        x = float(input_count - self._origin[0])
        y = float(output_count - self._origin[1]) - x  # the deviation from one: small numbers
        self._n += 1
        dx = x - self._mean_x
        self._mean_x += dx / self._n
        self._mean_y += (y - self._mean_y) / self._n
        self._c_xy += dx * (y - self._mean_y)
        self._m2_x += dx * (x - self._mean_x)
        if self._n % UPDATE_EVERY or x < self._min_span or self._m2_x <= 0:
            return
        deviation = self._c_xy / self._m2_x
        if abs(deviation) < MAX_DEVIATION:
            self.ratio = 1.0 + deviation

    @property
    def ppm(self) -> float:
        return (self.ratio - 1.0) * 1e6


def span(start: float, count: int, ratio: float) -> tuple[int, int]:
    """The integer sample range [first, end) that `read_resampled` needs."""
    first = int(np.floor(start)) - 1
    return first, int(np.floor(start + (count - 1) * ratio)) + 3


def read_resampled(samples: Float32s, offset: float, count: int, ratio: float) -> Float32s:
    """`count` values at `offset`, `offset + ratio`, ... in `samples` (Catmull-Rom cubic; exact
    at whole positions, so a ratio of exactly one returns the samples unchanged)."""
    positions = offset + np.arange(count, dtype=np.float64) * ratio
    whole = np.floor(positions).astype(np.int64)
    mu = positions - whole
    if not np.any(mu):
        return samples[whole].astype(np.float32)
    p0, p1, p2, p3 = (samples[whole + k].astype(np.float64) for k in (-1, 0, 1, 2))
    value = p1 + 0.5 * mu * (p2 - p0 + mu * (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3
                                             + mu * (3.0 * (p1 - p2) + p3 - p0)))
    return value.astype(np.float32)
