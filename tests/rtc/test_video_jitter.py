"""The hub's video jitter buffer: a lost packet costs a moment, not a frozen camera."""

from __future__ import annotations

from aiortc.jitterbuffer import JitterBuffer
from aiortc.rtp import RtpPacket

from facilitator.services.rtc.video_jitter import MAX_WAIT, VideoJitterBuffer

PACKETS_PER_FRAME = 3


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def camera_packets(frames: int, first_sequence: int = 65530) -> list[RtpPacket]:
    """`frames` frames of three packets each, 33 ms apart; the sequence numbers wrap."""
    packets = []
    for frame in range(frames):
        for part in range(PACKETS_PER_FRAME):
            sequence = (first_sequence + frame * PACKETS_PER_FRAME + part) % 65536
            packet = RtpPacket(payload_type=96, sequence_number=sequence,
                               timestamp=frame * 3000, marker=int(part == PACKETS_PER_FRAME - 1))
            packet._data = bytes([frame % 256, part])  # type: ignore[attr-defined]
            packets.append(packet)
    return packets


def feed(buffer: JitterBuffer, packets: list[RtpPacket], clock: FakeClock | None = None
         ) -> list[int]:
    """The frames released, by number (packets arrive 11 ms apart)."""
    released = []
    for packet in packets:
        if clock is not None:
            clock.now += 0.011
        _, frame = buffer.add(packet)
        if frame is not None:
            released.append(frame.data[0])
    return released


def test_frames_in_order_come_out_whole_and_nothing_is_reported_lost() -> None:
    losses: list[int] = []
    buffer = VideoJitterBuffer(lambda: losses.append(1), clock=FakeClock())
    released = feed(buffer, camera_packets(20))
    assert released == list(range(19)), "each frame is released when the next one starts"
    assert losses == [] and buffer.gaps_skipped == 0


def test_a_packet_repaired_in_time_loses_no_frame() -> None:
    clock = FakeClock()
    losses: list[int] = []
    buffer = VideoJitterBuffer(lambda: losses.append(1), clock=clock)
    packets = camera_packets(20)
    lost = packets.pop(10)  # frame 3, middle packet
    released = feed(buffer, packets[:15], clock)
    assert released == [0, 1, 2], "frames behind the gap wait for the retransmission"
    released += feed(buffer, [lost], clock)  # the retransmission, 55 ms later
    released += feed(buffer, packets[15:], clock)
    assert released == list(range(19)) and losses == []


def test_a_packet_never_repaired_costs_only_the_frames_until_max_wait() -> None:
    clock = FakeClock()
    losses: list[int] = []
    buffer = VideoJitterBuffer(lambda: losses.append(1), clock=clock)
    packets = camera_packets(60)
    del packets[10]  # frame 3's middle packet never arrives
    waited = int(MAX_WAIT / 0.011) + 5  # the wait starts once a whole frame is behind the gap
    released = feed(buffer, packets[:10 + waited], clock)
    assert released[:3] == [0, 1, 2]
    assert len(losses) == 1 and buffer.gaps_skipped == 1, "the loss is reported once"
    assert 3 not in released, "the frame with the hole is never released"
    released += feed(buffer, packets[10 + waited:], clock)
    assert released[-1] == 58, "the camera keeps going after the gap"
    assert released == sorted(released) and len(released) >= 50
    assert len(losses) == 1


def test_aiortc_stock_buffer_freezes_the_camera_on_the_same_loss() -> None:
    """Why the hub replaces aiortc's buffer: the same loss stops every later frame."""
    stock = JitterBuffer(capacity=512, is_video=True)
    packets = camera_packets(60)
    del packets[10]
    assert feed(stock, packets) == [0, 1, 2]


def test_a_sender_that_restarts_its_sequence_numbers_is_followed() -> None:
    clock = FakeClock()
    losses: list[int] = []
    buffer = VideoJitterBuffer(lambda: losses.append(1), clock=clock)
    assert feed(buffer, camera_packets(10, first_sequence=40000), clock) == list(range(9))
    restarted = feed(buffer, camera_packets(10, first_sequence=1000), clock)
    assert restarted[-3:] == [6, 7, 8] and losses == []
