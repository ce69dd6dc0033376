"""A private PulseAudio with a null sink "room" for the room-audio tests: what is played to the
sink comes back on its monitor (the room's "microphone"). The daemon runs with its own runtime
dir under tmp_path, is stopped by its PID, and can be killed and started again by a test (a
device that disappears and returns). PortAudio is re-initialised after pointing PULSE_* at it.
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

import pytest

from tests.services.test_asr_common import require


def _reinitialise_portaudio() -> None:
    import sounddevice as sd

    sd._terminate()
    sd._initialize()


class PrivatePulse:
    def __init__(self, tmp_path: Path) -> None:
        binary = shutil.which("pulseaudio")
        require(binary is not None, "pulseaudio is not installed")
        assert binary is not None
        self.binary = binary
        self.runtime = tmp_path / "xdg"
        self.runtime.mkdir(mode=0o700)
        self.dir = self.runtime / "pulse"
        self.env = {**os.environ, "XDG_RUNTIME_DIR": str(self.runtime),
                    "PULSE_RUNTIME_PATH": str(self.dir), "HOME": str(tmp_path)}
        self.pid: int | None = None

    def start(self) -> None:
        subprocess.run(
            [self.binary, "--daemonize=yes", "--exit-idle-time=-1", "-n",
             "--load=module-null-sink sink_name=room rate=48000",
             "--load=module-native-protocol-unix", "--log-target=stderr"],
            env=self.env, check=True, timeout=30, capture_output=True)
        pid_file = self.dir / "pid"
        deadline = time.monotonic() + 10
        while not (pid_file.is_file() and (self.dir / "native").exists()):
            assert time.monotonic() < deadline, "pulseaudio did not start"
            time.sleep(0.05)
        self.pid = int(pid_file.read_text().split()[0])

    def stop(self, sig: int = signal.SIGTERM) -> None:
        pid, self.pid = self.pid, None
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def pulse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivatePulse]:
    try:
        import sounddevice  # noqa: F401
    except OSError as missing:  # libportaudio2 absent
        require(False, f"PortAudio is not installed: {missing}")
    server = PrivatePulse(tmp_path)
    server.start()
    for name, value in (("XDG_RUNTIME_DIR", str(server.runtime)),
                        ("PULSE_RUNTIME_PATH", str(server.dir)),
                        ("PULSE_SERVER", f"unix:{server.dir / 'native'}"),
                        ("PULSE_SINK", "room"), ("PULSE_SOURCE", "room.monitor")):
        monkeypatch.setenv(name, value)
    _reinitialise_portaudio()
    try:
        yield server
    finally:
        server.stop()
        monkeypatch.undo()
        _reinitialise_portaudio()
