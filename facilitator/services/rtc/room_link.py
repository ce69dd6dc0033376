"""The meeting room carried to a hub server: the room's WebRTC connection, hub side.

When the hub is a server (`facilitator server`), the room's microphone, loudspeakers and camera
are on the chair's computer in the meeting room. That computer joins as the room (the chair's
door `meeting/room_door.py`, with the chair's token; never a participant's link) and this peer
feeds the hub's ROOM endpoint exactly as the embedded `RoomAudio` does: what the room's
microphone sends goes through `MediaHub.endpoint_audio(ROOM, ...)` (the room mute, the egress
guard's ROOM rules, the transcription taps, all unchanged), and the ROOM listener's mix (everyone
the room may hear) goes back to the room's loudspeakers. The room's camera, if it sends one,
becomes the hub's room camera, forwarded as it came (never re-encoded).
"""

from __future__ import annotations

import asyncio
import fractions
import logging
from collections.abc import Callable
from typing import Any

import av
import numpy as np
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.jitterbuffer import JitterBuffer
from aiortc.mediastreams import MediaStreamError
from aiortc.rtcconfiguration import RTCBundlePolicy

from .forward import VideoSource
from .hub import MediaHub, PcmEndpoint
from .mixer import SAMPLE_RATE
from .policy import ROOM

log = logging.getLogger(__name__)
QUEUED_FRAMES = 6  # 120 ms: a sender that falls behind drops the oldest, latency stays bounded
AUDIO_TIME_BASE = fractions.Fraction(1, SAMPLE_RATE)


class PcmTrack(MediaStreamTrack):
    """Outgoing audio from 20 ms frames of 48 kHz mono float32 pushed as they come (the hub's
    mix for the room, or the room's processed microphone); aiortc encodes it as Opus."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._queue: asyncio.Queue[np.ndarray] = asyncio.Queue(maxsize=QUEUED_FRAMES)
        self._pts = 0

    def push(self, samples: np.ndarray) -> None:
        if self._queue.full():
            self._queue.get_nowait()
        self._queue.put_nowait(samples)

    async def recv(self) -> av.AudioFrame:
        samples = await self._queue.get()
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self._pts
        frame.time_base = AUDIO_TIME_BASE
        self._pts += pcm.shape[1]
        return frame


def mono(frame: av.AudioFrame) -> np.ndarray:
    """A decoded frame as 48 kHz mono float32 (aiortc's Opus decoder gives stereo s16)."""
    pcm = frame.to_ndarray()
    channels = len(frame.layout.channels)
    samples = pcm.reshape(-1, channels).mean(axis=1) if channels > 1 else pcm[0]
    result: np.ndarray = (samples / 32768.0).astype(np.float32)
    return result


async def read_audio(track: MediaStreamTrack, on_samples: Callable[[np.ndarray], None]) -> None:
    try:
        while True:
            frame = await track.recv()
            assert isinstance(frame, av.AudioFrame)
            if frame.sample_rate == SAMPLE_RATE:
                on_samples(mono(frame))
    except MediaStreamError:
        return


def short_jitter_buffer(pc: RTCPeerConnection, track: MediaStreamTrack) -> None:
    """aiortc holds 4 frames (80 ms) before decoding; one is enough on a link of 20 ms frames
    (as the hub does for every person: `peer.RemotePeer`)."""
    receiver = next(t.receiver for t in pc.getTransceivers() if t.receiver.track is track)
    receiver._RTCRtpReceiver__jitter_buffer = JitterBuffer(  # type: ignore[attr-defined]
        capacity=16, prefetch=1)


class RoomLinkPeer:
    """The room on the hub: one at a time; `close` gives the ROOM endpoint up."""

    def __init__(self, hub: MediaHub, ice_servers: list[RTCIceServer],
                 on_closed: Callable[[RoomLinkPeer], None] | None = None) -> None:
        self.hub = hub
        self.on_closed = on_closed
        self.loudspeakers = PcmTrack()  # the room's mix, to the room
        self.camera: VideoSource | None = None
        self.frames_in = 0  # microphone frames received (tests, the benchmark)
        self.closed = False
        self._tasks: list[asyncio.Task[Any]] = []
        self.pc = RTCPeerConnection(RTCConfiguration(
            iceServers=ice_servers, bundlePolicy=RTCBundlePolicy.MAX_BUNDLE))
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_connection_state)
        self.endpoint = PcmEndpoint(ROOM, self._play, muted=hub.policy.room_muted)

    def _play(self, samples: np.ndarray) -> None:
        self.loudspeakers.push(samples)

    async def answer(self, offer_sdp: str) -> str:
        await self.pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        for transceiver in self.pc.getTransceivers():
            if transceiver.kind == "audio" and transceiver.sender.track is None:
                transceiver.sender.replaceTrack(self.loudspeakers)
                transceiver.direction = "sendrecv"
            elif transceiver.kind == "video":
                transceiver.direction = "recvonly"  # the room's camera, to the hub
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        self.hub.add_pcm_endpoint(self.endpoint)  # the room is heard and hears from now
        return str(self.pc.localDescription.sdp)

    def _microphone(self, samples: np.ndarray) -> None:
        if not self.closed and self.hub.pcm_endpoints.get(ROOM) is self.endpoint:
            self.frames_in += 1
            self.hub.endpoint_audio(ROOM, samples)

    def _on_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "audio":
            short_jitter_buffer(self.pc, track)
            self._tasks.append(asyncio.ensure_future(read_audio(track, self._microphone)))
        elif track.kind == "video" and self.camera is None:
            receiver = next(t.receiver for t in self.pc.getTransceivers()
                            if t.receiver.track is track)
            self.camera = VideoSource(ROOM, receiver)
            self.hub.room_camera = self.camera
            self.hub.assign_video()

    async def _on_connection_state(self) -> None:
        if self.pc.connectionState in ("failed", "closed") and not self.closed:
            log.warning("the room's link: WebRTC %s", self.pc.connectionState)
            await self.close()

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for task in self._tasks:
            task.cancel()
        if self.hub.pcm_endpoints.get(ROOM) is self.endpoint:
            self.hub.remove_pcm_endpoint(ROOM)
        if self.camera is not None and self.hub.room_camera is self.camera:
            self.hub.room_camera = None
            self.hub.assign_video()
        await self.pc.close()
        if self.on_closed is not None:
            self.on_closed(self)
