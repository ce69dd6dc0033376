"""The hub's front door: connections are counted and timed before aiohttp sees them.

One person, or one script, must not starve the meeting of connections or file descriptors:

- at most `per_source` connections open at once from one address (an IPv6 /64; at most a
  quarter of the total), and at most `total` in all (from the process's file limit), counted
  when the TCP connection is accepted (before TLS: a client that never finishes its handshake
  holds a slot too, for `handshake_timeout` at most);
- a client has `header_timeout` seconds to send a whole request head, after connecting or
  after its last answer (aiohttp's keep-alive timer, which closes a half-sent request's
  connection as idle); bodies are read with `read_body`, which gives up after `body_timeout`.

Refused connections are closed at once and logged at most once a minute per address.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .pin_guard import source_key

log = logging.getLogger(__name__)
HEADER_TIMEOUT = 10.0
BODY_TIMEOUT = 15.0
HANDSHAKE_TIMEOUT = 10.0
PER_SOURCE = 48  # a council office behind one address: ~20 browsers, a few connections each


def total_for_this_process(reserve: int = 128) -> int:
    """Connections in all: half of what the process may open, less room for media and files."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return 512
    if soft == resource.RLIM_INFINITY:
        return 1024
    return max(32, min(1024, soft // 2 - reserve // 2))


@dataclass
class DoorStats:
    refused: int = 0
    open: int = 0


class Door:
    def __init__(self, inner: Callable[[], asyncio.Protocol], ssl_context: ssl.SSLContext | None,
                 per_source: int | None = None, total: int | None = None,
                 handshake_timeout: float = HANDSHAKE_TIMEOUT,
                 proxies: frozenset[str] = frozenset()) -> None:
        self.inner = inner
        # a reverse proxy in front (nginx): everyone arrives from its address, so it is
        # held only to the total (the proxy limits per client address itself)
        self.proxies = frozenset(source_key(address) for address in proxies)
        self.ssl_context = ssl_context
        self.total = total if total is not None else total_for_this_process()
        # one address may hold at most a quarter of them: others still get in
        self.per_source = per_source or min(PER_SOURCE, max(4, self.total // 4))
        self.handshake_timeout = handshake_timeout
        self.by_source: dict[str, int] = {}
        self.stats = DoorStats()
        self._logged: dict[str, float] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    def protocol(self) -> asyncio.Protocol:
        return _Gate(self)

    def admit(self, key: str) -> bool:
        crowded = key not in self.proxies and self.by_source.get(key, 0) >= self.per_source
        if self.stats.open >= self.total or crowded:
            self.stats.refused += 1
            now = time.monotonic()
            if now - self._logged.get(key, float("-inf")) > 60.0:
                if len(self._logged) > 1000:
                    self._logged.clear()
                self._logged[key] = now
                log.warning("connections from %s refused: %d open from there, %d in all "
                            "(limits %d and %d)", key, self.by_source.get(key, 0),
                            self.stats.open, self.per_source, self.total)
            return False
        self.by_source[key] = self.by_source.get(key, 0) + 1
        self.stats.open += 1
        return True

    def release(self, key: str) -> None:
        self.stats.open -= 1
        left = self.by_source.get(key, 1) - 1
        if left > 0:
            self.by_source[key] = left
        else:
            self.by_source.pop(key, None)


class _Gate(asyncio.Protocol):
    """Counts one TCP connection; hands it (after TLS, if any) to aiohttp's protocol."""

    def __init__(self, door: Door) -> None:
        self.door = door
        self.key = ""
        self.counted = False
        self.inner: asyncio.Protocol | None = None
        self._early: list[bytes] = []  # what TLS decrypted before aiohttp's protocol was made
        self._early_eof = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        self.key = source_key(peer[0] if isinstance(peer, tuple) and peer else None)
        if not self.door.admit(self.key):
            if isinstance(transport, asyncio.Transport):
                transport.abort()
            else:
                transport.close()
            return
        self.counted = True
        if self.door.ssl_context is None:
            self.inner = self.door.inner()
            self.inner.connection_made(transport)
            return
        assert isinstance(transport, asyncio.Transport)
        transport.pause_reading()  # nothing is read until TLS takes the connection over
        task = asyncio.ensure_future(self._upgrade(transport))
        self.door._tasks.add(task)
        task.add_done_callback(self.door._tasks.discard)

    async def _upgrade(self, transport: asyncio.Transport) -> None:
        assert self.door.ssl_context is not None
        try:
            secure = await asyncio.get_running_loop().start_tls(
                transport, self, self.door.ssl_context, server_side=True,
                ssl_handshake_timeout=self.door.handshake_timeout)
        except (OSError, ssl.SSLError, TimeoutError, ConnectionError, RuntimeError) as failed:
            log.debug("TLS handshake from %s failed: %r", self.key, failed)
            transport.abort()
            self._release()
            return
        if secure is None or secure.is_closing():
            self._release()
            return
        inner = self.door.inner()
        inner.connection_made(secure)
        self.inner = inner
        for data in self._early:
            inner.data_received(data)
        self._early.clear()
        if self._early_eof:
            inner.eof_received()

    def _release(self) -> None:
        if self.counted:
            self.counted = False
            self.door.release(self.key)

    def data_received(self, data: bytes) -> None:
        if self.inner is not None:
            self.inner.data_received(data)
        elif self.counted and sum(map(len, self._early)) < 1 << 20:
            self._early.append(data)

    def eof_received(self) -> bool | None:
        if self.inner is None:
            self._early_eof = True
            return None
        return self.inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._release()
        if self.inner is not None:
            self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self.inner is not None:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.inner is not None:
            self.inner.resume_writing()


async def read_body(request: web.Request, timeout: float = BODY_TIMEOUT) -> bytes:
    """The whole body (at most the app's client_max_size), or 408 when it comes too slowly."""
    try:
        async with asyncio.timeout(timeout):
            return await request.read()
    except TimeoutError:
        raise web.HTTPRequestTimeout(text="the request body came too slowly") from None


async def read_form(request: web.Request, timeout: float = BODY_TIMEOUT) -> Any:
    try:
        async with asyncio.timeout(timeout):
            return await request.post()
    except TimeoutError:
        raise web.HTTPRequestTimeout(text="the form came too slowly") from None
