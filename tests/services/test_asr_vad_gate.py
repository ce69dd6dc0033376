"""Quiet tone costs almost nothing (services/asr/vad.py, `quiet_margin_db`): with nobody
speaking, windows near the source's own noise floor are scored 0 without running the Silero
network. What must not change: where speech is found, on a quiet room, on a noisy line and on a
microphone turned down low."""

from __future__ import annotations

import numpy as np

from facilitator.services.asr.settings import VadSettings
from facilitator.services.asr.vad import Segmenter, SileroVad, vad_model_path

from .test_asr_common import clip

RATE = 16_000


def pink(seconds: float, dbfs: float, seed: int) -> np.ndarray:
    """Pink noise at `dbfs` RMS (1/f power, shaped in the frequency domain)."""
    n = int(seconds * RATE)
    spectrum = np.fft.rfft(np.random.default_rng(seed).standard_normal(n))
    spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
    noise = np.fft.irfft(spectrum, n)
    return (noise / np.sqrt(np.mean(noise ** 2)) * 10 ** (dbfs / 20)).astype(np.float32)


def speech(dbfs: float) -> np.ndarray:
    """Two real sentences, 3 s apart, scaled to `dbfs` RMS over their voiced part."""
    parts = [clip("0890").audio, clip("0930").audio]
    audio = np.concatenate([parts[0], np.zeros(3 * RATE, np.int16), parts[1]]
                           ).astype(np.float32) / 32768
    voiced = audio[np.abs(audio) > 0.02]
    return audio * (10 ** (dbfs / 20) / np.sqrt(np.mean(voiced ** 2)))


def utterances(audio: np.ndarray, margin_db: float) -> tuple[list[tuple[int, int]], SileroVad]:
    vad = SileroVad(vad_model_path(), quiet_margin_db=margin_db)
    segmenter = Segmenter(vad, VadSettings())
    found: list[tuple[int, int]] = []
    start = 0
    for i in range(0, len(audio), 320):  # 20 ms pieces, as the hub delivers them
        for chunk in segmenter.feed(audio[i:i + 320]):
            if chunk.opens:
                start = chunk.start
            if chunk.closes:
                found.append((start, chunk.end))
    for chunk in segmenter.finish():
        if chunk.closes:
            found.append((start, chunk.end))
    return found, vad


def scene(noise_dbfs: float, speech_dbfs: float, seed: int) -> np.ndarray:
    talk = speech(speech_dbfs)
    audio = pink(6 + len(talk) / RATE + 3, noise_dbfs, seed)
    audio[6 * RATE: 6 * RATE + len(talk)] += talk
    return audio


def test_a_quiet_room_skips_the_network_and_finds_the_same_speech() -> None:
    audio = scene(-60, -26, seed=1)
    gated, vad = utterances(audio, margin_db=10)
    plain, every = utterances(audio, margin_db=0)
    assert len(plain) == 2 and gated == plain
    assert every.skipped_windows == 0
    # the network ran on the utterances (each closed by a 1 s pause) and hardly anywhere else
    idle = (len(audio) - sum(end - start + RATE for start, end in plain)) // 512
    assert vad.skipped_windows >= 0.9 * idle, (vad.skipped_windows, idle)


def test_a_noisy_line_runs_the_network_on_every_window() -> None:
    audio = scene(-32, -26, seed=2)  # a caller in the street: speech 6 dB over the noise
    gated, vad = utterances(audio, margin_db=10)
    plain, _ = utterances(audio, margin_db=0)
    assert gated == plain and len(plain) >= 1
    assert vad.skipped_windows == 0


def test_soft_speech_on_a_microphone_turned_down_is_still_found() -> None:
    audio = scene(-88, -60, seed=3)  # the whole signal 30 dB lower than usual
    gated, vad = utterances(audio, margin_db=10)
    plain, _ = utterances(audio, margin_db=0)
    assert len(plain) == 2 and gated == plain
    assert vad.skipped_windows > 0
