"""Forward each sender's encoded VP8 to its receivers without decoding or re-encoding.

aiortc decodes every incoming video frame and re-encodes it for every receiver by default.
Instead we tap the receiver's queue of reassembled encoded frames (an aiortc internal: see
`check_aiortc_internals`) and hand the same bytes to each subscriber's sender, which only
packetizes them. aiortc is pinned exactly (pyproject.toml) and a test fails if this changes.
"""

from __future__ import annotations

import asyncio
import fractions
import logging
import queue
from dataclasses import dataclass
from typing import Any

from aiortc import MediaStreamTrack, RTCRtpReceiver, RTCRtpSender

from .video_jitter import VideoJitterBuffer

log = logging.getLogger(__name__)
VIDEO_TIME_BASE = fractions.Fraction(1, 90000)
SUBSCRIBER_QUEUE = 10  # frames; a slow subscriber drops frames and waits for a key frame


@dataclass(slots=True)
class PreEncoded:
    """An encoded frame as aiortc's sender packs it (`bytes()`, `.pts`, `.time_base`), without
    copying it into an av.Packet first: for every viewer of every camera, 30 times a second."""

    data: bytes
    pts: int
    time_base: fractions.Fraction

    def __bytes__(self) -> bytes:
        return self.data


def check_aiortc_internals() -> None:
    """Fail loudly if the aiortc internals the forwarder relies on have changed."""
    receiver_init = RTCRtpReceiver.__init__.__code__
    for private in ("_RTCRtpReceiver__decoder_queue", "_RTCRtpReceiver__jitter_buffer"):
        if private not in receiver_init.co_names:
            raise RuntimeError(f"aiortc RTCRtpReceiver no longer has {private}")
    for owner, name in ((RTCRtpReceiver, "_send_rtcp_pli"), (RTCRtpSender, "_send_keyframe"),
                        (RTCRtpReceiver, "getSynchronizationSources")):
        if not callable(getattr(owner, name, None)):
            raise RuntimeError(f"aiortc {owner.__name__}.{name} is missing")
    from aiortc.codecs.opus import OpusEncoder
    from aiortc.codecs.vpx import Vp8Encoder

    for encoder in (Vp8Encoder, OpusEncoder):  # they pack what a track hands them: PreEncoded
        names = encoder.pack.__code__.co_names
        if not {"pts", "time_base"} <= set(names):
            raise RuntimeError(f"aiortc {encoder.__name__}.pack no longer reads pts and time_base")


def is_vp8_keyframe(frame: bytes) -> bool:
    """RFC 6386 section 9.1: bit 0 of the first byte is 0 for a key frame."""
    return bool(frame) and frame[0] & 0x01 == 0


class EncodedVideoSource:
    """Encoded VP8 frames fanned out to subscribers' slots, as they are: never re-encoded."""

    def __init__(self, source_id: str) -> None:
        self.source_id = source_id
        self.subscribers: set[ForwardedVideoTrack] = set()
        self.frames_in = 0

    def on_encoded(self, data: bytes, timestamp: int) -> None:
        """Called in the loop thread for each complete encoded frame."""
        self.frames_in += 1
        keyframe = is_vp8_keyframe(data)
        if keyframe:
            self._keyframe_arrived()
        for track in list(self.subscribers):
            track.offer(data, timestamp, keyframe)

    def _keyframe_arrived(self) -> None:
        pass

    def request_keyframe(self) -> None:
        raise NotImplementedError

    def subscribe(self, track: ForwardedVideoTrack) -> None:
        self.subscribers.add(track)
        track.switch_to(self)

    def unsubscribe(self, track: ForwardedVideoTrack) -> None:
        self.subscribers.discard(track)


