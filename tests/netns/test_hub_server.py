"""A council's hub server across real networks (Linux network namespaces, network.py):
`facilitator server` and coturn in the DMZ; the chair on the council's office network behind
its router's NAT, opening the conference with the chair link `facilitator server-link` prints
(the window's own client, `facilitator/meeting/remote_client.py`); DC Tom Reddaway on that
network too; Jade at home behind another NAT (an aiortc peer). The chair starts the meeting,
admits, excludes and readmits over the chair's channel; Jade is heard, excluded (silence both
ways), readmitted (heard again). Nothing routes from the home to the council's network."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.domain import events as ev
from facilitator.domain.segments import ExclusionGround

from ..rtc.peers import Peer
from ..rtc.test_hub_audio import A_TONE, C_TONE, JADE, TOM
from .deployment import TURN_URLS, selected_pair
from .network import COUNCIL_ADDRESS, COUNCIL_LAN_ADDRESS, HUB_ADDRESS, NamespacesUnavailable
from .remote_chair import RemoteChair
from .server_deployment import ServerDeployment, server_deployment
from .test_through_firewalls import SILENT, heard, wait_until_heard
from .threads import in_namespace

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def deployment(tmp_path: Path) -> Iterator[ServerDeployment]:
    try:
        with server_deployment(tmp_path) as net:
            yield net
    except NamespacesUnavailable as why:
        pytest.skip(f"cannot build the test's networks here: {why}")


async def reachable(address: str, port: int) -> str:
    """How a TCP connection from this loop's namespace to address:port ends."""
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(address, port), 2)
    except ConnectionRefusedError:
        return "refused (so reachable)"
    except TimeoutError:
        return "unreachable (timed out)"
    except OSError as failed:
        if failed.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "unreachable (no route)"
        raise
    writer.close()
    return "connected"


def test_the_chair_behind_nat_runs_a_hub_server_conference_with_a_parent_at_home(
        tmp_path: Path) -> None:
    with deployment(tmp_path) as net:
        conference_id, other_id = net.conferences
        link = net.server.chair_link(conference_id)
        assert link.base_url.startswith(f"https://{HUB_ADDRESS}:8443/c/d-") and link.fingerprint
        assert conference_id not in link.base_url

        chair = RemoteChair(link)
        opened = net.council.run(chair.open())
        copy = chair.conference
        assert copy.id == conference_id and copy.started_at is None
        rows = net.council.run(chair.hub("join_links"))
        tokens = {name: url.rsplit("/", 1)[1] for name, url, _, _ in rows}
        ids = {a.name: a.id for a in copy.attendees.values()}
        started = time.monotonic()
        (begun,) = net.council.run(chair.call("start_meeting"))
        call_took = time.monotonic() - started
        assert isinstance(begun, ev.MeetingStarted) and chair.conference.started_at

        jade = Peer(link.base_url, tokens[JADE], A_TONE)  # at home, behind NAT
        tom = Peer(link.base_url, tokens[TOM], C_TONE)  # the council's office, behind NAT
        net.home.run(jade.connect())
        hello = net.home.run(jade.wait_for(lambda m: m["type"] == "hello"))
        (turn,) = hello["ice_servers"]  # only the council's TURN server
        assert turn["urls"] == TURN_URLS and turn["username"].endswith(":" + ids[JADE])
        net.home.run(jade.join())
        net.council.run(tom.connect())
        net.council.run(tom.join())
        net.council.run(chair.call("admit", attendee_ids=[ids[JADE], ids[TOM]]))
        for loop, peer in ((net.home, jade), (net.council, tom)):
            loop.run(peer.wait_for(lambda m: m.get("state") == "in_meeting"))
        heard_after = wait_until_heard(net.council, tom, A_TONE, what="Tom cannot hear Jade")
        wait_until_heard(net.home, jade, C_TONE, 5, "Jade cannot hear Tom")

        started = time.monotonic()
        net.council.run(chair.call(
            "exclude", attendee_ids=[ids[JADE]], grounds=[ExclusionGround.LEGAL_PROCEEDINGS],
            requested_by="DC Tom Reddaway", reason="police interview pending"))
        net.home.run(jade.wait_for(lambda m: m.get("state") == "waiting"))
        out_after = time.monotonic() - started
        assert chair.conference.excluded_now == {ids[JADE]}
        time.sleep(0.3)  # what was already on its way drains
        assert heard(net.home, jade, C_TONE) < SILENT, "the excluded parent hears Tom"
        assert heard(net.council, tom, A_TONE) < SILENT, "Tom hears the excluded parent"

        started = time.monotonic()
        net.council.run(chair.call("readmit", attendee_ids=[ids[JADE]]))
        net.home.run(jade.wait_for(lambda m: m.get("state") == "in_meeting"))
        wait_until_heard(net.council, tom, A_TONE, 5)
        back_after = time.monotonic() - started
        wait_until_heard(net.home, jade, C_TONE, 5, "the readmitted parent cannot hear Tom")
        assert chair.conference.excluded_now == set()

        # the chair's copy, built from the channel across the NAT, is the hub's log
        stored = net.council.run(chair.call("add_note", speaker_id=None,
                                            text="Jade was readmitted.", editor="chair"))
        assert chair.log[-1] == stored[0] and chair.client.connections == 1
        # the chair's connection went through the council's router's NAT
        flows = net.network.exec("councilr", "conntrack", "-L", "-p", "tcp", "--dport", "8443")
        assert f"src={COUNCIL_LAN_ADDRESS}" in flows and f"dst={COUNCIL_ADDRESS}" in flows
        # nothing at home reaches the council's network (its router, or a computer behind it)
        for address in (COUNCIL_ADDRESS, COUNCIL_LAN_ADDRESS):
            assert net.home.run(reachable(address, 8443)).startswith("unreachable"), address
        # the other conference on the server was never started
        assert not any(other_id in line for line in net.server.output)
        print(f"\nchair's channel open (log caught up) {opened:.2f} s after the link; "
              f"start_meeting answered in {call_took * 1000:.0f} ms; Jade's call through her "
              f"{selected_pair(jade)[0]} candidate, heard {heard_after:.1f} s after admission; "
              f"waiting {out_after:.2f} s after the chair excluded her; heard again "
              f"{back_after:.1f} s after readmission")
        net.home.run(jade.close())
        net.council.run(tom.close())
        net.council.run(chair.close())


