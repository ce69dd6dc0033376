"""A reproducible room for measuring echo cancellation offline (tests and benchmarks/room_echo.py).

    scene = build_scene(far_first, far_during, local, delay_s=0.18)
    out = process_in_frames(chain.process, scene.mic, scene.far)
    measure(scene, out)   # echo removed, local talker change, latency

The room: what the loudspeakers play (far-end speech) reaches the microphone delayed and
convolved with a decaying room response (a direct path plus an exponential reverberant tail,
direct-to-reverberant ratio `drr_db`), at `echo_db` relative to the far end; a local talker of
another voice; pink noise. Timeline: noise, far end alone (convergence), local talker alone,
the same local talker during far-end speech (double talk), far end alone again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .echo import FRAME, SAMPLE_RATE

Float32s = npt.NDArray[np.float32]


@dataclass
class Scene:
    far: Float32s  # what the loudspeakers play (the canceller's reference)
    mic: Float32s  # echo + local + noise
    echo: Float32s
    local: Float32s
    segments: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class EchoFigures:
    echo_removed_db: float  # far end alone, last `settle_s` seconds before the local talker
    echo_removed_after_db: float  # far end alone again, after the double talk
    talker_change_db: float  # local talker level in double talk minus alone (0 = untouched)
    latency_ms: float  # delay the processing adds to the local talker
    cpu_per_audio_s: float = 0.0


def room_response(delay_s: float, rng: np.random.Generator, rt60_s: float = 0.3,
                  drr_db: float = 0.0, rate: int = SAMPLE_RATE) -> npt.NDArray[np.float64]:
    """Unit-energy impulse response: a direct path after `delay_s`, then a decaying tail."""
    start = int(rate * delay_s)
    length = int(rate * rt60_s * 0.8)
    t = np.arange(length) / rate
    tail = rng.standard_normal(length) * np.exp(-6.9 * t / rt60_s)
    tail[:int(0.002 * rate)] = 0.0
    tail *= math.sqrt(10 ** (-drr_db / 10) / float(np.sum(tail ** 2)))
    tail[0] = 1.0
    response = np.zeros(start + length)
    response[start:] = tail
    return response / math.sqrt(float(np.sum(response ** 2)))


def convolve(x: npt.NDArray[np.floating], h: npt.NDArray[np.floating]) -> Float32s:
    n = len(x) + len(h) - 1
    size = 1 << (n - 1).bit_length()
    y = np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(h, size), size)[:len(x)]
    return y.astype(np.float32)


def scale_to(x: Float32s, dbfs: float) -> Float32s:
    """Scale so that the active part (above 1 % of the peak) has this RMS."""
    active = x[np.abs(x) > 0.01 * float(np.max(np.abs(x)))]
    rms = math.sqrt(float(np.mean(np.square(active, dtype=np.float64))))
    return (x * (10 ** (dbfs / 20) / rms)).astype(np.float32)


def build_scene(far_first: Float32s, far_during: Float32s, local: Float32s,
                far_after: Float32s | None = None, delay_s: float = 0.18, echo_db: float = -6.0,
                drr_db: float = 0.0, far_dbfs: float = -20.0, local_dbfs: float = -26.0,
                noise_dbfs: float = -65.0, seed: int = 1) -> Scene:
    """48 kHz float32 pieces in, the room's microphone and reference out."""
    rng = np.random.default_rng(seed)
    gap = np.zeros(SAMPLE_RATE // 2, np.float32)
    talker = scale_to(local, local_dbfs)
    pieces: list[tuple[str, Float32s, Float32s]] = [
        ("lead", np.zeros(SAMPLE_RATE, np.float32), gap[:0]),
        ("far", scale_to(far_first, far_dbfs), gap[:0]),
        ("gap1", gap, gap),
        ("alone", gap[:0], talker),
        ("gap2", gap, gap),
        ("double", scale_to(far_during, far_dbfs), talker),
        ("gap3", gap, gap),
        ("after", scale_to(far_after if far_after is not None else far_first[:4 * SAMPLE_RATE],
                           far_dbfs), gap[:0]),
        ("tail", gap, gap),
    ]
    fars, locals_, segments, at = [], [], {}, 0
    for name, far_piece, local_piece in pieces:
        n = max(len(far_piece), len(local_piece))
        f, loc = np.zeros(n, np.float32), np.zeros(n, np.float32)
        f[:len(far_piece)] = far_piece
        loc[:len(local_piece)] = local_piece
        fars.append(f)
        locals_.append(loc)
        segments[name] = (at, at + n)
        at += n
    far = np.concatenate(fars)
    near = np.concatenate(locals_)
    at = at // FRAME * FRAME
    far, near = far[:at], near[:at]
    echo = convolve(far, room_response(delay_s, rng, drr_db=drr_db) * 10 ** (echo_db / 20))
    pink = np.fft.irfft(np.fft.rfft(rng.standard_normal(at))
                        / np.sqrt(np.maximum(np.arange(at // 2 + 1), 1)), at)
    noise = (pink / math.sqrt(float(np.mean(pink ** 2))) * 10 ** (noise_dbfs / 20))
    mic = (echo + near + noise).astype(np.float32)
    return Scene(far, mic, echo, near, segments)


def process_in_frames(process: Callable[[Float32s, Float32s], Float32s], mic: Float32s,
                      far: Float32s, frame: int = FRAME) -> tuple[Float32s, float]:
    """Run a processor frame by frame as the live room would; (output, CPU seconds)."""
    out = np.zeros(len(mic), np.float32)
    began = time.process_time()
    for start in range(0, len(mic) - frame + 1, frame):
        out[start:start + frame] = process(mic[start:start + frame], far[start:start + frame])
    return out, time.process_time() - began


def _db(ratio: float) -> float:
    return 10 * math.log10(max(ratio, 1e-20))


def lag_of(out: Float32s, reference: Float32s, segment: tuple[int, int],
           max_lag: int = SAMPLE_RATE // 10) -> int:
    """Samples by which `out` lags `reference` over a segment (cross-correlation peak)."""
    a, b = segment
    o, r = out[a:b].astype(np.float64), reference[a:b].astype(np.float64)
    size = 1 << (len(o) + max_lag - 1).bit_length()
    c = np.fft.irfft(np.fft.rfft(o, size) * np.conj(np.fft.rfft(r, size)), size)
    return int(np.argmax(c[:max_lag]))


def talker_energy(out: Float32s, talker: Float32s, segment: tuple[int, int], lag: int,
                  frame: int = 960) -> float:
    """Energy of the talker's component in `out` (per-20 ms least-squares projection, so what
    is not the talker, residual echo or noise, does not count), relative to the talker's own."""
    a, b = segment
    o = out[a + lag:b + lag].astype(np.float64)
    r = talker[a:b].astype(np.float64)
    n = min(len(o), len(r)) // frame * frame
    o, r = o[:n].reshape(-1, frame), r[:n].reshape(-1, frame)
    energy = np.sum(r * r, axis=1)
    active = energy > 1e-3 * float(np.max(energy))
    gains = np.sum(o * r, axis=1)[active] / energy[active]
    return float(np.sum(gains ** 2 * energy[active]) / np.sum(energy[active]))


def measure(scene: Scene, out: Float32s, settle_s: float = 5.0, cpu_s: float = 0.0
            ) -> EchoFigures:
    seg = scene.segments
    far_end = seg["far"][1]
    first = (max(seg["far"][0], far_end - int(settle_s * SAMPLE_RATE)), far_end)
    after = (seg["after"][0] + SAMPLE_RATE // 5, seg["after"][1])

    def removed(span: tuple[int, int]) -> float:
        a, b = span
        return _db(float(np.sum(np.square(scene.echo[a:b], dtype=np.float64)))
                   / float(np.sum(np.square(out[a:b], dtype=np.float64)) + 1e-20))

    lag = lag_of(out, scene.local, seg["alone"])
    alone = talker_energy(out, scene.local, seg["alone"], lag)
    double = talker_energy(out, scene.local, seg["double"], lag)
    audio_s = len(scene.mic) / SAMPLE_RATE
    return EchoFigures(removed(first), removed(after), _db(double / alone),
                       1000 * lag / SAMPLE_RATE, cpu_s / audio_s)


def segment_audio(out: Float32s, scene: Scene, name: str, lag_samples: int = 0) -> Float32s:
    a, b = scene.segments[name]
    return out[a + lag_samples:b + lag_samples]
