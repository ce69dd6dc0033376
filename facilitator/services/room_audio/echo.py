"""Echo cancellation for the room: a linear adaptive filter that subtracts the loudspeakers'
echo, then a residual echo suppressor that removes what the filter missed without ducking the
people talking in the room.

    canceller = EchoCanceller()              # 48 kHz, 10 ms frames
    clean = canceller.process(mic, played)   # any multiple of 480 samples, float32

Design (measured by benchmarks/room_echo.py; the package docstring has the figures):

- `DelayEstimator`: GCC-PHAT between what was played and what the microphone heard, on 8 kHz
  decimated copies over a 2 s window, re-estimated every 0.25 s while the far end talks. It finds
  the bulk delay (device buffering + distance, up to 0.8 s) so the filter only needs to cover the
  room's reverberation.
- `LinearCanceller`: a partitioned-block frequency-domain adaptive filter (PBFDAF, 10 ms
  partitions, 200 ms long by default) with two paths: a background filter always adapts; the
  foreground filter, whose output is used, takes the background's coefficients only when they
  cancel clearly better, and the background falls back to the foreground when it diverges
  (double talk). Subtraction never turns the local talker down.
- `ResidualSuppressor`: a per-bin Wiener gain from the filter's echo estimate times a leakage
  factor learnt where the echo dominates (updates are rejected when the room is talking), with a
  -30 dB floor. Bins where the room's talker dominates keep a gain near one, so double talk
  stays at full level; it adds 10 ms of latency (overlap-add).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 48_000
FRAME = SAMPLE_RATE // 100  # 10 ms: the canceller's block and partition

Floats = npt.NDArray[np.float64]
Float32s = npt.NDArray[np.float32]
Complexes = npt.NDArray[np.complex128]


class DelayEstimator:
    """Where the played audio reappears in the microphone: GCC-PHAT on decimated signals."""

    def __init__(self, rate: int = SAMPLE_RATE, decimation: int = 6, window_s: float = 2.0,
                 max_delay_s: float = 0.8, every_s: float = 0.25) -> None:
        self.decimation = decimation
        low_rate = rate // decimation
        self.window = int(window_s * low_rate)
        self.max_lag = int(max_delay_s * low_rate)
        length = self.window + self.max_lag
        self.size = 1 << (length - 1).bit_length()
        self._far = np.zeros(length)
        self._mic = np.zeros(length)
        self._every = int(every_s * low_rate)
        self._count = 0
        self._candidate: int | None = None
        self.delay: int | None = None  # samples at the input rate, once two estimates agree

    def push(self, mic: Floats, far: Floats) -> None:
        m = mic.reshape(-1, self.decimation).mean(axis=1)
        f = far.reshape(-1, self.decimation).mean(axis=1)
        n = len(m)
        self._far[:-n] = self._far[n:]
        self._far[-n:] = f
        self._mic[:-n] = self._mic[n:]
        self._mic[-n:] = m
        self._count += n
        if self._count >= self._every:
            self._count = 0
            self._estimate()

    def _estimate(self) -> None:
        if float(np.mean(self._far[-self.window:] ** 2)) < 1e-7:
            return  # the far end is silent: nothing to learn from
        far_spectrum = np.fft.rfft(self._far, self.size)
        mic_spectrum = np.fft.rfft(self._mic[-self.window:], self.size)
        cross = mic_spectrum * np.conj(far_spectrum)
        cross /= np.abs(cross) + 1e-9
        correlation = np.fft.irfft(cross, self.size)
        # mic[i] pairs with far[i + max_lag - d]: lag d sits at index (d - max_lag) mod size
        lags = np.arange(self.max_lag)
        values = correlation[(lags - self.max_lag) % self.size]
        best = int(np.argmax(values))
        if values[best] < 8 * (float(np.median(np.abs(values))) + 1e-12):
            return  # no clear peak
        delay = best * self.decimation
        if self._candidate is not None and abs(delay - self._candidate) <= 2 * self.decimation:
            self.delay = delay
        self._candidate = delay


class LinearCanceller:
    """Two-path partitioned-block frequency-domain adaptive filter, one partition per frame."""

    def __init__(self, frame: int = FRAME, partitions: int = 20, step: float = 0.5,
                 regularise: float = 1e-2) -> None:
        self.frame = frame
        self.regularise = regularise
        self._constrain_next = 0
        self.partitions = partitions
        self.step = step
        bins = frame + 1
        self._spectra: Complexes = np.zeros((partitions, bins), np.complex128)
        self.foreground: Complexes = np.zeros((partitions, bins), np.complex128)
        self._background: Complexes = np.zeros((partitions, bins), np.complex128)
        self._previous = np.zeros(frame)
        self._power = np.full(bins, 1e-6)
        self._fore_error = 1e-9
        self._back_error = 1e-9
        self._mic_energy = 1e-9
        self.copy_below = 0.25
        self.copies = 0

    def process(self, mic: Floats, far: Floats) -> tuple[Floats, Floats]:
        """One frame: (mic minus the echo estimate, the echo estimate)."""
        n = self.frame
        block = np.concatenate([self._previous, far])
        self._previous = far.copy()  # far may be a view of a buffer that moves
        spectrum = np.fft.rfft(block)
        self._spectra[1:] = self._spectra[:-1]
        self._spectra[0] = spectrum
        fore_echo = np.fft.irfft(np.sum(self.foreground * self._spectra, axis=0))[n:]
        back_echo = np.fft.irfft(np.sum(self._background * self._spectra, axis=0))[n:]
        fore_error = mic - fore_echo
        back_error = mic - back_echo
        self._adapt(spectrum, back_error)
        self._fore_error = 0.8 * self._fore_error + 0.2 * float(fore_error @ fore_error)
        self._back_error = 0.8 * self._back_error + 0.2 * float(back_error @ back_error)
        self._mic_energy = 0.8 * self._mic_energy + 0.2 * float(mic @ mic)
        far_active = float(far @ far) > 1e-7 * n
        # Take the background only when it cancels clearly better AND removes most of what the
        # microphone hears: during double talk the room's talker keeps its error high, so a
        # background that drifted by fitting the talker is never copied.
        if (far_active and self._back_error < 0.7 * self._fore_error
                and self._back_error < self.copy_below * self._mic_energy):
            self.foreground[:] = self._background
            self._fore_error = self._back_error
            self.copies += 1
            return back_error, back_echo
        if self._back_error > 4 * self._fore_error and self._back_error > 1e-9 * n:
            self._background[:] = self.foreground  # diverged (double talk): start again
            self._back_error = self._fore_error
        return fore_error, fore_echo

    def _adapt(self, spectrum: Complexes, error: Floats) -> None:
        n = self.frame
        self._power = 0.9 * self._power + 0.1 * np.abs(spectrum) ** 2
        scale = self.partitions * self._power  # ~ the far end's energy over the filter's span
        error_spectrum = np.fft.rfft(np.concatenate([np.zeros(n), error]))
        norm = self.step / (scale + self.regularise * float(np.mean(scale)) + 1e-10)
        self._background += np.conj(self._spectra) * (error_spectrum * norm)
        # The gradient constraint (each partition a causal N-tap filter), one partition per
        # frame in turn: the unconstrained steps converge faster and cost 2 FFTs, not 2P.
        p = self._constrain_next
        taps = np.fft.irfft(self._background[p])
        taps[n:] = 0.0
        self._background[p] = np.fft.rfft(taps)
        self._constrain_next = (p + 1) % self.partitions


class ResidualSuppressor:
    """Per-bin Wiener gain against leak x echo estimate; sqrt-Hann 50 % overlap-add."""

    def __init__(self, frame: int = FRAME, floor_db: float = -30.0, overestimate: float = 6.0,
                 leak_max: float = 30.0) -> None:
        self.frame = frame
        self._window = np.sqrt(np.hanning(2 * frame + 1)[:-1])
        self._error = np.zeros(2 * frame)
        self._echo = np.zeros(2 * frame)
        self._overlap = np.zeros(frame)
        self.floor = 10 ** (floor_db / 20)
        self.overestimate = overestimate
        self.leak_max = leak_max
        bins = frame + 1
        self.leak = np.full(bins, leak_max)
        self._error_power = np.zeros(bins)
        self._echo_power = np.zeros(bins)
        self.gain = np.ones(bins)

    def process(self, error: Floats, echo: Floats) -> Floats:
        n = self.frame
        self._error[:n] = self._error[n:]
        self._error[n:] = error
        self._echo[:n] = self._echo[n:]
        self._echo[n:] = echo
        error_spectrum = np.fft.rfft(self._error * self._window)
        error_power = np.abs(error_spectrum) ** 2
        echo_power = np.abs(np.fft.rfft(self._echo * self._window)) ** 2
        self._error_power = 0.7 * self._error_power + 0.3 * error_power
        self._echo_power = 0.7 * self._echo_power + 0.3 * echo_power
        ratio = self._error_power / (self._echo_power + 1e-12)
        strong = self._echo_power > 1e-6 * n
        learn = strong & (ratio < 4 * self.leak)  # far end dominant: learn the leak
        self.leak = np.where(learn, 0.95 * self.leak + 0.05 * ratio,
                             np.where(strong, self.leak * 1.001, self.leak))
        np.clip(self.leak, 1e-4, self.leak_max, out=self.leak)
        residual = self.overestimate * self.leak * self._echo_power
        snr = np.maximum(error_power - residual, 0.0) / (residual + 1e-12)
        gain = np.maximum(snr / (1.0 + snr), self.floor)
        self.gain = np.where(gain > self.gain, gain, 0.6 * self.gain + 0.4 * gain)
        out = np.fft.irfft(error_spectrum * self.gain) * self._window
        result = self._overlap + out[:n]
        self._overlap = out[n:].copy()
        return result


class EchoCanceller:
    """Delay estimation + linear canceller (+ residual suppression) at 48 kHz, 10 ms frames."""

    def __init__(self, rate: int = SAMPLE_RATE, filter_ms: int = 200, guard_ms: int = 40,
                 suppress_residual: bool = True) -> None:
        self.frame = rate // 100
        self.delays = DelayEstimator(rate)
        self.filter_ms = filter_ms
        self.linear = LinearCanceller(self.frame, max(1, filter_ms // 10))
        self.residual = ResidualSuppressor(self.frame) if suppress_residual else None
        self._history = np.zeros(rate)  # what was played, the last second
        self._guard = guard_ms * rate // 1000
        self.bulk_delay = 0  # samples the reference is held back before the filter

    @property
    def latency_samples(self) -> int:
        return self.frame if self.residual is not None else 0

    def process(self, mic: Float32s, far: Float32s) -> Float32s:
        if len(mic) != len(far) or len(mic) % self.frame:
            raise ValueError(f"mic and far must be equal multiples of {self.frame} samples")
        out = np.empty(len(mic), np.float32)
        for start in range(0, len(mic), self.frame):
            end = start + self.frame
            out[start:end] = self._frame(mic[start:end].astype(np.float64),
                                         far[start:end].astype(np.float64))
        return out

    def _frame(self, mic: Floats, far: Floats) -> Floats:
        n = self.frame
        self._history[:-n] = self._history[n:]
        self._history[-n:] = far
        self.delays.push(mic, far)
        if self.delays.delay is not None:
            wanted = max(0, self.delays.delay - self._guard) // n * n
            if abs(wanted - self.bulk_delay) >= 2 * n:
                self._move(wanted)
        end = len(self._history) - self.bulk_delay
        error, echo = self.linear.process(mic, self._history[end - n:end])
        if self.residual is None:
            return error
        return self.residual.process(error, echo)

    def _move(self, bulk_delay: int) -> None:
        """A new bulk delay: shift the learnt partitions so the filter keeps what it knows."""
        shift = (bulk_delay - self.bulk_delay) // self.frame  # >0: reference held back longer
        self.bulk_delay = bulk_delay
        linear = self.linear
        for filt in (linear.foreground, linear._background):
            moved = np.zeros_like(filt)
            if 0 <= shift < linear.partitions:
                moved[:linear.partitions - shift] = filt[shift:]
            elif -linear.partitions < shift < 0:
                moved[-shift:] = filt[:linear.partitions + shift]
            filt[:] = moved
        linear._spectra[:] = 0.0
