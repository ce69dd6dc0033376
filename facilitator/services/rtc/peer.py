"""One remote person's WebRTC connection: their microphone and camera in, their mix out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import av
import numpy as np
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCRtpTransceiver,
    RTCSessionDescription,
)
from aiortc.contrib.media import MediaRelay
from aiortc.jitterbuffer import JitterBuffer
from aiortc.mediastreams import MediaStreamError
from aiortc.rtcconfiguration import RTCBundlePolicy

from .forward import ForwardedVideoTrack, PreEncoded, VideoSource
from .ice_restart import restart_if_asked
from .link_quality import LinkQuality
from .mixer import TIME_BASE
from .relay import RelayCamera, RelaySlot

log = logging.getLogger(__name__)
MAX_VIDEO_SLOTS = 16
TILE_SIZE = (192, 144)
TILE_INTERVAL = 0.25  # seconds between tile pictures
TileHandler = Callable[[str, int, int, bytes], None]  # attendee, width, height, RGB bytes
SHARED_RELAY = MediaRelay()


class PeerState(Enum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    FAILED = "failed"
    CLOSED = "closed"


class MixedAudioTrack(MediaStreamTrack):
    """A listener's mix, already Opus-encoded by the mixer (possibly shared with others)."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._queue: asyncio.Queue[PreEncoded] = asyncio.Queue(maxsize=10)
        self._pts = 0

    def push(self, payloads: list[bytes]) -> None:
        for payload in payloads:
            packet = PreEncoded(payload, self._pts, TIME_BASE)
            self._pts += 960
            if self._queue.full():  # the network is behind: keep latency bounded
                self._queue.get_nowait()
            self._queue.put_nowait(packet)

    async def recv(self) -> PreEncoded:  # type: ignore[override]  # packed as an av.Packet is
        return await self._queue.get()


