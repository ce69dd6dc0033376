"""A parent at home behind NAT, a professional in the council's network, the hub and coturn
in the council's DMZ: real networks made with Linux network namespaces (tests/netns/network.py).

The hub (`facilitator serve --headless`, in the DMZ) offers only its TURN server (coturn,
started here, shared secret) and mints each person's credential. The parent joins, is heard,
is excluded (silence both ways), readmitted; a home network that drops all UDP still gets in
through TURN over TCP, and TURN over TLS on port 443.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from aioice.turn import create_turn_endpoint

from facilitator.services.rtc.turn import mint

from ..rtc.peers import Peer, tone_power
from ..rtc.test_hub_audio import A_TONE, B_TONE, C_TONE, HEARD, JADE, LIAM, TOM
from .deployment import SECRET, TURN_URLS, Deployment, selected_pair, trusting
from .deployment import deployment as built
from .network import HUB_ADDRESS, TURN_ADDRESS, NamespacesUnavailable
from .threads import NamespaceLoop

pytestmark = pytest.mark.slow
SILENT = 0.002


@contextlib.contextmanager
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    """The deployment (deployment.py), or the test skips saying why it cannot be built."""
    try:
        with built(tmp_path) as net:
            yield net
    except NamespacesUnavailable as why:
        pytest.skip(f"cannot build the test's networks here: {why}")


def heard(loop: NamespaceLoop, peer: Peer, frequency: float, seconds: float = 1.5) -> float:
    samples: np.ndarray = loop.run(peer.listen_for(seconds))
    return tone_power(samples, frequency)


def wait_until_heard(loop: NamespaceLoop, peer: Peer, frequency: float,
                     timeout: float = 15, what: str = "") -> float:
    """Seconds until `peer` hears `frequency` (half a second of it). A machine too loaded to
    run the peers for a moment makes a gap, not a failure: silence is what the exclusion checks
    look for, sound only has to come."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if heard(loop, peer, frequency, 0.5) > HEARD:
            return time.monotonic() - started
    raise AssertionError(f"{what or 'not heard'}: nothing heard within {timeout} s")


def test_a_parent_behind_nat_joins_is_heard_excluded_and_readmitted(tmp_path: Path) -> None:
    with deployment(tmp_path) as net:
        jade = net.peer(JADE, A_TONE)  # at home, behind NAT
        tom = net.peer(TOM, C_TONE)  # in the council's network
        net.home.run(jade.connect())
        hello = net.home.run(jade.wait_for(lambda m: m["type"] == "hello"))
        (turn,) = hello["ice_servers"]  # only the council's TURN server: no third party
        assert turn["urls"] == TURN_URLS and turn["username"].endswith(":" + jade_id(net))
        net.home.run(jade.join())
        net.council.run(tom.connect())
        net.council.run(tom.join())
        net.chair("POST", "/api/admit", {"all": True})
        for loop, peer in ((net.home, jade), (net.council, tom)):
            loop.run(peer.wait_for(lambda m: m.get("state") == "in_meeting"))
        print(f"admitted, Tom heard Jade {wait_until_heard(net.council, tom, A_TONE):.1f} s "
              f"later; Jade's call goes through her {selected_pair(jade)[0]} candidate")
        wait_until_heard(net.home, jade, C_TONE, 5, "Jade cannot hear Tom")
        wait_until_heard(net.council, tom, A_TONE, 5, "Tom cannot hear Jade")

        net.chair("POST", "/api/exclude", {
            "attendee_ids": [jade_id(net)], "grounds": ["LEGAL_PROCEEDINGS"],
            "requested_by": "DC Tom Reddaway", "reason": "police interview pending"})
        net.home.run(jade.wait_for(lambda m: m.get("state") == "waiting"))
        time.sleep(0.3)  # what was already on its way drains
        assert heard(net.home, jade, C_TONE) < SILENT, "the excluded parent hears Tom"
        assert heard(net.council, tom, A_TONE) < SILENT, "Tom hears the excluded parent"

        net.chair("POST", "/api/readmit", {"attendee_ids": [jade_id(net)]})
        net.home.run(jade.wait_for(lambda m: m.get("state") == "in_meeting"))
        wait_until_heard(net.council, tom, A_TONE, timeout=5)
        wait_until_heard(net.home, jade, C_TONE, 5, "the readmitted parent cannot hear Tom")
        net.home.run(jade.close())
        net.council.run(tom.close())


