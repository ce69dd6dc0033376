"""The meeting room carried to a hub server: the room's side, on the chair's computer.

When the chair's window opens a conference on a hub server (`facilitator open --hub`), the
room's microphone, loudspeakers and camera are here, not on the server. This client joins the
hub as the room through the room's door (`room_door.py`), with the chair's link: its token in
`Authorization: Bearer`, the hub's certificate pinned as the chair's channel pins it. It is one
aiortc peer (DTLS-SRTP; through the council's TURN server when the hub's hello offers one):

- out: the room's processed microphone (`RoomAudio`'s frames: echo removed, levelled);
- in: the room's mix (everyone the room may hear, as the hub's egress guard decides) to the
  room's loudspeakers through `RoomAudio.push_output`. That is what the loudspeakers play, so
  it stays the echo canceller's reference exactly as in the embedded hub;
- out, if configured: the room's camera (aiortc encodes it; the hub forwards it as it comes).

A drop (the signalling closes, or WebRTC fails) closes the call and a new one is made: after
0.25 s, doubling to 1 s while the drop is short, then every 3 s. The sound devices stay open
meanwhile (the echo canceller keeps its state). Portable: the sound is sounddevice's
(`services/room_audio`), the rest is asyncio and aiortc.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import json
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

import aiohttp
import av
import numpy as np
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.rtcconfiguration import RTCBundlePolicy

from ..services.chair_link import ChairLink
from ..services.rtc.room_camera import VIDEO_CLOCK
from ..services.rtc.room_link import PcmTrack, read_audio, short_jitter_buffer
from .remote_client import link_ssl

log = logging.getLogger(__name__)
SHORT_DROP = 30.0  # seconds of retrying every second at most; then every 3 s
HELLO_WAIT = 10.0


class RoomSound(Protocol):
    """The room's sound devices: `services.room_audio.RoomAudio`, or a test's fake."""

    on_frame: Callable[[np.ndarray], None]  # 20 ms of the processed microphone (its thread)

    def start(self) -> bool: ...

    def stop(self) -> None: ...

    def push_output(self, samples: np.ndarray) -> None: ...


class RoomLinkState(Enum):
    CONNECTING = "connecting"
    LINKED = "linked"
    RECONNECTING = "reconnecting"
    REFUSED = "refused"
    CLOSED = "closed"


class RoomLinkRefused(Exception):
    pass


class CameraTrack(MediaStreamTrack):
    """The room's camera (any async source of frames, e.g. `room_camera.camera_frames`)."""

    kind = "video"

    def __init__(self, frames: AsyncIterator[av.VideoFrame]) -> None:
        super().__init__()
        self.frames = frames
        self._start: float | None = None

    async def recv(self) -> av.VideoFrame:
        frame = await anext(self.frames)
        now = asyncio.get_running_loop().time()
        if self._start is None:
            self._start = now
        frame.pts = int((now - self._start) * VIDEO_CLOCK)
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        return frame


def ice_servers(hello: dict[str, Any]) -> list[RTCIceServer]:
    """The ICE servers the hub's hello offers the room (its TURN server with a credential
    minted for the room), as the join page takes them."""
    servers = []
    for server in hello.get("ice_servers", []):
        urls = server.get("urls")
        if urls:
            servers.append(RTCIceServer(urls, server.get("username"), server.get("credential")))
    return servers


