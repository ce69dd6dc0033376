"""The chair's app as a real separate process (headless), for the minute-taker tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ChairProcess:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = folder / "chair.sqlite3"
        self.port = free_port()
        # No speech recognition: `serve --headless` now transcribes like the window, which
        # would load a speech model and open this computer's own microphone; these tests
        # type their lines through the chair's API.
        env = {**os.environ, "FACILITATOR_DB": str(self.db),
               "FACILITATOR_TRANSCRIPTION": "off"}
        self.env = env
        out = subprocess.run([sys.executable, "-m", "ui.cli", "demo"], env=env, check=True,
                             capture_output=True, text=True).stdout
        self.conference_id = out.split()[3].rstrip(":")
        self.process: subprocess.Popen[str] | None = None
        self.url = ""
        self.chair_token = ""
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "serve", "--headless", "--conference",
             self.conference_id, "--port", str(self.port), "--no-room-audio"],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert self.process.stdout is not None
        deadline = time.monotonic() + 30
        token_file = None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the chair's app ended while starting")
            if line.startswith("listening on "):
                self.url = line.split()[2]
            if line.startswith("chair's API token: in "):
                token_file = Path(line.removeprefix("chair's API token: in ").strip())
                break
        assert token_file is not None, "the chair's app did not say where its token is"
        self.chair_token = token_file.read_text().strip()

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def api(self, path: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body or {}).encode(), method="POST" if
            body is not None else "GET",
            headers={"Authorization": f"Bearer {self.chair_token}",
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, context=context, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read())