def jade_id(net: Deployment) -> str:
    links = net.chair("GET", "/api/links")["links"]
    return str(next(link["attendee_id"] for link in links if link["name"] == JADE))


def test_a_home_that_drops_all_udp_gets_in_through_turn_over_tcp_and_tls(
        tmp_path: Path) -> None:
    with deployment(tmp_path) as net:
        tom = net.peer(TOM, C_TONE)
        net.council.run(tom.connect())
        net.council.run(tom.join())
        net.network.drop_home_udp()
        timings = {}
        for name, tone, scheme in ((LIAM, B_TONE, "turn:"), (JADE, A_TONE, "turns:")):
            peer = net.peer(name, tone, use_url=lambda url, s=scheme: url.startswith(s) and
                            url.endswith("transport=tcp"))
            started = time.monotonic()
            with trusting(net.coturn.folder / "turn-tls" / "server-cert.pem"):
                net.home.run(peer.connect())
                net.home.run(peer.join())
            net.chair("POST", "/api/admit", {"all": True})
            net.home.run(peer.wait_for(lambda m: m.get("state") == "in_meeting"))
            wait_until_heard(net.council, tom, tone)
            timings[scheme] = time.monotonic() - started
            assert selected_pair(peer) == ("relay", "tcp" if scheme == "turn:" else "tls")
            wait_until_heard(net.home, peer, C_TONE, 5, f"{name} cannot hear Tom")
            net.home.run(peer.close())
            time.sleep(0.5)
        print(f"joined and heard through TURN/TCP in {timings['turn:']:.1f} s, "
              f"TURN/TLS on 443 in {timings['turns:']:.1f} s (UDP dropped at home)")
        dropped = net.network.exec("homer", "nft", "list", "chain", "ip", "home", "forward")
        assert "packets 0 " not in dropped, "no UDP was dropped: the test proves nothing"
        net.council.run(tom.close())


def test_coturn_takes_the_credentials_the_hub_mints_and_refuses_wrong_or_expired_ones(
        tmp_path: Path) -> None:
    """The scheme against the real coturn, from the home over UDP and TCP; and a good
    credential relays to the hub only."""
    with deployment(tmp_path) as net:
        now = time.time()

        async def allocate(secret: str, when: float, transport: str) -> str:
            credential = mint(secret, "a1b2c3", when, lifetime=3600)
            try:
                relay, _ = await create_turn_endpoint(
                    asyncio.DatagramProtocol, (TURN_ADDRESS, 3478), credential.username,
                    credential.password, transport=transport)
            except Exception as refused:
                return f"refused: {refused}"
            address = relay.get_extra_info("sockname")
            turn = relay._TurnTransport__inner_protocol  # type: ignore[attr-defined]
            try:  # a channel to the hub, then to anyone else (the internet's router)
                await turn.send_data(b"hub", (HUB_ADDRESS, 9))
                try:
                    await turn.send_data(b"elsewhere", ("203.0.113.1", 9))
                except Exception:
                    return f"relay {address[0]}, to the hub only"
                return f"relay {address[0]}, to anyone: an open relay"
            finally:
                relay.close()

        for transport in ("udp", "tcp"):
            assert net.home.run(allocate(SECRET, now, transport)) == (
                f"relay {TURN_ADDRESS}, to the hub only")
            assert "refused" in net.home.run(allocate("not-the-secret", now, transport))
            assert "refused" in net.home.run(allocate(SECRET, now - 3660, transport)), (
                "coturn let an expired credential allocate")
