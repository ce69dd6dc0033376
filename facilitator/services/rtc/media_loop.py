"""The event loop the media hub runs on: it reads every waiting UDP datagram when woken.

asyncio's datagram transport reads one datagram each time the loop finds a socket readable
and then goes round the whole loop (every other socket, the mixer's tick, the web server)
before reading the next. With a dozen video peers the hub's sockets receive faster than
that, the kernel's receive buffers overflow and packets are lost on the loopback itself; a
lost video packet freezes that camera until it is repaired. The measurement behind this is
in benchmarks/rtc_hub.py and the README.

`MediaEventLoop` is asyncio's selector loop whose datagram transports read up to
`DATAGRAMS_PER_WAKEUP` datagrams per wake-up (as libuv does) and ask for a larger receive
buffer. It relies on a private class of asyncio (`_SelectorDatagramTransport`): Python is
pinned to 3.11 and `check_asyncio_internals` (run by a test and at import) fails loudly if
that class changes. Plain stdlib, so it runs on Windows too (there as a selector loop rather
than the proactor one: the hub needs no subprocesses).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from asyncio import selector_events
from typing import Any

DATAGRAMS_PER_WAKEUP = 64  # bounded, so one busy socket cannot starve the others
RECEIVE_BUFFER_BYTES = 1 << 20  # the OS may cap it (Linux: net.core.rmem_max)


def check_asyncio_internals() -> None:
    """Fail loudly if the asyncio internals the draining transport relies on have changed."""
    transport = getattr(selector_events, "_SelectorDatagramTransport", None)
    if transport is None or not callable(getattr(transport, "_read_ready", None)):
        raise RuntimeError("asyncio's _SelectorDatagramTransport._read_ready has changed")
    loop_factory = getattr(selector_events.BaseSelectorEventLoop, "_make_datagram_transport", None)
    if not callable(loop_factory):
        raise RuntimeError("asyncio's BaseSelectorEventLoop._make_datagram_transport is gone")
    names = transport._read_ready.__code__.co_names
    for used in ("_conn_lost", "_sock", "max_size", "_protocol", "_fatal_error"):
        if used not in names:
            raise RuntimeError(f"asyncio's datagram transport no longer uses {used}")


check_asyncio_internals()


class _DrainingDatagramTransport(selector_events._SelectorDatagramTransport):  # type: ignore[name-defined,misc]
    """asyncio's datagram transport, reading what is waiting (bounded) on each wake-up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with contextlib.suppress(OSError):
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER_BYTES)

    def _read_ready(self) -> None:
        for _ in range(DATAGRAMS_PER_WAKEUP):
            if self._conn_lost:
                return
            try:
                data, addr = self._sock.recvfrom(self.max_size)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                self._protocol.error_received(exc)
                return
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                self._fatal_error(exc, "Fatal read error on datagram transport")
                return
            self._protocol.datagram_received(data, addr)


class MediaEventLoop(asyncio.SelectorEventLoop):
    """The selector event loop with draining datagram transports (see the module's note)."""

    def _make_datagram_transport(self, sock: socket.socket, protocol: Any, address: Any = None,
                                 waiter: Any = None, extra: Any = None) -> Any:
        return _DrainingDatagramTransport(self, sock, protocol, address, waiter, extra)


def new_media_loop() -> asyncio.AbstractEventLoop:
    """A new event loop for the media hub (and anything else that receives RTP or SIP)."""
    loop: asyncio.AbstractEventLoop = MediaEventLoop()
    return loop
