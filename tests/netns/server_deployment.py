"""A council's hub server deployment in miniature: `facilitator server` (every conference of
its database, each under /c/<slug>/) and coturn in the DMZ, the chair's computer on the
council's office network behind its router's NAT, a parent's home behind another NAT
(network.py with `council_nat`). Raises NamespacesUnavailable where namespaces cannot be made.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from facilitator.domain.clock import SystemClock
from facilitator.services.chair_link import ChairLink

from ..meeting.server_process import ServerProcess, facilitator
from ..rtc.harness import prepared_conference
from .coturn import Coturn
from .deployment import TURN_URLS, in_the_dmz
from .network import HUB_ADDRESS, CouncilNetwork
from .threads import NamespaceLoop


class ServerInDmz(ServerProcess):
    """`facilitator server` inside the DMZ, started and stopped by its PID."""

    def __init__(self, network: CouncilNetwork, db: Path, secret_file: Path) -> None:
        turn = [option for url in TURN_URLS for option in ("--turn", url)]
        super().__init__(db, 8443, "--shard", "d", "--turn-secret-file", str(secret_file),
                         *turn, host=HUB_ADDRESS, prefix=network.prefix("dmz"))

    def chair_link(self, conference_id: str) -> ChairLink:
        """What `facilitator server-link CONFERENCE` prints, as the chair receives it."""
        return ChairLink.parse(facilitator(self.db, "server-link", conference_id))


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
    db = folder / "server.sqlite3"
    ids: list[str] = []

    def start(secret_file: Path) -> ServerInDmz:
        ids.extend(prepared_conference(db, SystemClock(), start_meeting=False)
                   for _ in range(conferences))
        return ServerInDmz(network, db, secret_file)

    with in_the_dmz(network, folder, start) as dmz:
        yield ServerDeployment(network, dmz.coturn, dmz.program, ids, dmz.home, dmz.council)
