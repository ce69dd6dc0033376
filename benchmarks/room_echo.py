"""Echo cancellation for the room: every candidate on the same reproducible rooms.

    .venv/bin/python benchmarks/room_echo.py            # 3 rooms x 2 talkers, all candidates
    .venv/bin/python benchmarks/room_echo.py --quick    # 1 room, 1 talker

The room (facilitator.services.room_audio.measure): the far end (espeak-ng, en-us+f3) reaches
the microphone delayed (100-250 ms) and convolved with a decaying room response (RT60 0.3 s) at
-6 dB; a local talker (a LibriVox reader, pocketsphinx-testdata) talks alone, then during
far-end speech; pink noise at -65 dBFS. For each candidate it prints:

- echo removed (dB): echo energy at the microphone / output energy, far end alone, the last 5 s
  before the talker (converged), and again after the double talk ("after");
- talker change (dB): the local talker's level in the output during double talk minus alone
  (per-20 ms projection on the talker, so residual echo and noise do not count);
- WER of the local talker alone and during double talk (whisper tiny.en, the repo's model);
- CPU seconds per audio second (this process, one core) and the latency added (ms).

Targets (issue 10): >= 35 dB removed; talker within 3 dB; double-talk WER <= 1.5x alone.
speexdsp is used through ctypes on the system's libspeexdsp (Debian libspeexdsp1) when present.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facilitator.services.asr.engine import transcribe  # noqa: E402
from facilitator.services.asr.resample import Resampler  # noqa: E402
from facilitator.services.asr.wer import word_error_rate  # noqa: E402
from facilitator.services.room_audio.chain import (  # noqa: E402
    ChainSettings,
    EchoMode,
    ProcessingChain,
)
from facilitator.services.room_audio.measure import (  # noqa: E402
    lag_of,
    measure,
    process_in_frames,
    segment_audio,
)

Process = Callable[[np.ndarray, np.ndarray], np.ndarray]
RATE = 48_000


class Speex:
    """speexdsp's MDF echo canceller (+ its preprocessor's residual echo suppression)."""

    def __init__(self, lib: Any, filter_ms: int, residual: bool) -> None:
        self.lib = lib
        self.frame = RATE // 100
        self.state = lib.speex_echo_state_init(self.frame, RATE * filter_ms // 1000)
        rate = ctypes.c_int(RATE)
        lib.speex_echo_ctl(self.state, 24, ctypes.byref(rate))  # SPEEX_ECHO_SET_SAMPLING_RATE
        self.pre = None
        if residual:
            self.pre = lib.speex_preprocess_state_init(self.frame, RATE)
            lib.speex_preprocess_ctl(self.pre, 24, ctypes.c_void_p(self.state))  # ECHO_STATE
            on = ctypes.c_int(1)
            lib.speex_preprocess_ctl(self.pre, 0, ctypes.byref(on))  # DENOISE (needed for RES)

    def __call__(self, mic: np.ndarray, far: np.ndarray) -> np.ndarray:
        m = np.clip(mic * 32768, -32768, 32767).astype(np.int16)
        f = np.clip(far * 32768, -32768, 32767).astype(np.int16)
        out = np.empty_like(m)
        self.lib.speex_echo_cancellation(self.state, m.ctypes.data, f.ctypes.data,
                                         out.ctypes.data)
        if self.pre is not None:
            self.lib.speex_preprocess_run(self.pre, out.ctypes.data)
        return out.astype(np.float32) / 32768


def speex_library() -> Any | None:
    name = ctypes.util.find_library("speexdsp")
    if name is None:
        return None
    lib = ctypes.CDLL(name)
    lib.speex_echo_state_init.restype = ctypes.c_void_p
    lib.speex_echo_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.speex_echo_cancellation.argtypes = [ctypes.c_void_p] * 4
    lib.speex_echo_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib.speex_preprocess_state_init.restype = ctypes.c_void_p
    lib.speex_preprocess_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.speex_preprocess_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib.speex_preprocess_run.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    return lib


def chain(echo: EchoMode, ns: bool = False, agc: bool = False) -> Callable[[], Process]:
    return lambda: ProcessingChain(ChainSettings(echo=echo, noise_suppression=ns,
                                                 automatic_gain=agc)).process


def candidates() -> dict[str, Callable[[], Process]]:
    import pywebrtc_audio

    found: dict[str, Callable[[], Process]] = {
        "none (microphone as is)": lambda: (lambda m, f: m),
        "AEC3 (pywebrtc-audio)": chain(EchoMode.AEC3),
        "AEC3 + NS": chain(EchoMode.AEC3, ns=True),
    }
    lib = speex_library()
    if lib is not None:
        found["speexdsp MDF 300 ms"] = lambda: Speex(lib, 300, False)
        found["speexdsp MDF + its RES"] = lambda: Speex(lib, 300, True)

        def speex_then_aec3() -> Process:
            speex = Speex(lib, 300, False)
            aec3 = pywebrtc_audio.EchoCanceller(RATE, 1)
            return lambda m, f: aec3.process(speex(m, f), f)

        found["speexdsp MDF -> AEC3"] = speex_then_aec3
    found["ours: linear only"] = chain(EchoMode.LINEAR)
    found["ours: linear + RES"] = chain(EchoMode.LINEAR_RESIDUAL)
    found["ours + NS (default)"] = chain(EchoMode.LINEAR_RESIDUAL, ns=True)
    found["ours + NS + AGC (switch)"] = chain(EchoMode.LINEAR_RESIDUAL, ns=True, agc=True)
    return found


def rooms(quick: bool) -> list[tuple[str, Any, str]]:
    from tests.room_audio.material import scene

    settings = [(0.18, 0.0)] if quick else [(0.1, -3.0), (0.18, 0.0), (0.25, 3.0)]
    talkers = ["0870"] if quick else ["0870", "0920"]
    out = []
    for delay, drr in settings:
        for talker in talkers:
            room, text = scene(talker, delay, drr)
            out.append((f"{1000 * delay:.0f} ms, DRR {drr:+.0f} dB, talker {talker}", room, text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    from tests.services.test_asr_common import engine

    recogniser = engine("whisper-tiny.en")
    to16k = Resampler(16_000)

    def words(audio: np.ndarray) -> str:
        padded = np.concatenate([to16k(audio, RATE), np.zeros(16_000, np.float32)])
        return " ".join(f.text for f in transcribe(recogniser, padded))

    material = rooms(args.quick)
    print(f"{len(material)} room(s): " + "; ".join(name for name, _, _ in material))
    header = (f"{'candidate':28s} {'removed dB':>10s} {'after dB':>9s} {'talker dB':>9s} "
              f"{'WER alone':>9s} {'WER double':>10s} {'CPU s/s':>8s} {'latency ms':>10s}")
    print(header)
    print("-" * len(header))
    for name, make in candidates().items():
        rows = []
        refs, alone_h, double_h = [], [], []
        for _, room, text in material:
            out, cpu = process_in_frames(make(), room.mic, room.far)
            figures = measure(room, out, cpu_s=cpu)
            rows.append(figures)
            lag = lag_of(out, room.local, room.segments["alone"])
            refs.append(text)
            alone_h.append(words(segment_audio(out, room, "alone", lag)))
            double_h.append(words(segment_audio(out, room, "double", lag)))
        print(f"{name:28s} "
              f"{statistics.mean(r.echo_removed_db for r in rows):10.1f} "
              f"{statistics.mean(r.echo_removed_after_db for r in rows):9.1f} "
              f"{statistics.mean(r.talker_change_db for r in rows):9.1f} "
              f"{word_error_rate(refs, alone_h):9.2f} {word_error_rate(refs, double_h):10.2f} "
              f"{statistics.mean(r.cpu_per_audio_s for r in rows):8.3f} "
              f"{statistics.mean(r.latency_ms for r in rows):10.1f}", flush=True)
    print("\nper room, the default chain (ours + NS):")
    make = candidates()["ours + NS (default)"]
    for label, room, _ in material:
        out, cpu = process_in_frames(make(), room.mic, room.far)
        f = measure(room, out, cpu_s=cpu)
        print(f"  {label:36s} removed {f.echo_removed_db:5.1f} dB, after "
              f"{f.echo_removed_after_db:5.1f} dB, talker {f.talker_change_db:+.1f} dB")


if __name__ == "__main__":
    main()
