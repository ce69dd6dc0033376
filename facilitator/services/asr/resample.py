"""Streaming conversion of any source's audio to 16 kHz mono float32 (libswresample via PyAV).

A WebRTC track delivers 48 kHz (often stereo, int16) frames of 10-20 ms; a microphone may only
open at 44.1 or 48 kHz. `Resampler` keeps the filter state between pieces so that the joins are
seamless, and re-creates itself if the input rate changes mid-stream.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .engine import SAMPLE_RATE, FloatAudio, as_float32


class Resampler:
    def __init__(self, output_rate: int = SAMPLE_RATE) -> None:
        self.output_rate = output_rate
        self._input_rate: int | None = None
        self._resampler: object | None = None

    def __call__(self, samples: npt.NDArray[np.float32] | npt.NDArray[np.int16]
                 | npt.NDArray[np.float64], sample_rate: int) -> FloatAudio:
        mono = as_float32(samples)
        if sample_rate <= 0:
            raise ValueError(f"sample rate must be positive, not {sample_rate}")
        if sample_rate == self.output_rate:
            return mono
        if len(mono) == 0:
            return mono
        import av  # PyAV ships with faster-whisper and aiortc

        if sample_rate != self._input_rate or self._resampler is None:
            self._input_rate = sample_rate
            self._resampler = av.AudioResampler(format="flt", layout="mono",
                                                rate=self.output_rate)
        frame = av.AudioFrame.from_ndarray(mono.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = sample_rate
        resampler: av.AudioResampler = self._resampler  # type: ignore[assignment]
        pieces = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
        if not pieces:
            return np.zeros(0, dtype=np.float32)
        return np.ascontiguousarray(np.concatenate(pieces), dtype=np.float32)
