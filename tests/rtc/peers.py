"""Real WebRTC client peers (aiortc) for the hub's tests: each sends its own tone."""

from __future__ import annotations

import asyncio
import fractions
import json
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import av
import numpy as np
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
    VideoStreamTrack,
)
from aiortc.mediastreams import MediaStreamError
from aiortc.rtcconfiguration import RTCBundlePolicy, RTCIceTransportPolicy

RATE = 48000


class ToneTrack(MediaStreamTrack):
    """A microphone that plays a steady sine tone, paced in real time."""

    kind = "audio"

    def __init__(self, frequency: float, amplitude: float = 0.3) -> None:
        super().__init__()
        self.frequency = frequency
        self.amplitude = amplitude
        self._pts = 0
        self._start: float | None = None

    async def recv(self) -> av.AudioFrame:
        loop = asyncio.get_running_loop()
        if self._start is None:
            self._start = loop.time()
        wait = self._start + self._pts / RATE - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        t = (np.arange(960) + self._pts) / RATE
        samples = (self.amplitude * np.sin(2 * np.pi * self.frequency * t) * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, RATE)
        self._pts += 960
        return frame


class SpeechTrack(MediaStreamTrack):
    """A microphone that is silent until told to say something (48 kHz int16), in real time."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._queue = np.zeros(0, np.int16)
        self._pts = 0
        self._start: float | None = None

    def say(self, pcm: np.ndarray) -> float:
        """Queue `pcm` after what is still to be said; the loop time its last sample goes."""
        self._queue = np.concatenate([self._queue, pcm.astype(np.int16)])
        loop = asyncio.get_running_loop()
        start = self._start if self._start is not None else loop.time()
        return max(loop.time(), start + self._pts / RATE) + len(self._queue) / RATE

    async def recv(self) -> av.AudioFrame:
        loop = asyncio.get_running_loop()
        if self._start is None:
            self._start = loop.time()
        wait = self._start + self._pts / RATE - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        samples = np.zeros(960, np.int16)
        chunk = self._queue[:960]
        samples[:len(chunk)] = chunk
        self._queue = self._queue[960:]
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, RATE)
        self._pts += 960
        return frame


def to_48k(pcm: np.ndarray, rate: int) -> np.ndarray:
    """Speech at `rate` (a LibriVox clip's 16 kHz), resampled to the hub's 48 kHz."""
    n = int(len(pcm) * RATE / rate)
    return np.interp(np.arange(n) * rate / RATE, np.arange(len(pcm)),
                     pcm.astype(np.float64)).astype(np.int16)


class PatternVideoTrack(VideoStreamTrack):
    """A small camera picture that changes every frame."""

    async def recv(self) -> av.VideoFrame:
        pts, time_base = await self.next_timestamp()
        image = np.full((240, 320, 3), (pts // 3000) % 255, dtype=np.uint8)
        frame = av.VideoFrame.from_ndarray(image, format="rgb24")
        frame.pts = pts
        frame.time_base = time_base
        return frame


async def pcm_tone(media: Any, source_id: str, frequency: float, seconds: float) -> None:
    """A PCM endpoint (a phone line, the room) saying a steady tone, 20 ms at a time."""
    t = np.arange(960) / RATE
    for tick in range(int(seconds / 0.02)):
        samples = 0.3 * np.sin(2 * np.pi * frequency * (t + tick * 0.02))
        media.endpoint_audio(source_id, samples.astype(np.float32))
        await asyncio.sleep(0.02)


def tone_power(samples: np.ndarray, frequency: float) -> float:
    """Goertzel power of one frequency, normalised by the signal length (RMS-like)."""
    if len(samples) == 0:
        return 0.0
    n = np.arange(len(samples))
    wave = np.exp(-2j * np.pi * frequency * n / RATE)
    return float(np.abs(np.dot(samples, wave)) / len(samples))


@dataclass
class Peer:
    base_url: str
    token: str
    frequency: float
    mode: str = "phone"
    send_video: bool = False
    video_slots: int = 0
    microphone: MediaStreamTrack | None = None  # what it says (default: its tone)
    use_url: Callable[[str], bool] | None = None  # which of the hub's ICE URLs to use
    relay_only: bool = False  # iceTransportPolicy "relay": through TURN or not at all
    messages: list[dict[str, Any]] = field(default_factory=list)
    received: list[np.ndarray] = field(default_factory=list)
    video_frames: int = 0
    pc: RTCPeerConnection | None = None
    session: aiohttp.ClientSession | None = None
    ws: aiohttp.ClientWebSocketResponse | None = None
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    async def connect(self) -> None:
        self.session = aiohttp.ClientSession()
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        url = self.base_url.replace("http", "ws", 1) + f"/ws?token={self.token}"
        self.ws = await self.session.ws_connect(url, ssl=context)
        self._tasks.append(asyncio.ensure_future(self._listen()))

    async def _listen(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            if message.type is aiohttp.WSMsgType.TEXT:
                data = json.loads(message.data)
                self.messages.append(data)
                if data.get("type") == "are_you_there":  # as the join page does, at once
                    await self.send({"type": "here"})
                if data.get("type") == "answer" and self.pc is not None:
                    await self.pc.setRemoteDescription(RTCSessionDescription(data["sdp"],
                                                                             "answer"))

    async def send(self, message: dict[str, Any] | str) -> None:
        assert self.ws is not None
        await self.ws.send_str(message if isinstance(message, str) else json.dumps(message))

    def ice_servers(self, hello: dict[str, Any]) -> list[RTCIceServer]:
        """The ICE servers the hub's "hello" offers, as the join page takes them (aiortc uses
        the first TURN URL it finds: `use_url` picks which)."""
        servers = []
        for server in hello.get("ice_servers", []):
            urls = [u for u in server["urls"] if self.use_url is None or self.use_url(u)]
            if urls:
                servers.append(RTCIceServer(urls, server.get("username"),
                                            server.get("credential")))
        return servers

    async def join(self) -> None:
        hello = await self.wait_for(lambda m: m["type"] == "hello")
        await self.send({"type": "join", "mode": self.mode})
        await self.wait_for(lambda m: m["type"] == "state")
        policy = RTCIceTransportPolicy.RELAY if self.relay_only else RTCIceTransportPolicy.ALL
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=self.ice_servers(hello),
                                                     bundlePolicy=RTCBundlePolicy.MAX_BUNDLE,
                                                     iceTransportPolicy=policy))
        self.pc.addTransceiver(self.microphone or ToneTrack(self.frequency), direction="sendrecv")
        if self.send_video:
            self.pc.addTransceiver(PatternVideoTrack(), direction="sendonly")
        for _ in range(self.video_slots):
            self.pc.addTransceiver("video", direction="recvonly")
        self.pc.on("track", self._on_track)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        await self.send({"type": "offer", "sdp": self.pc.localDescription.sdp})
        await self.wait_for(lambda m: m["type"] == "answer")

    def _on_track(self, track: MediaStreamTrack) -> None:
        reader = self._read_audio if track.kind == "audio" else self._read_video
        self._tasks.append(asyncio.ensure_future(reader(track)))

    async def _read_audio(self, track: MediaStreamTrack) -> None:
        try:
            while True:
                frame = await track.recv()
                pcm = frame.to_ndarray().reshape(-1, len(frame.layout.channels)).mean(axis=1)
                self.received.append((pcm / 32768.0).astype(np.float32))
        except MediaStreamError:
            return

    async def _read_video(self, track: MediaStreamTrack) -> None:
        try:
            while True:
                await track.recv()
                self.video_frames += 1
        except MediaStreamError:
            return

    async def wait_for(self, predicate: Any, timeout: float = 10.0) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        seen = 0
        while True:
            for message in self.messages[seen:]:
                if predicate(message):
                    return message
            seen = len(self.messages)
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"no matching message; got {self.messages[-5:]}")
            await asyncio.sleep(0.02)

    def last_state(self) -> str | None:
        states = [m["state"] for m in self.messages if m["type"] == "state"]
        return states[-1] if states else None

    async def listen_for(self, seconds: float) -> np.ndarray:
        """Audio received over the next `seconds` (after dropping what came before)."""
        self.received.clear()
        await asyncio.sleep(seconds)
        return np.concatenate(self.received) if self.received else np.zeros(0, np.float32)

    def lose_network(self) -> None:
        """The network goes (Wi-Fi to mobile data): nothing more is sent or read, and nobody
        is told; the hub still sees an open connection until its own time-outs."""
        for task in self._tasks:
            task.cancel()
        assert self.pc is not None
        for transceiver in self.pc.getTransceivers():
            ice = transceiver.sender.transport.transport
            for protocol in ice._connection._protocols:
                if protocol.transport is not None:
                    protocol.transport.abort()

    async def close(self, abruptly: bool = False) -> None:
        for task in self._tasks:
            task.cancel()
        if self.pc is not None:
            await self.pc.close()
        if self.ws is not None and not abruptly:
            await self.ws.close()
        if self.session is not None:
            await self.session.close()