class RoomLinkClient:
    def __init__(self, link: ChairLink, sound: RoomSound,
                 camera: Callable[[], AsyncIterator[av.VideoFrame]] | None = None,
                 on_state: Callable[[RoomLinkState, str], None] | None = None) -> None:
        self.link = link
        self.sound = sound
        self.camera = camera
        self.on_state = on_state
        self.state = RoomLinkState.CONNECTING
        self.links = 0  # calls made (tests count reconnections)
        self.frames_out = 0  # microphone frames sent
        self.frames_in = 0  # mix frames played
        self._microphone: PcmTrack | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped = asyncio.Event()
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._closing: asyncio.Future[Any] | None = None

    @property
    def url(self) -> str:
        return self.link.base_url.replace("http", "ws", 1) + "/room/ws"

    def _set(self, state: RoomLinkState, message: str = "") -> None:
        if state is not self.state or message:
            self.state = state
            log.info("the room's link: %s %s", state.value, message)
            if self.on_state is not None:
                self.on_state(state, message)

    # ---- the sound devices' thread -> this loop --------------------------------------------
    def _frame(self, samples: np.ndarray) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._send_frame, samples)

    def _send_frame(self, samples: np.ndarray) -> None:
        if self._microphone is not None:
            self.frames_out += 1
            self._microphone.push(samples)

    def _play(self, samples: np.ndarray) -> None:
        self.frames_in += 1
        self.sound.push_output(samples)

    # ---- running ---------------------------------------------------------------------------
    def stop(self) -> None:
        """From the client's loop: hang up and stop trying."""
        self._stopped.set()
        if self._socket is not None:
            self._closing = asyncio.ensure_future(self._socket.close())

    async def run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.sound.on_frame = self._frame
        self.sound.start()  # False: a device is missing; RoomAudio retries and says so
        delay, dropped_at = 0.25, self._loop.time()
        try:
            while not self._stopped.is_set():
                try:
                    await self._call()
                except RoomLinkRefused as refused:
                    self._set(RoomLinkState.REFUSED, str(refused))
                    return
                except aiohttp.ServerFingerprintMismatch:
                    self._set(RoomLinkState.REFUSED, "the hub's certificate does not match")
                    return
                except (TimeoutError, aiohttp.ClientError, OSError, ValueError,
                        KeyError) as dropped:
                    log.info("the room's link dropped: %s", dropped)
                if self._stopped.is_set():
                    break
                if self.state is RoomLinkState.LINKED:
                    delay, dropped_at = 0.25, self._loop.time()
                self._set(RoomLinkState.RECONNECTING)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopped.wait(), delay)
                long = self._loop.time() - dropped_at >= SHORT_DROP
                delay = min(delay * 2, 3.0 if long else 1.0)
        finally:
            self.sound.stop()
            self._set(RoomLinkState.CLOSED)

    async def _call(self) -> None:
        headers = {"Authorization": f"Bearer {self.link.token}"}
        async with aiohttp.ClientSession() as client, client.ws_connect(
            self.url, ssl=link_ssl(self.link), headers=headers, heartbeat=2,
            timeout=aiohttp.ClientWSTimeout(ws_close=2),
        ) as socket:
            self._socket = socket
            try:
                hello = await self._receive(socket)
                if hello.get("type") != "hello":
                    raise ValueError(f"the hub said {hello.get('type')!r}")
                await self._media(socket, hello)
            finally:
                self._socket = None

    @staticmethod
    async def _receive(socket: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
        message = await socket.receive(timeout=HELLO_WAIT)
        if message.type is not aiohttp.WSMsgType.TEXT:
            raise aiohttp.ClientConnectionError("the room's door closed")
        data: dict[str, Any] = json.loads(message.data)
        if data.get("type") == "unauthorised":
            raise RoomLinkRefused(str(data.get("message", "the hub refused the room")))
        return data

    async def _media(self, socket: aiohttp.ClientWebSocketResponse,
                     hello: dict[str, Any]) -> None:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=ice_servers(hello),
                                                bundlePolicy=RTCBundlePolicy.MAX_BUNDLE))
        failed = asyncio.Event()
        tasks: list[asyncio.Task[Any]] = []
        frames = self.camera() if self.camera is not None else None

        def on_track(track: MediaStreamTrack) -> None:
            if track.kind == "audio":
                short_jitter_buffer(pc, track)
                tasks.append(asyncio.ensure_future(read_audio(track, self._play)))

        def on_state() -> None:
            if pc.connectionState in ("failed", "closed"):
                failed.set()

        pc.on("track", on_track)
        pc.on("connectionstatechange", on_state)
        microphone = PcmTrack()
        try:
            pc.addTransceiver(microphone, direction="sendrecv")
            if frames is not None:
                pc.addTransceiver(CameraTrack(frames), direction="sendonly")
            await pc.setLocalDescription(await pc.createOffer())
            await socket.send_json({"type": "offer", "sdp": pc.localDescription.sdp})
            answer = await self._receive(socket)
            if answer.get("type") != "answer":
                raise ValueError(f"the hub answered {answer.get('type')!r}")
            await pc.setRemoteDescription(RTCSessionDescription(str(answer["sdp"]), "answer"))
            self._microphone = microphone
            self.links += 1
            self._set(RoomLinkState.LINKED)
            reading = asyncio.ensure_future(self._until_closed(socket))
            broken = asyncio.ensure_future(failed.wait())
            await asyncio.wait({reading, broken}, return_when=asyncio.FIRST_COMPLETED)
            for task in (reading, broken):
                task.cancel()
            if reading.done() and not reading.cancelled() and reading.exception() is not None:
                raise reading.exception()  # type: ignore[misc]
        finally:
            self._microphone = None
            for task in tasks:
                task.cancel()
            await pc.close()
            if frames is not None:
                with contextlib.suppress(Exception):
                    await frames.aclose()  # type: ignore[attr-defined]

    @staticmethod
    async def _until_closed(socket: aiohttp.ClientWebSocketResponse) -> None:
        async for message in socket:
            if message.type is aiohttp.WSMsgType.TEXT:
                data = json.loads(message.data)
                if data.get("type") == "unauthorised":
                    raise RoomLinkRefused(str(data.get("message", "")))


@dataclass(frozen=True)
class RoomLinkSettings:
    """The room's devices on the chair's computer (`facilitator open --hub`): sound device
    names (None: the system's default) and a camera device (None: no camera sent)."""

    room_input: str | None = None
    room_output: str | None = None
    room_camera: str | None = None


class RoomLinkRunner:
    """The room's link on a media loop thread of its own, beside the chair's channel: started
    when the window opens a conference on a hub, stopped when it closes."""

    def __init__(self, link: ChairLink, settings: RoomLinkSettings,
                 on_state: Callable[[RoomLinkState, str], None] | None = None) -> None:
        from ..services.loop_thread import LoopThread
        from ..services.room_audio.room import DeviceNotice, RoomAudio
        from ..services.rtc.media_loop import new_media_loop
        from ..services.rtc.room_camera import camera_frames

        def notice(event: DeviceNotice) -> None:
            log.warning("%s", event.message)

        sound = RoomAudio(lambda frame: None, settings.room_input, settings.room_output,
                          on_notice=notice)
        device = settings.room_camera
        camera = (lambda: camera_frames(device)) if device else None
        self.client = RoomLinkClient(link, sound, camera, on_state)
        self.thread = LoopThread("facilitator-room-link", loop_factory=new_media_loop).start()
        self.running = self.thread.submit(self.client.run())

    def stop(self, timeout: float = 10.0) -> None:
        self.thread.loop.call_soon_threadsafe(self.client.stop)
        with contextlib.suppress(Exception):
            self.running.result(timeout)
        self.thread.stop()
