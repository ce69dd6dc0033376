"""The council's deployment in miniature, ready to use: the namespace-built networks
(network.py), coturn and the hub (`serve --headless`) in the DMZ, and an asyncio loop in the
home and one in the council's network. Used by the tests here and by the benchmarks
(benchmarks/join_time.py), so it knows nothing of pytest: where namespaces cannot be made it
raises NamespacesUnavailable and the caller skips or says so."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from ..rtc.peers import Peer
from .coturn import Coturn
from .hub_process import HubInDmz
from .network import TURN_ADDRESS, CouncilNetwork
from .threads import NamespaceLoop

SECRET = "council-turn-secret-0123456789abcdef"
TURN_URLS = [f"turn:{TURN_ADDRESS}:3478?transport=udp", f"turn:{TURN_ADDRESS}:3478?transport=tcp",
             f"turns:{TURN_ADDRESS}:443?transport=tcp"]


@dataclass
class Deployment:
    network: CouncilNetwork
    coturn: Coturn
    hub: HubInDmz
    home: NamespaceLoop  # the parent's home, behind its router's NAT
    council: NamespaceLoop  # the council's own network: professionals, the chair's API
    tokens: dict[str, str]

    def peer(self, name: str, frequency: float, **options: Any) -> Peer:
        return Peer(self.hub.url, self.tokens[name], frequency, **options)

    def chair(self, method: str, path: str, body: dict[str, Any] | None = None
              ) -> dict[str, Any]:
        return self.council.run(self.hub.api(method, path, body))


class Program(Protocol):
    """The hub, or the hub server, in the DMZ: what it printed, and how it stops."""

    output: list[str]

    def stop(self) -> object: ...


P = TypeVar("P", bound=Program)


@dataclass
class InTheDmz(Generic[P]):
    coturn: Coturn
    program: P  # the hub (`serve --headless`) or the hub server (`facilitator server`)
    home: NamespaceLoop  # the parent's home, behind its router's NAT
    council: NamespaceLoop  # the council's own network


@contextlib.contextmanager
def in_the_dmz(network: CouncilNetwork, folder: Path, start: Callable[[Path], P]
               ) -> Iterator[InTheDmz[P]]:
    """Build the networks, start coturn, a loop in the home and one in the council's network,
    and `start(secret_file)`: the program in the DMZ. Tear everything down after (programs by
    the PIDs started here, namespaces by name); if anything failed, print what the program and
    coturn said. Raises NamespacesUnavailable."""
    network.build()
    coturn: Coturn | None = None
    program: P | None = None
    loops: list[NamespaceLoop] = []
    try:
        secret_file = folder / "turn-secret"
        secret_file.write_text(SECRET + "\n")
        os.chmod(secret_file, 0o600)
        coturn = Coturn(network, folder, SECRET).start()
        home, council = NamespaceLoop(network.name("home")), NamespaceLoop(network.name("council"))
        loops += [home, council]
        program = start(secret_file)
        yield InTheDmz(coturn, program, home, council)
    except BaseException:
        if program is not None:  # what the program and coturn said, for whoever reads it
            print("".join(program.output[-60:]))
        if coturn is not None:
            print(coturn.log()[-3000:])
        raise
    finally:
        for loop in loops:
            loop.stop()
        if program is not None:
            program.stop()
        if coturn is not None:
            coturn.stop()
        network.teardown()


@contextlib.contextmanager
def deployment(folder: Path) -> Iterator[Deployment]:
    """The hub in the DMZ, and the links of its conference. Raises NamespacesUnavailable."""
    network = CouncilNetwork()
    with in_the_dmz(network, folder, partial(HubInDmz, network, folder, TURN_URLS)) as dmz:
        links = dmz.council.run(dmz.program.api("GET", "/api/links"))["links"]
        tokens = {link["name"]: link["path"].rsplit("/", 1)[1] for link in links}
        yield Deployment(network, dmz.coturn, dmz.program, dmz.home, dmz.council, tokens)


@contextlib.contextmanager
def trusting(certificate: Path) -> Iterator[None]:
    """The test's coturn has a self-signed certificate: trust it for TURN over TLS (aioice
    verifies the server's certificate and name with the default context)."""
    before = os.environ.get("SSL_CERT_FILE")
    os.environ["SSL_CERT_FILE"] = str(certificate)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SSL_CERT_FILE"]
        else:
            os.environ["SSL_CERT_FILE"] = before


def selected_pair(peer: Peer) -> tuple[str, str]:
    """The type of the local candidate an aiortc peer's call goes through, and how it
    reaches the TURN server when it is relayed."""
    assert peer.pc is not None
    transport = peer.pc.getTransceivers()[0].sender.transport.transport
    connection = transport._connection
    pair = connection._nominated[1]
    return pair.local_candidate.type, "tls" if connection.turn_ssl else connection.turn_transport
