"""`facilitator server` as a real process, started and stopped by its PID."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def environment(db: Path) -> dict[str, str]:
    return {**os.environ, "FACILITATOR_DB": str(db), "FACILITATOR_TRANSCRIPTION": "off",
            "PYTHONPATH": str(ROOT)}


def facilitator(db: Path, *args: str) -> str:
    """A one-shot command (e.g. server-link); its standard output."""
    done = subprocess.run([sys.executable, "-m", "facilitator.cli", *args],
                          env=environment(db), capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


class ServerProcess:
    """`facilitator server --host HOST --port PORT ARGS`, ready once it prints where it is
    reached; `prefix` runs it through another program (e.g. `ip netns exec NAME`)."""

    def __init__(self, db: Path, port: int, *args: str, host: str = "127.0.0.1",
                 prefix: Sequence[str] = ()) -> None:
        self.db = db
        self.port = port
        command = [*prefix, sys.executable, "-m", "facilitator.cli", "server", "--host", host,
                   "--port", str(port), *args]
        self.process = subprocess.Popen(command, env=environment(db), stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.output: list[str] = []
        self.public_url = ""
        ready = threading.Event()
        threading.Thread(target=self._read, args=(ready,), daemon=True).start()
        if not ready.wait(60) or not self.public_url:
            self.kill()
            raise RuntimeError("the server did not start:\n" + "".join(self.output[-40:]))

    def _read(self, ready: threading.Event) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            if line.startswith("reached at "):
                self.public_url = line.split()[2]
                ready.set()
        ready.set()

    def started(self, at_least: int = 1, timeout: float = 10.0) -> list[str]:
        """The conferences it started (ids, as it prints them: never a name), once it has
        printed `at_least` of them or `timeout` seconds have passed: its output is read by a
        thread of its own, which may not have read the latest line yet."""
        deadline = time.monotonic() + timeout
        while True:
            ids = [line.split()[1] for line in self.output if line.endswith(" started\n")]
            if len(ids) >= at_least or time.monotonic() > deadline:
                return ids
            time.sleep(0.05)

    def stop(self) -> int:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                return self.process.wait(20)
            except subprocess.TimeoutExpired:
                pass
        return self.kill()

    def kill(self) -> int:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        return self.process.wait(20)
