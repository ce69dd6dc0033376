"""RTP for one phone call (RFC 3550): G.711/G.722 audio both ways, RFC 4733 DTMF events in.

Audio goes out in 20 ms packets with one random SSRC, a random starting sequence number and
timestamp, and the timestamp advancing by the codec's RTP clock (160 per 20 ms for G.711 and,
by RFC 3551's rule, also for G.722). What arrives is decoded and resampled to 48 kHz, with
when it was said by the caller's RTP clock (its timestamps unwrapped, in seconds), so that audio
arriving late keeps its place in the transcript (asr/sources.py).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from .codecs import HUB_RATE, Chunker, Float, Resampler, codec_for, to_float, to_pcm16
from .sdp import MediaFormat

log = logging.getLogger(__name__)
DTMF_EVENTS = "0123456789*#ABCD"
HEADER = struct.Struct("!BBHII")
MAX_MISORDER = 100  # RFC 3550 A.1: further behind than this, the sender restarted


@dataclass(frozen=True)
class RtpPacket:
    payload_type: int
    marker: bool
    sequence: int
    timestamp: int
    ssrc: int
    payload: bytes

    @classmethod
    def parse(cls, data: bytes) -> RtpPacket | None:
        if len(data) < 12:
            return None
        first, second, sequence, timestamp, ssrc = HEADER.unpack_from(data)
        if first >> 6 != 2:
            return None
        offset = 12 + 4 * (first & 0x0F)
        if first & 0x10:  # header extension
            if len(data) < offset + 4:
                return None
            offset += 4 + 4 * struct.unpack_from("!H", data, offset + 2)[0]
        end = len(data)
        if first & 0x20 and end > offset:  # padding
            end -= data[-1]
        if end < offset:
            return None
        return cls(second & 0x7F, bool(second & 0x80), sequence, timestamp, ssrc,
                   data[offset:end])

    def encode(self) -> bytes:
        return HEADER.pack(0x80, (0x80 if self.marker else 0) | self.payload_type,
                           self.sequence, self.timestamp, self.ssrc) + self.payload


class DtmfEvents:
    """RFC 4733 telephone-events to digits: one digit per event, reported when it starts.

    An event is new when it has a new (timestamp, event), or starts again after the end of
    the previous one (some senders, sipp's recordings among them, reuse the timestamp and
    even the sequence numbers for consecutive presses of one key). The end packet, sent
    three times, ends it; a start lost on the way is reported at its end."""

    def __init__(self) -> None:
        self._key: tuple[int, int] | None = None
        self._ended = False

    def feed(self, packet: RtpPacket) -> str | None:
        if len(packet.payload) < 4:
            return None
        event, flags = packet.payload[0], packet.payload[1]
        end = bool(flags & 0x80)
        key = (packet.timestamp, event)
        if key != self._key or (self._ended and not end):
            self._key = key
            self._ended = end
            return DTMF_EVENTS[event] if event < len(DTMF_EVENTS) else None
        self._ended = self._ended or end
        return None


@dataclass
class RtpStats:
    sent: int = 0
    received: int = 0
    late: int = 0
    lost: int = 0
    dtmf: int = 0
    last_received: float = 0.0


class RtpSession(asyncio.DatagramProtocol):
    """One call's RTP socket. `on_audio(48 kHz float32, media seconds)`, `on_digit("5")` are
    callbacks."""

    def __init__(self, on_audio: Callable[[Float, float | None], None],
                 on_digit: Callable[[str], None]) -> None:
        self.on_audio = on_audio
        self.on_digit = on_digit
        self.transport: asyncio.DatagramTransport | None = None
        self.remote: tuple[str, int] | None = None
        self.format: MediaFormat | None = None
        self.sending = True
        self.receiving = True  # False while the caller holds: what they send goes nowhere
        self.stats = RtpStats()
        self._ssrc = secrets.randbits(32)
        self._sequence = secrets.randbits(16)
        self._timestamp = secrets.randbits(32)
        self._marker = True
        self._dtmf = DtmfEvents()
        self._remote_ssrc: int | None = None
        self._highest = 0
        self._said: int | None = None  # the last audio's RTP timestamp, unwrapped

    # ---- set-up -----------------------------------------------------------------------------
    @classmethod
    async def open(cls, host: str, ports: tuple[int, int],
                   on_audio: Callable[[Float, float | None], None],
                   on_digit: Callable[[str], None]) -> RtpSession:
        """Bind an even port in `ports` (inclusive; (0, 0) lets the system choose)."""
        loop = asyncio.get_running_loop()
        first, last = ports
        candidates = [0] if first == 0 else list(range(first + first % 2, last + 1, 2))
        if len(candidates) > 1:
            start = secrets.randbelow(len(candidates))
            candidates = candidates[start:] + candidates[:start]
        for port in candidates:
            try:
                _, protocol = await loop.create_datagram_endpoint(
                    lambda: cls(on_audio, on_digit), local_addr=(host, port))
                return protocol
            except OSError:
                continue
        raise OSError(f"no free RTP port in {first}-{last}")

    @property
    def port(self) -> int:
        assert self.transport is not None
        return int(self.transport.get_extra_info("sockname")[1])

    def configure(self, remote: tuple[str, int], fmt: MediaFormat) -> None:
        if self.format is None or fmt.codec != self.format.codec:
            self._codec = codec_for(fmt.codec)
            self._up = Resampler(fmt.codec.sample_rate, HUB_RATE)
            self._down = Resampler(HUB_RATE, fmt.codec.sample_rate)
            self._chunks = Chunker(fmt.codec.sample_rate // 50)
            self._step = fmt.codec.clock_rate // 50
        self.remote = remote
        self.format = fmt

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    # ---- sending ----------------------------------------------------------------------------
    def send(self, samples: Float) -> None:
        """20 ms (960 samples) of 48 kHz audio to the caller."""
        if self.transport is None or self.remote is None or self.format is None:
            return
        for chunk in self._chunks.push(self._down(samples)):
            payload = self._codec.encode(to_pcm16(chunk))
            if self.sending and not self.transport.is_closing():
                packet = RtpPacket(self.format.payload_type, self._marker, self._sequence,
                                   self._timestamp, self._ssrc, payload)
                self.transport.sendto(packet.encode(), self.remote)
                self.stats.sent += 1
                self._marker = False
                self._sequence = (self._sequence + 1) & 0xFFFF
            else:
                self._marker = True  # the first packet after a pause (hold) starts a spurt
            self._timestamp = (self._timestamp + self._step) & 0xFFFFFFFF  # time goes on

    # ---- receiving --------------------------------------------------------------------------
    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        if self.remote is None or self.format is None or addr[0] != self.remote[0]:
            return  # only the address the call's SDP named may send us media
        packet = RtpPacket.parse(data)
        if packet is None:
            return
        if packet.ssrc != self._remote_ssrc:  # a new stream (or a new source after a transfer)
            self._remote_ssrc = packet.ssrc
            self._highest = (packet.sequence - 1) & 0xFFFF
        self.stats.received += 1
        self.stats.last_received = time.monotonic()
        delta = (packet.sequence - self._highest) & 0xFFFF
        in_order = 0 < delta < 0x8000 or 0x10000 - delta > MAX_MISORDER  # far behind: restart
        if in_order:
            self.stats.lost += delta - 1 if delta < 0x8000 else 0
            self._highest = packet.sequence
        if packet.payload_type == self.format.dtmf_payload_type:
            digit = self._dtmf.feed(packet)  # has its own duplicate rules
            if digit is not None:
                self.stats.dtmf += 1
                self.on_digit(digit)
        elif not in_order:
            self.stats.late += 1  # a duplicate, or older than what was already played
        elif packet.payload_type == self.format.payload_type and packet.payload \
                and self.receiving:
            samples = self._up(to_float(self._codec.decode(packet.payload)))
            said = self._media_seconds(packet.timestamp)
            if len(samples):
                self.on_audio(samples, said)

    def _media_seconds(self, timestamp: int) -> float:
        """The caller's RTP clock, unwrapped (32 bits wrap in 6 days at 8 kHz), in seconds
        from no particular origin (only its steps count). A new stream (SSRC) continues from a
        random step, back or ahead: the recogniser then places it by arrival (a restarted
        sender)."""
        assert self.format is not None
        if self._said is None:
            self._said = timestamp
        else:
            step = (timestamp - self._said) & 0xFFFFFFFF
            self._said += step - (1 << 32) if step >= 1 << 31 else step
        return self._said / self.format.codec.clock_rate

    def error_received(self, exc: Exception) -> None:
        log.debug("RTP socket error: %s", exc)


def silence(samples: int = 960) -> Float:
    return np.zeros(samples, np.float32)


async def every_20ms(send: Callable[[], None]) -> None:
    """Call `send` once a 20 ms frame, on the loop's clock, until cancelled; after a stall of
    over 100 ms it goes on from now rather than bursting the frames it missed."""
    loop = asyncio.get_running_loop()
    next_at = loop.time()
    while True:
        next_at += 0.02
        await asyncio.sleep(max(0.0, next_at - loop.time()))
        if loop.time() - next_at > 0.1:
            next_at = loop.time()
        send()
