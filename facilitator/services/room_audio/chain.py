"""The room microphone's processing: echo cancellation, noise suppression, automatic gain.

    chain = ProcessingChain(ChainSettings())            # the default: echo + noise, no AGC
    clean = chain.process(mic, played)                  # 48 kHz float32, multiples of 10 ms

Order: echo cancellation (with what the loudspeakers played as reference) -> noise suppression
(WebRTC NS) -> automatic gain (WebRTC AGC2, adaptive digital with a limiter). Each stage can be
switched off; the echo stage can also be WebRTC's AEC3 (for comparison: it ducks the room's
talker during double talk, see benchmarks/room_echo.py).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .echo import FRAME, SAMPLE_RATE, EchoCanceller

log = logging.getLogger(__name__)

Float32s = npt.NDArray[np.float32]


class EchoMode(enum.Enum):
    LINEAR_RESIDUAL = "linear+residual"  # the default: subtract, then suppress gently
    LINEAR = "linear"  # subtraction only
    AEC3 = "aec3"  # WebRTC AEC3 (pywebrtc-audio)
    OFF = "off"


@dataclass(frozen=True)
class ChainSettings:
    echo: EchoMode = EchoMode.LINEAR_RESIDUAL
    noise_suppression: bool = True
    noise_level: int = 1  # WebRTC NS 0-3: at most 6, 12, 18, 21 dB of noise removed
    automatic_gain: bool = False  # AGC2: slews 6 dB/s, moved the talker 9 dB while settling
    max_gain_db: float = 30.0
    filter_ms: int = 200  # the linear filter's span after the estimated bulk delay


def _webrtc() -> Any:
    import pywebrtc_audio

    return pywebrtc_audio


class ProcessingChain:
    """Not thread-safe: one thread (RoomAudio's worker) calls `process`."""

    def __init__(self, settings: ChainSettings | None = None, rate: int = SAMPLE_RATE) -> None:
        self.settings = settings or ChainSettings()
        self.rate = rate
        self.frame = rate // 100
        self.problems: list[str] = []
        s = self.settings
        self.canceller: EchoCanceller | None = None
        self._aec3: Any = None
        self._ns: Any = None
        self._agc: Any = None
        if s.echo in (EchoMode.LINEAR_RESIDUAL, EchoMode.LINEAR):
            self.canceller = EchoCanceller(rate, s.filter_ms,
                                           suppress_residual=s.echo is EchoMode.LINEAR_RESIDUAL)
        try:
            webrtc = _webrtc() if (s.echo is EchoMode.AEC3 or s.noise_suppression
                                   or s.automatic_gain) else None
        except ImportError as missing:  # the wheel is pinned; a broken install must not stop us
            webrtc = None
            self.problems.append(f"noise suppression and gain control are off: {missing}")
            log.warning("%s", self.problems[-1])
        if webrtc is not None:
            if s.echo is EchoMode.AEC3:
                self._aec3 = webrtc.EchoCanceller(rate, 1)
            if s.noise_suppression:
                self._ns = webrtc.NoiseSuppressor(rate, 1, level=s.noise_level)
            if s.automatic_gain:
                self._agc = webrtc.GainController(rate, 1, max_gain_db=s.max_gain_db)

    @property
    def latency_ms(self) -> float:
        """Algorithmic delay the chain adds (measured: NS adds about 7 ms, AEC3 about 9 ms)."""
        latency = 0.0
        if self.canceller is not None:
            latency += 1000 * self.canceller.latency_samples / self.rate
        if self._aec3 is not None:
            latency += 9.0
        if self._ns is not None:
            latency += 7.0
        return latency

    def process(self, mic: Float32s, far: Float32s) -> Float32s:
        """Clean `mic` (what the room microphone heard) given `far` (what was played then)."""
        if len(mic) != len(far) or len(mic) % self.frame:
            raise ValueError(f"mic and far must be equal multiples of {self.frame} samples")
        out = np.ascontiguousarray(mic, dtype=np.float32)
        reference = np.ascontiguousarray(far, dtype=np.float32)
        if self.canceller is not None:
            out = self.canceller.process(out, reference)
        elif self._aec3 is not None:
            out = self._aec3.process(out, reference)
        if self._ns is not None:
            out = self._ns.process(out)
        if self._agc is not None:
            out = self._agc.process(out)
        return np.asarray(out, dtype=np.float32)


__all__ = ["FRAME", "ChainSettings", "EchoMode", "ProcessingChain"]
