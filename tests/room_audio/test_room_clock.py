"""Separate microphone and loudspeakers drift apart; the room follows their clocks' ratio so
the echo stays where the canceller found it (the callbacks are driven by simulated clocks)."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from facilitator.services.room_audio import ClockRatio
from facilitator.services.room_audio.clock import read_resampled

from .test_room_logic import FRAME, drain, offline_room

RATE = 48_000


def observe_clocks(ppm: float, seconds: float, seed: int = 1) -> ClockRatio:
    """Input callbacks every 10 ms; the output count at each, up to a block late (jitter)."""
    clock = ClockRatio()
    rng = np.random.default_rng(seed)
    ratio = 1 + ppm * 1e-6
    for block in range(int(seconds * 100)):
        input_count = block * FRAME
        lag = int(rng.integers(0, FRAME))
        clock.observe(input_count, int(input_count * ratio) + 5_000 - lag)
    return clock


@pytest.mark.parametrize("ppm", [150.0, -80.0, 0.0])
def test_the_clock_ratio_is_found_from_jittery_sample_counts(ppm: float) -> None:
    clock = observe_clocks(ppm, 60)
    assert clock.ppm == pytest.approx(ppm, abs=8)  # a residual 8 ppm the canceller follows


def test_no_ratio_is_used_before_ten_seconds_or_beyond_a_thousand_ppm() -> None:
    assert observe_clocks(150, 8).ratio == 1.0
    assert observe_clocks(5_000, 60).ratio == 1.0


def test_the_reference_is_read_at_the_ratio_and_unchanged_at_exactly_one() -> None:
    samples = np.random.default_rng(2).standard_normal(2_000).astype(np.float32)
    assert np.array_equal(read_resampled(samples, 10.0, 500, 1.0), samples[10:510])
    ratio = 1 + 200e-6
    n = np.arange(20_000)
    wave = np.sin(2 * np.pi * 1_000 * n / RATE).astype(np.float32)
    read = read_resampled(wave, 5.5, 15_000, ratio)
    truth = np.sin(2 * np.pi * 1_000 * (5.5 + np.arange(15_000) * ratio) / RATE)
    error = np.mean((read - truth) ** 2) / np.mean(truth ** 2)
    assert 10 * np.log10(error) < -50


FINE = 4  # the far end is made on a grid four times finer than the samples
FAR_SECONDS = 64


@functools.cache
def _fine_far_end() -> np.ndarray:
    """Speech-band noise (150-3,500 Hz) under a 3 Hz syllable envelope, FINE x 48 kHz."""
    count = FAR_SECONDS * RATE * FINE
    spectrum = np.fft.rfft(np.random.default_rng(7).standard_normal(count))
    hertz = np.fft.rfftfreq(count, 1 / (RATE * FINE))
    spectrum[(hertz < 150) | (hertz > 3_500)] = 0
    noise = np.fft.irfft(spectrum, count)
    noise *= 0.05 / np.sqrt(np.mean(noise ** 2))
    t = np.arange(count) / (RATE * FINE)
    return (noise * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)


def far_end(positions: np.ndarray) -> np.ndarray:
    """The far end's sound at any (fractional) loudspeaker sample position: band-limited, so
    reading between the fine grid's points is all but exact (silence outside it)."""
    fine = _fine_far_end()
    at = positions * FINE
    whole = np.floor(at).astype(np.int64)
    inside = (whole >= 0) & (whole < len(fine) - 1)
    whole = np.where(inside, whole, 0)
    fraction = at - whole
    value = fine[whole] * (1 - fraction) + fine[whole + 1] * fraction
    return np.where(inside, value, 0.0)


def room_with_clocks(ppm: float, seconds: float, follow: bool) -> tuple[float, float]:
    """(echo removed in the last 10 s in dB, the ratio found in ppm) for a room whose
    loudspeakers play `ppm` faster than its microphone records."""
    room, frames = offline_room()
    now = [0.0]
    room.now = lambda: now[0]  # type: ignore[method-assign]
    if not follow:
        room.clock.observe = lambda *_: None  # type: ignore[method-assign]
    ratio = 1 + ppm * 1e-6
    delay, reflection = 0.1 * RATE, 0.137 * RATE  # loudspeaker to microphone, and a wall
    pushed = 0  # far-end samples handed to the room so far
    played_from: float | None = None  # loudspeaker position where the far end began to play
    next_out, next_in = FRAME / (RATE * ratio), FRAME / RATE  # real time of the next callbacks
    mic_index, heard = 0, []
    while mic_index < seconds * RATE:
        if next_out <= next_in:
            now[0] = next_out
            while room._buffered < 5 * FRAME:  # past the 40 ms the room holds back first
                room.push_output(far_end(np.arange(pushed, pushed + 960)).astype(np.float32))
                pushed += 960
            before = room._out_count
            played = np.zeros((FRAME, 1), np.float32)
            room._output_callback(played, FRAME, None, None)
            if played_from is None and np.any(played):
                played_from = before + int(np.argmax(played[:, 0] != 0))
            next_out += FRAME / (RATE * ratio)
        else:
            now[0] = next_in
            # what the microphone hears: the loudspeaker's sound at its own clock's positions
            mic = np.zeros(FRAME)
            if played_from is not None:
                where = (mic_index + np.arange(FRAME)) * ratio - played_from
                for lag, gain in ((delay, 0.5), (reflection, 0.2)):
                    far = far_end(where - lag)
                    mic += np.where(where - lag >= 0, gain * far, 0.0)
            room._input_callback(mic.astype(np.float32).reshape(-1, 1), FRAME, None, None)
            heard.append(mic)
            mic_index += FRAME
            next_in += FRAME / RATE
            drain(room)
    cleaned = np.concatenate(frames).astype(np.float64)
    raw = np.concatenate(heard)[:len(cleaned)]
    tail = slice(len(cleaned) - 10 * RATE, len(cleaned))
    removed = 10 * np.log10(np.sum(raw[tail] ** 2) / (np.sum(cleaned[tail] ** 2) + 1e-20))
    return float(removed), room.clock.ppm


@pytest.mark.slow
def test_echo_from_loudspeakers_on_another_clock_is_still_removed() -> None:
    removed, found = room_with_clocks(150, 40, follow=True)
    assert found == pytest.approx(150, abs=5)
    assert removed >= 35, removed
    # without following the clocks, the canceller never catches the moving echo
    unfollowed, _ = room_with_clocks(150, 40, follow=False)
    assert unfollowed < 10, unfollowed
