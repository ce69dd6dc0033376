"""The room microphone for real: PulseAudio with a null sink, a speech clip played into it, and
the RoomMicrophone (sounddevice, ALSA's "pulse" device) recording its monitor into the pipeline.

The fixture starts a private PulseAudio daemon (its own runtime dir under tmp_path, so it never
meets a desktop's) and stops it by its PID. PortAudio reads the environment when it initialises,
so the test re-initialises it after pointing PULSE_* at the private server, and again after.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from facilitator.domain.transcript import UtteranceSource
from facilitator.services.asr import DeliveryQueue, RecognisedUtterance, TranscriptionPipeline
from facilitator.services.asr.wer import word_error_rate
from facilitator.services.audio_input import RoomMicrophone, input_devices

from .test_asr_common import clip, engine, make_session, require

pytestmark = pytest.mark.slow


def _reinitialise_portaudio() -> None:
    import sounddevice as sd

    sd._terminate()
    sd._initialize()


@pytest.fixture
def pulse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    binary = shutil.which("pulseaudio")
    require(binary is not None, "pulseaudio is not installed")
    try:
        import sounddevice  # noqa: F401
    except OSError as missing:  # libportaudio2 absent
        require(False, f"PortAudio is not installed: {missing}")
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    pulse_dir = runtime / "pulse"
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PULSE_RUNTIME_PATH": str(pulse_dir),
           "HOME": str(tmp_path)}
    subprocess.run(
        [str(binary), "--daemonize=yes", "--exit-idle-time=-1", "-n",
         "--load=module-null-sink sink_name=room",
         "--load=module-native-protocol-unix", "--log-target=stderr"],
        env=env, check=True, timeout=30, capture_output=True)
    pid_file = pulse_dir / "pid"
    deadline = time.monotonic() + 10
    while not (pid_file.is_file() and (pulse_dir / "native").exists()):
        assert time.monotonic() < deadline, "pulseaudio did not start"
        time.sleep(0.05)
    pid = int(pid_file.read_text().split()[0])
    for name, value in (("XDG_RUNTIME_DIR", str(runtime)), ("PULSE_RUNTIME_PATH", str(pulse_dir)),
                        ("PULSE_SERVER", f"unix:{pulse_dir / 'native'}"),
                        ("PULSE_SINK", "room"), ("PULSE_SOURCE", "room.monitor")):
        monkeypatch.setenv(name, value)
    _reinitialise_portaudio()
    try:
        yield pulse_dir
    finally:
        with contextlib.suppress(ProcessLookupError):  # a test may have killed it already
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
        monkeypatch.undo()
        _reinitialise_portaudio()


def test_speech_played_into_the_room_is_recorded_and_recognised(pulse: Path) -> None:
    import sounddevice as sd

    assert any(d.name == "pulse" for d in input_devices())
    session = make_session()
    delivered = DeliveryQueue()
    pipeline = TranscriptionPipeline(engine(), session.clock, deliver=delivered.put).start()
    room = pipeline.add_source("room", UtteranceSource.ROOM, None)
    problems: list[str] = []
    microphone = RoomMicrophone(room, device="pulse", on_problem=problems.append)
    spoken = clip("0880")
    try:
        assert microphone.start(), problems
        assert microphone.running and microphone.sample_rate == 16_000
        time.sleep(0.3)
        sd.play(spoken.audio, 16_000, device="pulse", blocking=True)
        time.sleep(1.2)  # the pause that closes the utterance
    finally:
        microphone.stop()
        pipeline.stop(flush=True)
    assert not microphone.running and problems == []
    assert microphone.frames >= int(16_000 * (spoken.seconds + 1.0))
    heard: list[RecognisedUtterance] = []
    delivered.drain(heard.append)
    assert heard, "nothing recognised from the room"
    lines = {u.key: u.text for u in heard}  # a revision (the beam's text) replaces the line's
    assert sum(not u.revision for u in heard) == len(lines)
    text = " ".join(lines.values())
    assert word_error_rate([spoken.text], [text]) <= 0.3, text
    assert all(u.speaker_id is None and u.kind is UtteranceSource.ROOM for u in heard)


def test_a_device_that_cannot_be_opened_is_a_warning_not_a_crash(pulse: Path) -> None:
    problems: list[str] = []
    pushed: list[int] = []

    class Sink:
        def push(self, samples: np.ndarray, sample_rate: int) -> None:
            pushed.append(len(samples))

    microphone = RoomMicrophone(Sink(), device="no such microphone", on_problem=problems.append)
    assert microphone.start() is False
    assert not microphone.running and pushed == []
    assert len(problems) == 1
    assert problems[0].startswith("the room microphone ('no such microphone') cannot be opened")
    microphone.stop()  # harmless


def test_the_sound_server_dying_mid_meeting_is_a_warning(pulse: Path) -> None:
    problems: list[str] = []
    pushed: list[int] = []

    class Sink:
        def push(self, samples: np.ndarray, sample_rate: int) -> None:
            pushed.append(len(samples))

    microphone = RoomMicrophone(Sink(), device="pulse", on_problem=problems.append)
    assert microphone.start()
    deadline = time.monotonic() + 5
    while not pushed and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pushed, "no audio arrived from the null sink's monitor"
    os.kill(int((pulse / "pid").read_text().split()[0]), signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not problems and time.monotonic() < deadline:
        time.sleep(0.05)
    assert problems and "stopped: check the device" in problems[0]
    assert not microphone.running
    microphone.stop()  # still harmless
