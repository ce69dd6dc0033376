"""The meeting room carried to a hub server: the chair's computer joins a conference hosted by
`facilitator server` (a real `ConferenceHost` on 127.0.0.1, HTTPS, its certificate pinned) as
the room, through a TCP proxy the test cuts. The room's sound devices are a fake at the
`RoomAudio` boundary (a tone as its processed microphone; what it is given to play recorded);
the parents are real aiortc peers."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import numpy as np

from facilitator.domain.segments import ExclusionGround
from facilitator.meeting.room_link_client import RoomLinkClient, RoomLinkState
from facilitator.services.chair_link import ChairLink
from facilitator.services.rtc.media_loop import new_media_loop
from facilitator.services.rtc.policy import ROOM
from tests.tcp_proxy import TcpProxy

from ..rtc.peers import RATE, tone_power
from .hosting import JADE, LIAM, get, insecure, running_host

ROOM_TONE, JADE_TONE, LIAM_TONE = 700.0, 440.0, 1000.0
HEARD = 0.02  # a 0.3-amplitude tone through Opus arrives near 0.15; silence below 0.002
SILENT = 0.002


class FakeRoomSound:
    """The room's processed microphone says a steady tone, 20 ms every 20 ms, on a thread of
    its own (as RoomAudio's worker); what the loudspeakers are given is kept."""

    def __init__(self, frequency: float) -> None:
        self.frequency = frequency
        self.on_frame: Callable[[np.ndarray], None] = lambda frame: None
        self.played: list[np.ndarray] = []
        self._running = False
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        self._running = True
        self._thread = threading.Thread(target=self._speak, daemon=True)
        self._thread.start()
        return True

    def _speak(self) -> None:
        t = np.arange(960) / RATE
        start, tick = time.monotonic(), 0
        while self._running:
            samples = 0.3 * np.sin(2 * np.pi * self.frequency * (t + tick * 0.02))
            self.on_frame(samples.astype(np.float32))
            tick += 1
            time.sleep(max(0.0, start + tick * 0.02 - time.monotonic()))

    def stop(self) -> None:
        self._running = False
        if self._thread is not None:
            self._thread.join(timeout=2)

    def push_output(self, samples: np.ndarray) -> None:
        self.played.append(np.asarray(samples, np.float32))

    async def listen_for(self, seconds: float) -> np.ndarray:
        self.played.clear()
        await asyncio.sleep(seconds)
        return np.concatenate(self.played) if self.played else np.zeros(0, np.float32)


def run(coroutine: Any) -> Any:
    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        return runner.run(asyncio.wait_for(coroutine, 120))


async def until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        await asyncio.sleep(0.05)


async def heard(listen: Callable[[float], Any], frequency: float, seconds: float = 8.0
                ) -> float:
    """The tone's power in what arrives, waiting up to `seconds` for it (a loaded machine
    starves the peers for a moment)."""
    deadline = asyncio.get_running_loop().time() + seconds
    power = 0.0
    while asyncio.get_running_loop().time() < deadline:
        power = tone_power(await listen(1.0), frequency)
        if power > HEARD:
            break
    return power


def test_the_room_joins_a_hub_server_and_keeps_the_rules(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_host(tmp_path, conferences=1) as (host, (conference,)):
            proxy = await TcpProxy(host.port).start()
            prefix = conference.base_url.removeprefix(host.public_url)
            base = f"https://127.0.0.1:{proxy.port}{prefix}"

            # a participant's link never becomes the room, nor does another role's
            async with aiohttp.ClientSession() as client, client.ws_connect(
                    base + "/room/ws", ssl=insecure(),
                    headers={"Authorization": f"Bearer {conference.token(JADE)}"}
            ) as socket:
                answer = await socket.receive_json(timeout=10)
                assert answer["type"] == "unauthorised", answer
            for headers in ({"Authorization": "Bearer not-a-token"}, {}):
                status, _ = await get(conference.base_url + "/room/ws", headers)
                assert status == 404, "the room's door without the conference's token"

            runtime = await host.open(conference.conference_id)
            hub = runtime.server.server.hub  # type: ignore[union-attr]
            assert ROOM not in hub.pcm_endpoints, "a refused link became the room"

            sound = FakeRoomSound(ROOM_TONE)
            states: list[RoomLinkState] = []
            room = RoomLinkClient(ChairLink(base, conference.chair_token(), host.fingerprint),
                                  sound, on_state=lambda state, _: states.append(state))
            running = asyncio.ensure_future(room.run())
            await until(lambda: room.state is RoomLinkState.LINKED, 15, "the room linked")

            jade, liam = conference.peer(JADE, JADE_TONE), conference.peer(LIAM, LIAM_TONE)
            await conference.join_and_admit(jade, liam)

            # the parent hears the room; the room's loudspeakers play both parents
            assert await heard(jade.listen_for, ROOM_TONE) > HEARD, "Jade cannot hear the room"
            assert await heard(sound.listen_for, JADE_TONE) > HEARD, "the room cannot hear Jade"
            assert await heard(sound.listen_for, LIAM_TONE) > HEARD, "the room cannot hear Liam"
            played = await sound.listen_for(1.0)
            assert tone_power(played, ROOM_TONE) < HEARD / 5, "the room hears itself"

            # Jade excluded: the room still hears the meeting; nothing of the room reaches her
            api = runtime.api
            jade_id = next(a.id for a in api.conference.attendees.values() if a.name == JADE)
            api.exclude([jade_id], [ExclusionGround.LEGAL_PROCEEDINGS], "DC Tom Reddaway",
                        "police interview pending")
            await jade.wait_for(lambda m: m.get("state") == "waiting")
            await asyncio.sleep(0.3)  # what was already in flight drains
            assert tone_power(await jade.listen_for(2.0), ROOM_TONE) < SILENT, \
                "the excluded parent hears the room"
            played = await sound.listen_for(2.0)
            assert tone_power(played, LIAM_TONE) > HEARD, "the room no longer hears Liam"
            assert tone_power(played, JADE_TONE) < SILENT, "the room hears the excluded parent"
            assert tone_power(await liam.listen_for(1.5), ROOM_TONE) > HEARD, \
                "Liam no longer hears the room"

            # the network between the room and the hub is cut, then comes back
            await proxy.cut()
            await until(lambda: room.state is RoomLinkState.RECONNECTING, 10,
                        "the room saw the drop")
            await until(lambda: ROOM not in hub.pcm_endpoints, 10, "the hub let the room go")
            await asyncio.sleep(0.5)  # what was already in flight (buffers, the network) drains
            assert tone_power(await liam.listen_for(1.0), ROOM_TONE) < SILENT, \
                "the room is heard with no link"
            await asyncio.sleep(2.0)  # a few refused attempts
            await proxy.restore()
            await until(lambda: room.state is RoomLinkState.LINKED and room.links == 2, 15,
                        "the room's link came back")
            assert await heard(liam.listen_for, ROOM_TONE) > HEARD, "Liam cannot hear the room"
            assert await heard(sound.listen_for, LIAM_TONE) > HEARD, "the room cannot hear Liam"
            assert tone_power(await jade.listen_for(1.5), ROOM_TONE) < SILENT, \
                "the excluded parent hears the room after the reconnection"

            room.stop()
            await asyncio.wait_for(running, 10)
            assert states[-1] is RoomLinkState.CLOSED
            for peer in (jade, liam):
                await peer.close()
            await proxy.cut()

    run(scenario())