class VideoSource(EncodedVideoSource):
    """One remote person's camera: encoded frames tapped from their aiortc receiver."""

    def __init__(self, source_id: str, receiver: RTCRtpReceiver) -> None:
        super().__init__(source_id)
        self.receiver = receiver
        self._keyframe_requested = False
        self._pending: set[asyncio.Task[None]] = set()
        original: queue.Queue[Any] = receiver._RTCRtpReceiver__decoder_queue  # type: ignore[attr-defined]
        self.tap = _TapQueue(self, original)
        receiver._RTCRtpReceiver__decoder_queue = self.tap  # type: ignore[attr-defined]
        self.jitter = VideoJitterBuffer(on_frames_lost=self.frames_lost)
        receiver._RTCRtpReceiver__jitter_buffer = self.jitter  # type: ignore[attr-defined]

    def frames_lost(self) -> None:
        """Frames were given up for lost: every viewer (and the tile) waits for a key frame."""
        for track in list(self.subscribers):
            track.restart_at_keyframe()
        if self.tap.decode:
            self.tap.await_keyframe = True
        self._keyframe_requested = False  # this loss needs its own key frame, whatever came before
        self.request_keyframe()

    def decode(self, wanted: bool) -> None:
        """Also decode this camera (once, for the chair's tiles), from its next key frame."""
        if wanted and not self.tap.decode:
            self.tap.await_keyframe = True
            self.request_keyframe()
        self.tap.decode = wanted

    def _keyframe_arrived(self) -> None:
        self._keyframe_requested = False

    def request_keyframe(self) -> None:
        if self._keyframe_requested:
            return
        sources = self.receiver.getSynchronizationSources()
        if not sources:
            return
        self._keyframe_requested = True
        ssrc = sources[0].source
        task = asyncio.ensure_future(self.receiver._send_rtcp_pli(ssrc))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        asyncio.get_event_loop().call_later(1.0, self._allow_request)

    def _allow_request(self) -> None:
        self._keyframe_requested = False


class _TapQueue(queue.Queue[Any]):
    """Stands in for the receiver's decoder queue: taps encoded frames, decodes only if asked."""

    def __init__(self, source: VideoSource, original: queue.Queue[Any]) -> None:
        super().__init__()
        self.source = source
        self.decode = False
        self.await_keyframe = False
        while not original.empty():  # nothing should be there yet; keep it if it is
            super().put(original.get_nowait())

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        if item is not None:
            codec, encoded_frame = item
            data = bytes(encoded_frame.data)
            keyframe = codec.name == "VP8" and is_vp8_keyframe(data)
            if codec.name == "VP8":
                self.source.on_encoded(data, encoded_frame.timestamp)
            if not self.decode:
                return
            if self.await_keyframe:
                if not keyframe:
                    return  # a decoder started mid-stream only makes errors
                self.await_keyframe = False
        super().put(item, block, timeout)


class ForwardedVideoTrack(MediaStreamTrack):
    """A subscriber's slot: yields encoded packets of whichever source it shows."""

    kind = "video"

    def __init__(self) -> None:
        super().__init__()
        self._queue: asyncio.Queue[PreEncoded] = asyncio.Queue(maxsize=SUBSCRIBER_QUEUE)
        self.source: EncodedVideoSource | None = None
        self._need_keyframe = True
        self._last_ts: int | None = None
        self._base: int = 0
        self._offset = 0
        self.frames_out = 0
        self.enabled = True

    def switch_to(self, source: EncodedVideoSource | None) -> None:
        if self.source is not None and self.source is not source:
            self.source.unsubscribe(self)
        self.source = source
        self._need_keyframe = True
        if source is not None:
            source.request_keyframe()

    def restart_at_keyframe(self) -> None:
        """What follows a lost frame refers to it: show nothing more until a key frame."""
        self._need_keyframe = True

    def offer(self, data: bytes, timestamp: int, keyframe: bool) -> None:
        if not self.enabled:
            return
        if self._need_keyframe:
            if not keyframe:
                if self.source is not None:
                    self.source.request_keyframe()
                return
            self._need_keyframe = False
            # keep our RTP timestamps continuous across source switches
            self._offset = (self._last_ts + 3000 if self._last_ts is not None else 0) - timestamp
        pts = timestamp + self._offset
        self._last_ts = pts
        packet = PreEncoded(data, pts, VIDEO_TIME_BASE)
        if self._queue.full():
            # the subscriber is too slow: drop what is queued and restart at a key frame
            while not self._queue.empty():
                self._queue.get_nowait()
            self._need_keyframe = True
            if self.source is not None:
                self.source.request_keyframe()
            return
        self._queue.put_nowait(packet)

    async def recv(self) -> PreEncoded:  # type: ignore[override]  # packed as an av.Packet is
        packet = await self._queue.get()
        self.frames_out += 1
        await asyncio.sleep(0)  # a full queue must not hold the loop (the audio ticks) for long
        return packet

    def attach_sender(self, sender: RTCRtpSender) -> None:
        """The subscriber's browser asks for a key frame: ask the original sender."""
        def relay_keyframe_request() -> None:
            self._need_keyframe = True
            if self.source is not None:
                self.source.request_keyframe()
        sender._send_keyframe = relay_keyframe_request  # type: ignore[method-assign]
