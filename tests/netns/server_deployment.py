"""A council's hub server deployment in miniature: `facilitator server` (every conference of
its database, each under /c/<slug>/) and coturn in the DMZ, the chair's computer on the
council's office network behind its router's NAT, a parent's home behind another NAT
(network.py with `council_nat`). Raises NamespacesUnavailable where namespaces cannot be made.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from facilitator.domain.clock import SystemClock
from facilitator.services.chair_link import ChairLink

from ..meeting.server_process import environment, facilitator
from ..rtc.harness import prepared_conference
from .coturn import Coturn
from .deployment import SECRET, TURN_URLS
from .network import HUB_ADDRESS, CouncilNetwork
from .threads import NamespaceLoop


class ServerInDmz:
    """`facilitator server` inside the DMZ, started and stopped by its PID."""

    def __init__(self, network: CouncilNetwork, db: Path, secret_file: Path) -> None:
        self.db = db
        command = [*network.prefix("dmz"), sys.executable, "-m", "facilitator.cli", "server",
                   "--host", HUB_ADDRESS, "--port", "8443", "--shard", "d",
                   "--turn-secret-file", str(secret_file)]
        for url in TURN_URLS:
            command += ["--turn", url]
        self.process = subprocess.Popen(command, env=environment(db), stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.output: list[str] = []
        self.public_url = ""
        ready = threading.Event()
        threading.Thread(target=self._read, args=(ready,), daemon=True).start()
        if not ready.wait(60) or not self.public_url:
            self.stop()
            raise RuntimeError("the server did not start:\n" + "".join(self.output[-40:]))

    def _read(self, ready: threading.Event) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            if line.startswith("reached at "):
                self.public_url = line.split()[2]
                ready.set()
        ready.set()

    def chair_link(self, conference_id: str) -> ChairLink:
        """What `facilitator server-link CONFERENCE` prints, as the chair receives it."""
        return ChairLink.parse(facilitator(self.db, "server-link", conference_id))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


@dataclass
class ServerDeployment:
    network: CouncilNetwork
    coturn: Coturn
    server: ServerInDmz
    conferences: list[str]  # ids, in the server's database
    home: NamespaceLoop  # the parent's home, behind its router's NAT
    council: NamespaceLoop  # the chair's office network, behind the council's router's NAT


@contextlib.contextmanager
def server_deployment(folder: Path, conferences: int = 2) -> Iterator[ServerDeployment]:
    network = CouncilNetwork(council_nat=True)
    network.build()
    coturn: Coturn | None = None
    server: ServerInDmz | None = None
    loops: list[NamespaceLoop] = []
    try:
        secret_file = folder / "turn-secret"
        secret_file.write_text(SECRET + "\n")
        os.chmod(secret_file, 0o600)
        coturn = Coturn(network, folder, SECRET).start()
        db = folder / "server.sqlite3"
        ids = [prepared_conference(db, SystemClock(), start_meeting=False)
               for _ in range(conferences)]
        server = ServerInDmz(network, db, secret_file)
        home, council = NamespaceLoop(network.name("home")), NamespaceLoop(network.name("council"))
        loops += [home, council]
        yield ServerDeployment(network, coturn, server, ids, home, council)
    except BaseException:
        if server is not None:
            print("".join(server.output[-60:]))
        if coturn is not None:
            print(coturn.log()[-3000:])
        raise
    finally:
        for loop in loops:
            loop.stop()
        if server is not None:
            server.stop()
        if coturn is not None:
            coturn.stop()
        network.teardown()
