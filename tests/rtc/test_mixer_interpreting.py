"""The mixer lowers the others by 15 dB for a listener while their interpreter speaks, and
only then; listeners with the same interpreter share one encoding."""

from __future__ import annotations

import itertools

import numpy as np

from facilitator.services.rtc.mixer import FRAME_SAMPLES, SAMPLE_RATE, AudioMixer, rms

T = np.arange(FRAME_SAMPLES) / SAMPLE_RATE


def tone(frequency: float) -> np.ndarray:
    return (0.3 * np.sin(2 * np.pi * frequency * T)).astype(np.float32)


def level(samples: np.ndarray, frequency: float) -> float:
    return float(abs(np.dot(samples, np.exp(-2j * np.pi * frequency * T))) / len(samples))


def db(a: float, b: float) -> float:
    return 20 * np.log10(a / b)


def test_the_interpreted_person_hears_the_interpreter_over_the_original() -> None:
    mixer = AudioMixer()
    everyone = {"liam": True, "liam2": True, "jade": True}  # PCM out, to measure
    interpreters = {"liam": frozenset({"zofia"}), "liam2": frozenset({"zofia"})}
    mixer.source("tom").push(tone(1700))
    first = mixer.tick(everyone, lambda a, b: a != b, lambda a: interpreters.get(a, frozenset()))
    assert abs(db(level(first.pcm["liam"], 1700), level(first.pcm["jade"], 1700))) < 0.1, (
        "with the interpreter silent, the original is at its normal level")
    for _ in range(3):
        mixer.source("tom").push(tone(1700))
        mixer.source("zofia").push(tone(1000))
        result = mixer.tick(everyone, lambda a, b: a != b,
                            lambda a: interpreters.get(a, frozenset()))
    liam, jade = result.pcm["liam"], result.pcm["jade"]
    assert db(level(liam, 1000), level(liam, 1700)) > 14.9  # interpreter 15 dB above Tom
    assert abs(db(level(jade, 1000), level(jade, 1700))) < 0.1  # others: no change
    assert result.pcm["liam"] is result.pcm["liam2"], "the same interpreter: one mix"
    assert result.mixes == 2
    # the interpreter stops: after the hangover the original comes back within 200 ms
    levels = []
    for _ in range(30):
        mixer.source("tom").push(tone(1700))
        levels.append(rms(mixer.tick(everyone, lambda a, b: a != b,
                                     lambda a: interpreters.get(a, frozenset())).pcm["liam"]))
    assert levels[-1] > 0.2 and levels[10] < 0.1, levels  # lowered in the hangover, then back
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(levels[15:])), (
        "the original comes back smoothly")
