"""A video jitter buffer that gives up on a lost packet instead of freezing the camera.

aiortc reassembles a camera's frames in a 512-packet buffer that releases a frame only when
every packet before it has arrived. A packet that is lost and not repaired by retransmission
(the sender's history is short; the retransmission can be lost too) therefore freezes that
camera for everyone until 512 more packets have come: 10 to 20 seconds at a call's bitrate.

`VideoJitterBuffer` waits `MAX_WAIT` for the repair, then skips to the next whole frame after
the gap and reports the loss, so the forwarder restarts its viewers at the next key frame
(which it asks the sender for) instead of showing a frozen or smeared picture.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from aiortc.jitterbuffer import MAX_MISORDER, JitterBuffer, JitterFrame
from aiortc.rtp import RtpPacket
from aiortc.utils import uint16_add, uint16_gt

VIDEO_CAPACITY = 512  # aiortc's own, so ordinary reordering behaves as before
MAX_WAIT = 0.2  # seconds a retransmission may take before the frames behind it are released


class VideoJitterBuffer(JitterBuffer):
    """aiortc's video jitter buffer, releasing frames held behind a gap after `max_wait`."""

    def __init__(self, on_frames_lost: Callable[[], None], max_wait: float = MAX_WAIT,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(capacity=VIDEO_CAPACITY, is_video=True)
        self._on_frames_lost = on_frames_lost
        self._max_wait = max_wait
        self._clock = clock
        self._newest: int | None = None
        self._held_since: float | None = None
        self.gaps_skipped = 0

    def add(self, packet: RtpPacket) -> tuple[bool, JitterFrame | None]:
        sequence = packet.sequence_number
        if (self._newest is None or uint16_gt(sequence, self._newest)
                or self._restarts_at(sequence)):
            self._newest = sequence
        pli, frame = super().add(packet)
        if frame is not None:
            self._held_since = None
            return pli, frame
        skip_to = self._next_frame_after_gap()
        if skip_to is None:
            self._held_since = None  # nothing is held: the newest frame is still arriving
            return pli, None
        now = self._clock()
        if self._held_since is None:
            self._held_since = now
        if now - self._held_since < self._max_wait:
            return pli, None
        self.remove(skip_to)
        self._held_since = None
        self.gaps_skipped += 1
        self._on_frames_lost()
        return False, self._remove_frame(sequence)

    def _restarts_at(self, sequence: int) -> bool:
        """aiortc's buffer starts again at a packet far behind its origin (a restarted sender)."""
        if self._origin is None:
            return True
        behind = uint16_add(self._origin, -sequence)
        return behind < uint16_add(sequence, -self._origin) and behind >= MAX_MISORDER

    def _next_frame_after_gap(self) -> int | None:
        """How many slots from the origin to the first frame start after a gap, if any.

        A frame start is a packet whose predecessor is present with another timestamp: a
        packet right after a gap might be the middle of a frame, so it never counts.
        """
        if self._origin is None or self._newest is None:
            return None
        newest = uint16_add(self._newest, -self._origin)
        if newest >= self._capacity:
            return None
        gap_seen = False
        previous: RtpPacket | None = None
        for offset in range(newest + 1):
            current = self._packets[(self._origin + offset) % self._capacity]
            if current is None:
                gap_seen = True
            elif gap_seen and previous is not None and previous.timestamp != current.timestamp:
                return offset
            previous = current
        return None
