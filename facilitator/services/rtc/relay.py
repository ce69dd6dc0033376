"""aiortc's stock way to pass video on (decode once, re-encode for every receiver).

Kept only to measure the forwarder against it (benchmarks/rtc_hub.py, `--video-mode relay`);
the hub forwards encoded VP8 by default.
"""

from __future__ import annotations

from aiortc import MediaStreamTrack, RTCRtpSender
from aiortc.contrib.media import MediaRelay


class RelaySlot:
    def __init__(self, sender: RTCRtpSender) -> None:
        self.sender = sender
        self.source: RelayCamera | None = None
        self.frames_out = 0

    def switch_to(self, source: RelayCamera | None) -> None:
        if self.source is not None and self.source is not source:
            self.source.subscribers.discard(self)
        self.source = source
        if source is None:
            self.sender.replaceTrack(None)


class RelayCamera:
    def __init__(self, source_id: str, track: MediaStreamTrack, relay: MediaRelay) -> None:
        self.source_id = source_id
        self.track = track
        self.relay = relay
        self.subscribers: set[RelaySlot] = set()
        self.frames_in = 0

    def subscribe(self, slot: RelaySlot) -> None:
        slot.switch_to(self)
        self.subscribers.add(slot)
        slot.sender.replaceTrack(self.relay.subscribe(self.track))
