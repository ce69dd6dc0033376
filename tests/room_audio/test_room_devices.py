"""The room's devices for real, through a private PulseAudio null sink: what RoomAudio plays
comes back on the sink's monitor (a perfect echo path with the real device buffering), the
device checks, room mute, and a sound server that dies mid-meeting and comes back."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from facilitator.services.room_audio import (
    ChainSettings,
    DeviceNotice,
    Direction,
    Level,
    NoticeKind,
    RoomAudio,
    StreamState,
    list_devices,
    play_test_tone,
    say_something,
)
from tests.services.test_asr_common import espeak

from .conftest import PrivatePulse
from .hub_clock import FakeHub

pytestmark = pytest.mark.slow
SPEECH = ("Good morning, this is the social worker joining by video. Can everyone in the room "
          "hear me clearly? I will start with the update from the family's visit last week.")


def far_speech(tmp_path: Path) -> np.ndarray:
    from facilitator.services.asr.resample import Resampler

    audio, rate = espeak(SPEECH, "en-us+f3", tmp_path)
    speech = Resampler(48_000)(audio, rate)
    return (speech / np.max(np.abs(speech)) * 0.3).astype(np.float32)


def power_db(samples: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(samples, dtype=np.float64)) + 1e-20))


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_devices_are_listed_and_checked(pulse: PrivatePulse, tmp_path: Path) -> None:
    inputs, outputs = list_devices(Direction.INPUT), list_devices(Direction.OUTPUT)
    assert any(d.name == "pulse" for d in inputs) and any(d.name == "pulse" for d in outputs)
    assert sum(d.is_default for d in inputs) <= 1
    # The test tone, captured back from the sink's monitor.
    import sounddevice as sd

    captured: list[np.ndarray] = []
    with sd.InputStream(samplerate=48_000, channels=1, dtype="float32", device="pulse",
                        callback=lambda data, *_: captured.append(data[:, 0].copy())):
        result = play_test_tone("pulse")
        time.sleep(0.3)
    assert result.ok, result.message
    heard = np.concatenate(captured)
    assert power_db(heard) > -40 and np.max(np.abs(heard)) == pytest.approx(0.25, abs=0.05)
    # "Say something": speech played into the room is heard; silence is not.
    # longer than the recording: however late paplay starts, the recording is full of speech
    audio, _ = espeak("Hello, this is the room. Can you hear us? We are all here now, and we "
                      "are ready to start the meeting whenever you are.", "en-gb", tmp_path)
    clip = tmp_path / "say.wav"
    with wave.open(str(clip), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22_050)
        w.writeframes(audio.tobytes())
    player = subprocess.Popen(["paplay", "--device=room", str(clip)], env=pulse.env)
    try:
        check = say_something("pulse", seconds=4.0)  # paplay may take a while to start
    finally:
        player.wait(timeout=30)
    assert check.heard, check  # (seconds of speech, peak, noise floor, message)
    quiet = say_something("pulse", seconds=1.0)
    assert not quiet.heard and "Silence" in quiet.message
    missing = say_something("no such microphone", seconds=0.5)
    assert not missing.heard and "cannot record" in missing.message


def _play_and_capture(far: np.ndarray) -> tuple[RoomAudio, FakeHub, list[Level],
                                                 list[DeviceNotice], list[float], np.ndarray,
                                                 int]:
    levels: list[Level] = []
    notices: list[DeviceNotice] = []
    hub = FakeHub(None, far)
    room = RoomAudio(hub.room_input, "pulse", "pulse", ChainSettings(automatic_gain=False),
                     on_notice=notices.append, on_input_level=levels.append)
    hub.push = room.push_output
    try:
        assert room.start(), notices
        hub.start()
        seconds = len(far) / 48_000
        time.sleep(seconds * 0.85)
        raw = [lv.rms_dbfs for lv in levels[-25:]]
        cleaned = hub.received_audio()[-int(2.5 * 48_000):]
        room.muted = True
        time.sleep(0.5)
        muted_from = len(hub.received)
        time.sleep(0.5)
    finally:
        hub.stop()
        room.stop()
    return room, hub, levels, notices, raw, cleaned, muted_from


def test_what_the_room_plays_is_captured_back_and_cancelled(pulse: PrivatePulse,
                                                           tmp_path: Path) -> None:
    far = far_speech(tmp_path)
    # A machine too loaded to feed the sound server makes the loudspeakers underrun: the echo
    # path then jumps mid-measurement. Such a run is measured once more (the count is printed).
    for attempt in range(2):
        room, hub, levels, notices, raw, cleaned, muted_from = _play_and_capture(far)
        if room.underruns == 0:
            break
        print(f"attempt {attempt + 1}: {room.underruns} underrun(s), measuring again")
    assert notices == [] and hub.errors == []
    assert room.input.state is StreamState.STOPPED
    delay = room.chain.canceller.delays.delay if room.chain.canceller else None
    raw_db = 10 * np.log10(np.mean([10 ** (r / 10) for r in raw]))
    print(f"echo delay found {delay} samples; raw {raw_db:.1f} dBFS, "
          f"cleaned {power_db(cleaned):.1f} dBFS; underruns {room.underruns}")
    assert raw_db > -35, "what the room played did not come back from the monitor"
    assert delay is not None
    # A pure delay (the monitor) through real buffering: 30-36 dB here after 7 s; a broken
    # alignment gives about 5. The 35 dB target is asserted on the modelled room.
    assert raw_db - power_db(cleaned) >= 25
    muted = np.concatenate(hub.received[muted_from:])
    assert len(muted) and not np.any(muted)
    assert levels[-1].rms_dbfs > -60  # the meter still shows what the microphone hears


def test_a_sound_server_that_dies_and_returns(pulse: PrivatePulse, tmp_path: Path) -> None:
    notices: list[DeviceNotice] = []
    got_notice = threading.Event()
    hub = FakeHub(None, np.tile(far_speech(tmp_path), 4))
    room = RoomAudio(hub.room_input, "pulse", "pulse", on_notice=lambda n: (
        notices.append(n), got_notice.set()), poll_s=0.2)
    hub.push = room.push_output
    try:
        assert room.start()
        hub.start()
        assert wait_for(lambda: room.frames_delivered > 25, 5)
        pulse.stop(signal.SIGKILL)
        assert wait_for(lambda: {n.direction for n in notices if n.kind is NoticeKind.LOST}
                        == {Direction.INPUT, Direction.OUTPUT}, 10), notices
        lost = [n.message for n in notices]
        dropped = room.dropped_output
        assert wait_for(lambda: room.dropped_output > dropped + 48_000 // 2, 3)
        delivered = room.frames_delivered
        pulse.start()
        assert wait_for(lambda: {n.direction for n in notices if n.kind is NoticeKind.BACK}
                        == {Direction.INPUT, Direction.OUTPUT}, 10), notices
        assert wait_for(lambda: room.frames_delivered > delivered + 25, 5)
        assert room.running
    finally:
        hub.stop()
        room.stop()
    assert hub.errors == []
    assert any("microphone" in m and "went away" in m and "goes on" in m for m in lost), lost
    assert any("loudspeakers" in m and "went away" in m for m in lost), lost
