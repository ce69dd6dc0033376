"""A caller's phone on 127.0.0.1, scripted step by step: INVITE, ACK, PIN by SIP INFO,
hold and unhold by re-INVITE, PCMU audio, BYE. It answers the line's in-dialog OPTIONS (or
not, or with 481: a phone that dropped) and records every request it is sent."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import struct
from typing import Any, cast

import numpy as np

from facilitator.services.sip.codecs import G711
from facilitator.services.sip.message import SipMessage, header_params, parse

Address = tuple[str, int]


class _Rtp(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.received = 0

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        self.received += 1


class ScriptedPhone(asyncio.DatagramProtocol):
    def __init__(self, line: Address, user: str = "conference",
                 number: str = "07700900123") -> None:
        self.line = line
        self.user = user
        self.number = number
        self.transport: asyncio.DatagramTransport | None = None
        self.rtp_transport: asyncio.DatagramTransport | None = None
        self.rtp = _Rtp()
        self.pending: dict[str, asyncio.Future[SipMessage]] = {}
        self.requests: list[SipMessage] = []  # what the line sent us
        self.options_answer: int | None = 200  # None: a dead phone says nothing
        self.call_id = ""
        self.tag = ""
        self.to_tag = ""
        self.cseq = 0
        self.line_media: Address | None = None
        self._sequence = 0
        self._timestamp = 0
        self._ssrc = secrets.randbits(32)
        self._phase = 0.0

    @classmethod
    async def open(cls, line: Address, **options: Any) -> ScriptedPhone:
        loop = asyncio.get_running_loop()
        _, phone = await loop.create_datagram_endpoint(lambda: cls(line, **options),
                                                       local_addr=("127.0.0.1", 0))
        phone.rtp_transport, _ = await loop.create_datagram_endpoint(
            lambda: phone.rtp, local_addr=("127.0.0.1", 0))
        return phone

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    @property
    def address(self) -> Address:
        assert self.transport is not None
        host, port = self.transport.get_extra_info("sockname")[:2]
        return str(host), int(port)

    @property
    def media_port(self) -> int:
        assert self.rtp_transport is not None
        return int(self.rtp_transport.get_extra_info("sockname")[1])

    def close(self) -> None:
        for transport in (self.transport, self.rtp_transport):
            if transport is not None:
                transport.close()

    # ---- SIP --------------------------------------------------------------------------------
    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        message = parse(data)
        if not message.is_request:
            future = self.pending.get(message.branch)
            if future is not None and not future.done() and message.status >= 200:
                future.set_result(message)
            return
        self.requests.append(message)
        if message.method == "OPTIONS" and self.options_answer is not None:
            self._respond(message, self.options_answer, addr)
        elif message.method == "BYE":
            self._respond(message, 200, addr)

    def _respond(self, request: SipMessage, status: int, addr: tuple[str | Any, int]) -> None:
        assert self.transport is not None
        lines = [f"SIP/2.0 {status} Whatever"]
        lines += [f"{k}: {v}" for k, v in request.headers
                  if k in ("Via", "From", "To", "Call-ID", "CSeq")]
        self.transport.sendto(("\r\n".join(lines) + "\r\nContent-Length: 0\r\n\r\n").encode(),
                              (str(addr[0]), int(addr[1])))

    def _message(self, method: str, cseq: int, body: str = "",
                 content_type: str = "") -> tuple[bytes, str]:
        host, port = self.address
        branch = "z9hG4bK" + secrets.token_hex(6)
        to = f"<sip:{self.user}@{self.line[0]}>" + (f";tag={self.to_tag}" if self.to_tag else "")
        head = [f"{method} sip:{self.user}@{self.line[0]}:{self.line[1]} SIP/2.0",
                f"Via: SIP/2.0/UDP {host}:{port};branch={branch}",
                f"From: <sip:{self.number}@{host}>;tag={self.tag}", f"To: {to}",
                f"Call-ID: {self.call_id}", f"CSeq: {cseq} {method}", "Max-Forwards: 70",
                f"Contact: <sip:phone@{host}:{port}>"]
        if content_type:
            head.append(f"Content-Type: {content_type}")
        head.append(f"Content-Length: {len(body.encode())}")
        return ("\r\n".join(head) + "\r\n\r\n" + body).encode(), branch

    async def _transact(self, method: str, body: str = "", content_type: str = "",
                        timeout: float = 5.0) -> SipMessage:
        assert self.transport is not None
        self.cseq += 1
        data, branch = self._message(method, self.cseq, body, content_type)
        future: asyncio.Future[SipMessage] = asyncio.get_running_loop().create_future()
        self.pending[branch] = future
        try:
            for wait in (0.5, 1.0, 2.0, timeout):
                self.transport.sendto(data, self.line)
                with contextlib.suppress(TimeoutError):
                    return await asyncio.wait_for(asyncio.shield(future), wait)
            raise TimeoutError(f"no final response to {method}")
        finally:
            self.pending.pop(branch, None)

    def sdp(self, direction: str = "sendrecv", address: str = "127.0.0.1") -> str:
        return ("v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                f"c=IN IP4 {address}\r\nt=0 0\r\nm=audio {self.media_port} RTP/AVP 0 101\r\n"
                "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                f"a=fmtp:101 0-15\r\na={direction}\r\n")

    def _ack(self) -> None:
        assert self.transport is not None
        data, _ = self._message("ACK", self.cseq)
        self.transport.sendto(data, self.line)

    async def call(self) -> SipMessage:
        """INVITE (a new call), answered 200, ACKed: the line asks for the PIN."""
        self.call_id = secrets.token_hex(8) + "@phone"
        self.tag = secrets.token_hex(4)
        self.to_tag = ""
        self.cseq = 0
        response = await self._transact("INVITE", self.sdp(), "application/sdp")
        assert response.status == 200, response.status
        self.to_tag = header_params(response.get("To"))["tag"]
        self._answered(response)
        self._ack()
        return response

    def _answered(self, response: SipMessage) -> None:
        text = response.body.decode()
        port = next(int(line.split()[1]) for line in text.splitlines()
                    if line.startswith("m=audio"))
        self.line_media = (self.line[0], port)

    async def reinvite(self, direction: str = "sendrecv", address: str = "127.0.0.1"
                       ) -> SipMessage:
        """Hold ("sendonly", "inactive", or address 0.0.0.0) or take off hold ("sendrecv")."""
        response = await self._transact("INVITE", self.sdp(direction, address),
                                        "application/sdp")
        assert response.status == 200, response.status
        self._ack()
        return response

    async def pin(self, digits: str) -> None:
        for digit in digits:
            response = await self._transact("INFO", f"Signal={digit}\r\nDuration=160\r\n",
                                            "application/dtmf-relay")
            assert response.status == 200, response.status

    async def bye(self) -> None:
        response = await self._transact("BYE")
        assert response.status == 200, response.status

    # ---- audio ------------------------------------------------------------------------------
    def send_tone(self, packets: int, frequency: float = 1000.0) -> None:
        """`packets` of 20 ms PCMU at once (a call's own test: no pacing needed)."""
        for _ in range(packets):
            self._packet(frequency)

    async def play_tone(self, seconds: float, frequency: float = 1000.0) -> None:
        """A tone in real time, 20 ms a packet (what a phone or hold music sends)."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        for index in range(int(seconds * 50)):
            self._packet(frequency)
            await asyncio.sleep(max(0.0, start + (index + 1) * 0.02 - loop.time()))

    def _packet(self, frequency: float) -> None:
        assert self.rtp_transport is not None and self.line_media is not None
        t = (np.arange(160) + self._phase) / 8000
        self._phase += 160
        pcm = (0.3 * np.sin(2 * np.pi * frequency * t) * 32767).astype(np.int16)
        header = struct.pack("!BBHII", 0x80, 0, self._sequence & 0xFFFF,
                             self._timestamp & 0xFFFFFFFF, self._ssrc)
        self.rtp_transport.sendto(header + G711(alaw=False).encode(pcm), self.line_media)
        self._sequence += 1
        self._timestamp += 160
