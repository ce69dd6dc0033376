"""Telephone codecs and resampling to and from the hub's 48 kHz.

G.711 (PCMU, PCMA) with numpy lookup tables built from the ITU-T G.711 segment rules (no
`audioop`: deprecated, gone in Python 3.13); G.722 through FFmpeg's adpcm_g722 in PyAV
(already a dependency); resampling with FFmpeg's libswresample (av.AudioResampler).
"""

from __future__ import annotations

import fractions
from typing import Protocol

import av
import numpy as np
import numpy.typing as npt

from .sdp import CodecSpec

HUB_RATE = 48000
Pcm16 = npt.NDArray[np.int16]
Float = npt.NDArray[np.float32]


def _ulaw_encode(pcm: npt.NDArray[np.int32]) -> npt.NDArray[np.uint8]:
    value = pcm >> 2  # 14-bit, as in the CCITT reference code
    mask = np.where(value < 0, 0x7F, 0xFF)
    value = np.minimum(np.abs(value), 8159) + 0x21
    ends = np.array([0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF])
    seg = np.searchsorted(ends, value, side="left")
    uval = (np.minimum(seg, 7) << 4) | ((value >> (np.minimum(seg, 7) + 1)) & 0x0F)
    uval = np.where(seg >= 8, 0x7F, uval)
    return ((uval ^ mask) & 0xFF).astype(np.uint8)


def _ulaw_decode(code: npt.NDArray[np.int32]) -> npt.NDArray[np.int16]:
    u = ~code & 0xFF
    t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4)
    return np.where(u & 0x80, 0x84 - t, t - 0x84).astype(np.int16)


def _alaw_encode(pcm: npt.NDArray[np.int32]) -> npt.NDArray[np.uint8]:
    value = pcm >> 3  # 13-bit
    mask = np.where(value >= 0, 0xD5, 0x55)
    value = np.where(value >= 0, value, -value - 1)
    ends = np.array([0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF])
    seg = np.searchsorted(ends, value, side="left")
    shift = np.where(seg < 2, 1, seg)
    aval = (np.minimum(seg, 7) << 4) | ((value >> shift) & 0x0F)
    aval = np.where(seg >= 8, 0x7F, aval)
    return ((aval ^ mask) & 0xFF).astype(np.uint8)


def _alaw_decode(code: npt.NDArray[np.int32]) -> npt.NDArray[np.int16]:
    a = code ^ 0x55
    seg = (a & 0x70) >> 4
    t = ((a & 0x0F) << 4) + np.where(seg == 0, 8, 0x108)
    t = np.where(seg > 1, t << np.maximum(seg - 1, 0), t)
    return np.where(a & 0x80, t, -t).astype(np.int16)


_ALL16 = np.arange(-32768, 32768, dtype=np.int32)
_CODES = np.arange(256, dtype=np.int32)
# index with (int16 sample as uint16): every 16-bit value has its code
ULAW_ENCODE = np.roll(_ulaw_encode(_ALL16), -32768)
ALAW_ENCODE = np.roll(_alaw_encode(_ALL16), -32768)
ULAW_DECODE = _ulaw_decode(_CODES)
ALAW_DECODE = _alaw_decode(_CODES)


class AudioCodec(Protocol):
    sample_rate: int

    def encode(self, pcm: Pcm16) -> bytes: ...

    def decode(self, payload: bytes) -> Pcm16: ...


class G711:
    sample_rate = 8000

    def __init__(self, alaw: bool) -> None:
        self._encode = ALAW_ENCODE if alaw else ULAW_ENCODE
        self._decode = ALAW_DECODE if alaw else ULAW_DECODE

    def encode(self, pcm: Pcm16) -> bytes:
        return bytes(self._encode[pcm.view(np.uint16)])

    def decode(self, payload: bytes) -> Pcm16:
        return self._decode[np.frombuffer(payload, dtype=np.uint8)]


class G722:
    """G.722 at 64 kbit/s (mode 1), 16 kHz audio; FFmpeg's codec keeps the ADPCM state."""

    sample_rate = 16000

    def __init__(self) -> None:
        self._encoder = av.CodecContext.create("g722", "w")
        self._encoder.sample_rate = 16000
        self._encoder.layout = "mono"
        self._encoder.format = "s16"
        self._encoder.time_base = fractions.Fraction(1, 16000)
        self._decoder = av.CodecContext.create("g722", "r")
        self._decoder.sample_rate = 16000
        self._decoder.layout = "mono"
        self._pts = 0

    def encode(self, pcm: Pcm16) -> bytes:
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = 16000
        frame.pts = self._pts
        self._pts += len(pcm)
        return b"".join(bytes(p) for p in self._encoder.encode(frame))

    def decode(self, payload: bytes) -> Pcm16:
        if not payload:  # an empty packet would flush (and end) the decoder
            return np.zeros(0, np.int16)
        frames = self._decoder.decode(av.Packet(payload))
        if not frames:
            return np.zeros(0, np.int16)
        return np.concatenate([f.to_ndarray().reshape(-1) for f in frames]).astype(np.int16)


def codec_for(spec: CodecSpec) -> AudioCodec:
    if spec.name == "G722":
        return G722()
    return G711(alaw=spec.name == "PCMA")


class Resampler:
    """Streaming sample-rate conversion (FFmpeg's swresample keeps the filter state)."""

    def __init__(self, in_rate: int, out_rate: int) -> None:
        self.in_rate = in_rate
        self.out_rate = out_rate
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=out_rate)
        self._pts = 0

    def __call__(self, samples: Float) -> Float:
        if self.in_rate == self.out_rate or not len(samples):
            return samples
        frame = av.AudioFrame.from_ndarray(samples.astype(np.float32).reshape(1, -1),
                                           format="flt", layout="mono")
        frame.sample_rate = self.in_rate
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, self.in_rate)
        self._pts += len(samples)
        out = [f.to_ndarray().reshape(-1) for f in self._resampler.resample(frame)]
        return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)


def to_pcm16(samples: Float) -> Pcm16:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype(np.int16)


def to_float(pcm: Pcm16) -> Float:
    return (pcm.astype(np.float32) / 32768.0).astype(np.float32)


class Chunker:
    """Cuts a stream of variable-length pieces into frames of exactly `size` samples."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._buffer = np.zeros(0, np.float32)

    def push(self, samples: Float) -> list[Float]:
        self._buffer = np.concatenate([self._buffer, samples]) if len(self._buffer) else samples
        frames = []
        while len(self._buffer) >= self.size:
            frames.append(self._buffer[: self.size])
            self._buffer = self._buffer[self.size:]
        if len(self._buffer) > self.size * 10:  # never let latency build up
            self._buffer = self._buffer[-self.size:]
        return frames
