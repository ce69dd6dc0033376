"""SIP over UDP: the socket, and the transaction rules RFC 3261 17 asks of a small UA.

- Client (non-INVITE) transactions, for our REGISTER and BYE: retransmitted from T1 doubling
  up to T2 until a final response, given up after 64*T1.
- Server transactions: a retransmitted request gets the response it already had, never a
  second handling; a final response to an INVITE is retransmitted until the ACK comes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from .message import (
    BRANCH_MAGIC,
    SipMessage,
    SipParseError,
    parse,
    partial_headers,
    response_to,
)

log = logging.getLogger(__name__)
T1, T2 = 0.5, 4.0
Address = tuple[str, int]


@dataclass
class ServerTransaction:
    request: SipMessage
    source: Address
    response: bytes = b""
    final: bool = False
    acked: asyncio.Event = field(default_factory=asyncio.Event)
    created: float = field(default_factory=time.monotonic)


def transaction_key(request: SipMessage) -> tuple[str, str]:
    """RFC 3261 17.2.3: the branch (with its magic cookie) and method; for older clients
    without one, the top Via, Call-ID and CSeq number stand in. An ACK matches its INVITE."""
    method = "INVITE" if request.method == "ACK" else request.method
    branch = request.branch
    if not branch.startswith(BRANCH_MAGIC):
        branch = f"{request.top_via}|{request.call_id}|{request.cseq[0]}"
    return branch, method


class SipTransport(asyncio.DatagramProtocol):
    """Delivers each new request once to `on_request(message, source)`."""

    def __init__(self, on_request: Callable[[SipMessage, Address], None]) -> None:
        self.on_request = on_request
        self.transport: asyncio.DatagramTransport | None = None
        self.server: dict[tuple[str, str], ServerTransaction] = {}
        self.client: dict[str, asyncio.Future[SipMessage]] = {}
        self.malformed = 0
        self.failures = 0  # datagrams whose handling raised (a bug: the fuzz test wants 0)
        self.sent: Counter[int] = Counter()  # responses sent, by status (not retransmissions)
        self._tasks: set[asyncio.Task[Any]] = set()

    # ---- socket -----------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    @property
    def local(self) -> Address:
        assert self.transport is not None
        host, port = self.transport.get_extra_info("sockname")[:2]
        return str(host), int(port)

    def send(self, data: bytes, address: Address) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.sendto(data, address)

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self.transport is not None:
            self.transport.close()

    def background(self, coroutine: Any) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def error_received(self, exc: Exception) -> None:
        log.debug("SIP socket error: %s", exc)

    # ---- receiving --------------------------------------------------------------------------
    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        """Never raises: asyncio would only log it, and the sender would get no answer."""
        source = (str(addr[0]), int(addr[1]))
        try:
            self._received(data, source)
        except Exception:
            self.failures += 1
            log.exception("SIP datagram from %s not handled", source[0])

    def _received(self, data: bytes, source: Address) -> None:
        if not data.strip():
            return  # CRLF keep-alive
        try:
            message = parse(data)
        except SipParseError as bad:
            self.malformed += 1
            log.info("malformed SIP from %s: %s", source[0], bad)
            partial = partial_headers(data)
            if partial is not None and partial.method != "ACK":  # an ACK is never answered
                self.send(response_to(partial, bad.status, str(bad)[:80]).encode(), source)
            return
        if message.is_request:
            self._request(message, source)
        else:
            future = self.client.get(message.branch)
            if future is not None and not future.done() and message.status >= 200:
                future.set_result(message)

    def _request(self, message: SipMessage, source: Address) -> None:
        self._expire()
        key = transaction_key(message)
        known = self.server.get(key)
        if message.method == "ACK":
            known = known or self._by_dialog(message)
            if known is not None and known.final and known.response[8:9] != b"2":
                known.acked.set()  # ACK of an error response: part of the INVITE's transaction
                return
            self.on_request(message, source)  # ACK of a 2xx: its own transaction, the dialog's
            return
        if known is not None:
            if known.response:
                self.send(known.response, source)  # a retransmission gets the same answer
            return
        self.server[key] = ServerTransaction(message, source)
        self.on_request(message, source)

    def _by_dialog(self, ack: SipMessage) -> ServerTransaction | None:
        """An ACK from an old or careless client, with a new branch: matched by Call-ID and
        CSeq to an INVITE we refused (a 2xx ACK goes to its dialog instead)."""
        number = ack.cseq[0]
        for transaction in self.server.values():
            request = transaction.request
            if request.method == "INVITE" and request.call_id == ack.call_id and \
                    request.cseq[0] == number and transaction.final and \
                    transaction.response[8:9] != b"2":
                return transaction
        return None

    def _expire(self) -> None:
        limit = time.monotonic() - 64 * T1
        for key in [k for k, t in self.server.items() if t.created < limit and
                    (t.final or t.request.method != "INVITE")]:
            del self.server[key]

    def transaction(self, request: SipMessage) -> ServerTransaction | None:
        return self.server.get(transaction_key(request))

    # ---- responding -------------------------------------------------------------------------
    def respond(self, request: SipMessage, response: SipMessage) -> None:
        data = response.encode()
        self.sent[response.status] += 1
        transaction = self.transaction(request)
        source = transaction.source if transaction else None
        if transaction is not None:
            transaction.response = data
            transaction.final = response.status >= 200
        if source is None:
            return
        self.send(data, source)
        if request.method == "INVITE" and response.status >= 200 and transaction is not None:
            self.background(self._retransmit_until_ack(transaction, data, source))

    async def _retransmit_until_ack(self, transaction: ServerTransaction, data: bytes,
                                    source: Address) -> None:
        interval = T1
        deadline = time.monotonic() + 64 * T1
        while time.monotonic() < deadline:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(transaction.acked.wait(), interval)
                return
            self.send(data, source)
            interval = min(interval * 2, T2)
        log.info("no ACK for the final response to %s", transaction.request.call_id[:12])

    # ---- requesting -------------------------------------------------------------------------
    async def request(self, message: SipMessage, address: Address,
                      timeout: float = 64 * T1) -> SipMessage:
        """Send a non-INVITE request and wait for its final response (TimeoutError if none)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[SipMessage] = loop.create_future()
        branch = message.branch
        self.client[branch] = future
        data = message.encode()
        interval = T1
        deadline = loop.time() + timeout
        try:
            while True:
                self.send(data, address)
                wait = min(interval, deadline - loop.time())
                if wait <= 0:
                    raise TimeoutError(f"no response to {message.method}")
                with contextlib.suppress(asyncio.TimeoutError):
                    return await asyncio.wait_for(asyncio.shield(future), wait)
                interval = min(interval * 2, T2)
        finally:
            self.client.pop(branch, None)