@dataclass
class RemotePeer:
    attendee_id: str
    name: str
    audio_only: bool
    ice_servers: list[RTCIceServer]
    on_audio: Callable[[str, np.ndarray, float | None], None]  # (id, samples, media time)
    on_state: Callable[[RemotePeer], None]
    pc: RTCPeerConnection = field(init=False)
    audio_out: MixedAudioTrack = field(default_factory=MixedAudioTrack)
    slots: list[ForwardedVideoTrack | RelaySlot] = field(default_factory=list)
    camera: VideoSource | RelayCamera | None = None
    video_mode: str = "forward"  # or "relay": aiortc's decode and re-encode, for benchmarks
    on_tile: TileHandler | None = None  # wanted by the chair's window: decode once per camera
    state: PeerState = PeerState.CONNECTING
    muted: bool = False
    hand_raised: bool = False
    line: LinkQuality = field(default_factory=LinkQuality)
    ice_restarts: int = 0  # the page restarted ICE on this call (a new network)
    _answered: list[RTCRtpTransceiver] = field(default_factory=list)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # No third-party STUN unless configured: aiortc's default is a public Google server.
        self.pc = RTCPeerConnection(RTCConfiguration(
            iceServers=self.ice_servers, bundlePolicy=RTCBundlePolicy.MAX_BUNDLE))
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_connection_state)

    async def answer(self, offer_sdp: str) -> str:
        """The answer to the page's offer: the first, or a later one on the same call (an
        ICE restart when the phone changed network: the call, its keys and its tracks stay)."""
        if restart_if_asked(self.pc, offer_sdp):
            self.ice_restarts += 1
        await self.pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        for transceiver in self.pc.getTransceivers():
            offered = transceiver._offerDirection  # what the browser asked for this m-line
            if transceiver in self._answered:
                continue  # a later offer: this m-line is set up already
            self._answered.append(transceiver)
            if transceiver.kind == "audio" and transceiver.sender.track is None:
                transceiver.sender.replaceTrack(self.audio_out)
                transceiver.direction = "sendrecv" if offered == "sendrecv" else "sendonly"
            elif (transceiver.kind == "video" and offered == "sendonly"
                  and len(self.slots) < MAX_VIDEO_SLOTS):
                # a slot the browser only receives on: we send a forwarded camera into it
                transceiver.direction = "sendonly"
                if self.video_mode == "relay":
                    self.slots.append(RelaySlot(transceiver.sender))
                    continue
                track = ForwardedVideoTrack()
                transceiver.sender.replaceTrack(track)
                track.attach_sender(transceiver.sender)
                self.slots.append(track)
        answer = await self.pc.createAnswer()
        await self.pc.setLocalDescription(answer)
        return str(self.pc.localDescription.sdp)

    def _on_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "audio":
            receiver = next(t.receiver for t in self.pc.getTransceivers()
                            if t.receiver.track is track)
            # aiortc holds 4 frames (80 ms) before decoding; the mixer has its own buffer
            receiver._RTCRtpReceiver__jitter_buffer = JitterBuffer(  # type: ignore[attr-defined]
                capacity=16, prefetch=1)
            self._tasks.append(asyncio.ensure_future(self._read_audio(track)))
        elif track.kind == "video" and self.camera is None and self.video_mode == "relay":
            self.camera = RelayCamera(self.attendee_id, track, SHARED_RELAY)
        elif track.kind == "video" and self.camera is None:
            receiver = next(t.receiver for t in self.pc.getTransceivers()
                            if t.receiver.track is track)
            self.camera = VideoSource(self.attendee_id, receiver)
            if self.on_tile is not None:
                self.camera.decode(True)
                self._tasks.append(asyncio.ensure_future(self._read_tiles(track)))

    async def _read_tiles(self, track: MediaStreamTrack) -> None:
        """Decoded once for the chair's window: a small picture a few times a second."""
        last = 0.0
        try:
            while True:
                frame = await track.recv()
                now = asyncio.get_running_loop().time()
                if now - last < TILE_INTERVAL or self.on_tile is None:
                    continue
                last = now
                assert isinstance(frame, av.VideoFrame)
                picture = frame.to_ndarray(format="rgb24", width=TILE_SIZE[0],
                                           height=TILE_SIZE[1])
                self.on_tile(self.attendee_id, TILE_SIZE[0], TILE_SIZE[1], picture.tobytes())
        except MediaStreamError:
            return

    async def _read_audio(self, track: MediaStreamTrack) -> None:
        try:
            while True:
                frame = await track.recv()
                assert isinstance(frame, av.AudioFrame)
                pcm = frame.to_ndarray()
                channels = len(frame.layout.channels)
                samples = pcm.reshape(-1, channels).mean(axis=1) if channels > 1 else pcm[0]
                if frame.sample_rate != 48000:
                    continue  # Opus always decodes at 48 kHz in aiortc
                # its RTP timestamp (aiortc unwraps it from the first): when it was said, so
                # a frame that reaches us late keeps its place in time (asr/sources.py)
                said = None if frame.pts is None or frame.time_base is None \
                    else float(frame.pts * frame.time_base)
                self.on_audio(self.attendee_id, (samples / 32768.0).astype(np.float32), said)
        except MediaStreamError:
            return

    async def _on_connection_state(self) -> None:
        mapping = {"connected": PeerState.CONNECTED, "disconnected": PeerState.DISCONNECTED,
                   "failed": PeerState.FAILED, "closed": PeerState.CLOSED}
        new = mapping.get(self.pc.connectionState)
        if new is not None and new is not self.state:
            self.state = new
            self.on_state(self)

    async def refresh_stats(self) -> None:
        try:
            report = await self.pc.getStats()
        except Exception:  # stats are best effort; a closing connection may refuse
            return
        reports = [item for item in report.values() if item.type == "remote-inbound-rtp"]
        if reports:  # the person's reports on what we sent them (8-bit fractions lost)
            round_trips = [r.roundTripTime for r in reports if r.roundTripTime is not None]
            self.line.outbound(max(r.fractionLost for r in reports) / 256,
                               max(round_trips) if round_trips else None)
        for item in report.values():
            if item.type == "inbound-rtp":  # what the person sent us
                self.line.inbound(f"{item.id}:{item.ssrc}", item.packetsReceived,
                                  item.packetsLost)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await self.pc.close()
        self.state = PeerState.CLOSED
