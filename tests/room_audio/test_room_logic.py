"""RoomAudio's logic without a sound device: the PortAudio callbacks are called directly, so the
jitter buffer, the far-end reference (exactly what was written, aligned by frame counts), mute,
the meters and a missing device can be checked quickly and deterministically."""

from __future__ import annotations

import time

import numpy as np
import pytest

from facilitator.services.room_audio import (
    ChainSettings,
    DeviceNotice,
    Direction,
    EchoMode,
    Level,
    LevelMeter,
    NoticeKind,
    RoomAudio,
    StreamState,
    speech_in,
)
from facilitator.services.room_audio.devices import tone
from facilitator.services.room_audio.room import ALIGN_MARGIN

FRAME = 480


def offline_room(**kwargs: object) -> tuple[RoomAudio, list[np.ndarray]]:
    frames: list[np.ndarray] = []
    room = RoomAudio(frames.append, settings=ChainSettings(echo=EchoMode.LINEAR_RESIDUAL,
                                                           noise_suppression=False),
                     **kwargs)  # type: ignore[arg-type]
    room.input.state = room.output.state = StreamState.RUNNING  # as if both were open
    return room, frames


def play(room: RoomAudio, count: int) -> np.ndarray:
    out = np.zeros((count, 1), dtype=np.float32)
    room._output_callback(out, count, None, None)
    return out[:, 0]


def drain(room: RoomAudio) -> None:
    while not room._queue.empty():
        kind, block, where = room._queue.get_nowait()
        if kind == "in":
            room.input_meter.feed(block)
            room._process(block, room._played(where, len(block)))
        else:
            room.output_meter.feed(block)


def test_the_jitter_buffer_plays_what_the_hub_sent_and_the_reference_is_exactly_that() -> None:
    room, _ = offline_room()
    sent = tone(440.0, 0.12)  # within the 160 ms bound
    assert not np.any(play(room, FRAME))  # nothing buffered yet: silence
    for start in range(0, len(sent), 960):
        room.push_output(sent[start:start + 960])
    played = np.concatenate([play(room, FRAME) for _ in range(len(sent) // FRAME)])
    assert np.array_equal(played, sent)
    assert np.array_equal(room._played((FRAME, 1.0), len(sent)), sent)  # the ring: what was written
    assert not np.any(play(room, FRAME)) and room.underruns == 1  # ran dry: silence
    assert not np.any(room._played((1e9, 1.0), FRAME))  # unknown: zeros, never garbage


def test_the_buffer_stays_bounded_and_frames_are_dropped_while_the_speakers_are_gone() -> None:
    room, _ = offline_room(max_buffer_ms=100)
    for _ in range(50):
        room.push_output(np.ones(960, np.float32))
    assert room._buffered <= 100 * 48
    room.output.state = StreamState.LOST
    room.push_output(np.ones(960, np.float32))
    assert room.dropped_output == 960


def test_echo_through_the_callbacks_is_cancelled_and_mute_sends_silence() -> None:
    room, frames = offline_room()
    levels: list[Level] = []
    room.input_meter = LevelMeter(levels.append)
    rng = np.random.default_rng(3)
    seconds = np.arange(6 * 48_000) / 48_000  # noise with a 4 Hz "syllable" envelope
    far = (0.05 * rng.standard_normal(len(seconds))
           * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * seconds))).astype(np.float32)
    delay = 4 * FRAME + 123  # device buffering the canceller has to find
    played = np.zeros(delay, np.float32)  # what the loudspeakers played, as the room hears it
    for start in range(0, len(far) - 960 + 1, 960):
        room.push_output(far[start:start + 960])
        for _ in range(2):
            played = np.concatenate([played, play(room, FRAME)])
            heard = 0.5 * played[-delay - FRAME:-delay]
            room._input_callback(heard.reshape(-1, 1), FRAME, None, None)
        drain(room)
    cleaned = np.concatenate(frames)
    tail = slice(len(cleaned) - 48_000, len(cleaned))
    raw = 0.5 * played[:len(cleaned)][tail]
    removed = 10 * np.log10(np.sum(raw.astype(np.float64) ** 2)
                            / (np.sum(cleaned[tail].astype(np.float64) ** 2) + 1e-20))
    assert removed >= 30, removed
    assert room.chain.canceller is not None
    # The reference is anchored ALIGN_MARGIN older than written (fewer waits), so the echo
    # appears that much sooner relative to it.
    assert room.chain.canceller.delays.delay == pytest.approx(delay - ALIGN_MARGIN, abs=12)
    room.muted = True
    frames.clear()
    for _ in range(4):
        room._input_callback(far[:FRAME].reshape(-1, 1), FRAME, None, None)
    drain(room)
    assert frames and not any(np.any(f) for f in frames)
    assert room.muted and levels[-1].rms_dbfs > -40  # the meter still shows the microphone


def test_a_missing_device_is_a_notice_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sounddevice", exc_type=OSError)
    notices: list[DeviceNotice] = []
    room = RoomAudio(lambda frame: None, input_device="no such microphone",
                     output_device="no such loudspeakers", on_notice=notices.append, poll_s=0.05)
    try:
        assert room.start() is False
        room.push_output(np.zeros(960, np.float32))  # the hub carries on
        time.sleep(0.2)
    finally:
        room.stop()
    assert room.dropped_output == 960
    assert {(n.direction, n.kind) for n in notices} == {
        (Direction.INPUT, NoticeKind.UNAVAILABLE), (Direction.OUTPUT, NoticeKind.UNAVAILABLE)}
    assert "microphone ('no such microphone') cannot be opened" in notices[0].message
    assert room.input.state is StreamState.STOPPED


def test_meter_and_speech_check_on_known_signals() -> None:
    levels: list[Level] = []
    meter = LevelMeter(levels.append)
    meter.feed(tone(440.0, 0.5, -12.0))
    assert len(levels) == 5
    assert levels[2].peak_dbfs == pytest.approx(-12.0, abs=0.1)
    assert levels[2].rms_dbfs == pytest.approx(-15.0, abs=0.1)
    assert not speech_in(np.zeros(48_000, np.float32)).heard
    assert not speech_in(np.tile(tone(), 2)).heard  # a steady tone is not speech