def test_the_chairs_window_behind_nat_sends_what_waited_when_reopened(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path) -> None:
    """The window's own client (ui/remote_meeting.py, offscreen Qt) on the council's office
    network: its network is cut, the chair types a note (it waits, on disk), closes the
    window; the network is back, the window opened again: the note is stored, once."""
    from facilitator.meeting.remote_client import outbox_path
    from facilitator.services.database import open_database
    from facilitator.services.store import EventStore
    from ui.remote_meeting import RemoteMeeting

    text = "Typed while the council's network was down."

    def stored() -> int:
        store = EventStore(open_database(net.server.db))
        try:
            log = store.load(conference_id).log
        finally:
            store.db.close()
        return [getattr(e, "text", "") for e in log].count(text)

    def window() -> RemoteMeeting:
        with in_namespace(net.network.name("council")):  # its network thread lives there
            remote = RemoteMeeting(link, outbox=outbox)
        return remote.connect_to_hub()

    with deployment(tmp_path) as net:
        conference_id = net.conferences[0]
        link = net.server.chair_link(conference_id)
        outbox = outbox_path(link, tmp_path / "chair-data")
        remote = window()
        try:
            assert remote.connection_text == "Connected to hub"
            assert remote.run(remote.api.start_meeting)
            net.network.cut_council()
            cut_at = time.monotonic()
            qtbot.waitUntil(lambda: remote.connection_text.startswith("Reconnecting"),
                            timeout=20000)
            noticed = time.monotonic() - cut_at
            assert remote.run(remote.api.add_note, None, text, "chair") == []
        finally:
            remote.close()
        assert stored() == 0
        net.network.cut_council(False)
        started = time.monotonic()
        reopened = window()
        try:
            qtbot.waitUntil(lambda: reopened.status.waiting == 0 and stored() == 1,
                            timeout=15000)
            sent_after = time.monotonic() - started
            qtbot.waitUntil(lambda: any(getattr(e, "text", "") == text
                                        for e in reopened.conference.log), timeout=5000)
        finally:
            reopened.close()
        assert stored() == 1
        print(f"\nthe window noticed the cut after {noticed:.1f} s; reopened, the note that "
              f"waited on disk was stored {sent_after:.2f} s after opening")
