"""coturn (Debian's `coturn`) started by a test inside its network's DMZ, with its own
configuration file in the test's folder; stopped by its PID."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from facilitator.services.rtc.certs import ensure_certificate

from .network import HUB_ADDRESS, TURN_ADDRESS, CouncilNetwork

TURNSERVER = shutil.which("turnserver") or "/usr/bin/turnserver"
RELAY_PORTS = (49160, 49260)  # the relay port range a council's firewall opens


def coturn_config(folder: Path, secret: str, address: str = TURN_ADDRESS) -> Path:
    """The lines a council's /etc/turnserver.conf needs (README, "Through firewalls: TURN"),
    with the test's own files."""
    cert, key = ensure_certificate(folder / "turn-tls", [address])
    config = folder / "turnserver.conf"
    config.write_text("\n".join([
        f"listening-ip={address}",
        f"relay-ip={address}",
        "listening-port=3478",  # TURN over UDP and over TCP
        "tls-listening-port=443",  # TURN over TLS, for networks that allow only HTTPS
        f"min-port={RELAY_PORTS[0]}",
        f"max-port={RELAY_PORTS[1]}",
        "use-auth-secret",
        f"static-auth-secret={secret}",
        "realm=turn.council.test",
        f"cert={cert}",
        f"pkey={key}",
        "no-dtls",  # TURN over DTLS: no browser uses it
        "no-cli",
        "fingerprint",
        "no-multicast-peers",
        "denied-peer-ip=0.0.0.0-255.255.255.255",  # relay to nobody...
        f"allowed-peer-ip={HUB_ADDRESS}",  # ...but the hub: a credential is no open relay
        "no-software-attribute",
        f"userdb={folder / 'turndb'}",  # its own (empty) database, not /var/lib/turn's
        f"pidfile={folder / 'turnserver.pid'}",
        f"log-file={folder / 'turnserver.log'}",
        "simple-log",
        "",
    ]))
    return config


class Coturn:
    def __init__(self, network: CouncilNetwork, folder: Path, secret: str) -> None:
        self.folder = folder
        self.config = coturn_config(folder, secret)
        self.process: subprocess.Popen[bytes] | None = None
        self.network = network

    def start(self) -> Coturn:
        self.process = subprocess.Popen(
            [*self.network.prefix("dmz"), TURNSERVER, "-c", str(self.config)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # listening once it has written its pid file
            if (self.folder / "turnserver.pid").exists() and self._listening():
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"coturn ended at once: {self.log()[-2000:]}")
            time.sleep(0.1)
        raise RuntimeError(f"coturn did not start listening: {self.log()[-2000:]}")

    def _listening(self) -> bool:
        sockets = self.network.exec("dmz", "ss", "-Hltn", f"src {TURN_ADDRESS}")
        return ":3478" in sockets and ":443" in sockets

    def log(self) -> str:
        path = self.folder / "turnserver.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Killed by the PID we started (never by name)."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(5)
