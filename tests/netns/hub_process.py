"""The real hub (`facilitator serve --headless`, the meeting runtime) inside the DMZ, and the
chair's API reached from the council's network."""

from __future__ import annotations

import json
import os
import signal
import ssl
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import aiohttp

from facilitator.domain.clock import SystemClock

from ..rtc.harness import prepared_conference
from .network import HUB_ADDRESS, CouncilNetwork

ROOT = Path(__file__).resolve().parents[2]


class HubInDmz:
    def __init__(self, network: CouncilNetwork, folder: Path, turn: list[str],
                 secret_file: Path) -> None:
        self.folder = folder
        self.db = folder / "hub.sqlite3"
        self.conference_id = prepared_conference(self.db, SystemClock())
        env = {**os.environ, "FACILITATOR_DB": str(self.db), "FACILITATOR_TRANSCRIPTION": "off",
               "PYTHONPATH": str(ROOT)}
        command = [*network.prefix("dmz"), sys.executable, "-m", "facilitator.cli", "serve",
                   "--headless", "--conference", self.conference_id, "--host", HUB_ADDRESS,
                   "--port", "8443", "--no-room-audio", "--turn-secret-file", str(secret_file)]
        for url in turn:
            command += ["--turn", url]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.output: list[str] = []
        self.url = ""
        self.chair_token = ""
        ready = threading.Event()
        threading.Thread(target=self._read, args=(ready,), daemon=True).start()
        if not ready.wait(60) or not self.chair_token:
            self.stop()
            raise RuntimeError("the hub did not start:\n" + "".join(self.output[-40:]))

    def _read(self, ready: threading.Event) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            if line.startswith("listening on "):
                self.url = line.split()[2]
            if line.startswith("chair's API token: in "):
                path = Path(line.removeprefix("chair's API token: in ").strip())
                self.chair_token = path.read_text().strip()
                ready.set()
        ready.set()

    def stop(self) -> None:
        """Stopped by the PID we started: SIGTERM (a clean stop), then SIGKILL."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(5)

    async def api(self, method: str, path: str, body: dict[str, Any] | None = None
                  ) -> dict[str, Any]:
        """The chair's API, from wherever the calling loop's namespace is."""
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        headers = {"Authorization": f"Bearer {self.chair_token}"}
        async with aiohttp.ClientSession() as client, client.request(
                method, self.url + path, json=body, headers=headers, ssl=context) as response:
            answer: dict[str, Any] = json.loads(await response.text())
            assert response.status == 200, (path, response.status, answer)
            return answer
