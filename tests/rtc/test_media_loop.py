"""The hub's event loop reads a burst of datagrams in one wake-up, as libuv does."""

from __future__ import annotations

import asyncio
import socket
import sys
import time
from typing import Any

import pytest

from facilitator.services.rtc.media_loop import (
    DATAGRAMS_PER_WAKEUP,
    check_asyncio_internals,
    new_media_loop,
)


class Counting(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.seen_by_next_callback: int | None = None

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self.received.append(data)
        if len(self.received) == 1:
            # runs on the loop's next pass: how much was read in the same wake-up?
            asyncio.get_running_loop().call_soon(self._next_pass)

    def _next_pass(self) -> None:
        self.seen_by_next_callback = len(self.received)


async def burst_read_in_one_wakeup(count: int) -> tuple[int | None, int]:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(
        Counting, local_addr=("127.0.0.1", 0))
    address = transport.get_extra_info("sockname")
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        for number in range(count):  # all waiting before the loop looks at the socket
            sender.sendto(number.to_bytes(4, "big") * 250, address)
        deadline = time.monotonic() + 5
        while len(protocol.received) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        return protocol.seen_by_next_callback, len(protocol.received)
    finally:
        sender.close()
        transport.close()


def run_on(factory: Any, count: int) -> tuple[int | None, int]:
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(burst_read_in_one_wakeup(count))


def test_the_media_loop_reads_every_waiting_datagram_when_woken() -> None:
    in_one_wakeup, total = run_on(new_media_loop, 40)
    assert total == 40, "datagrams were lost"
    assert in_one_wakeup == 40


def test_a_long_burst_is_read_in_bounded_slices_so_other_sockets_get_their_turn() -> None:
    in_one_wakeup, total = run_on(new_media_loop, DATAGRAMS_PER_WAKEUP + 30)
    assert total == DATAGRAMS_PER_WAKEUP + 30
    assert in_one_wakeup == DATAGRAMS_PER_WAKEUP


@pytest.mark.skipif(sys.platform == "win32", reason="the stock loop there is the proactor")
def test_stock_asyncio_reads_one_datagram_per_wakeup() -> None:
    """Why the hub has its own loop: the stock one goes round everything between datagrams."""
    in_one_wakeup, total = run_on(asyncio.new_event_loop, 40)
    assert total == 40 and in_one_wakeup == 1


def test_the_media_loop_asks_for_a_larger_receive_buffer() -> None:
    async def buffer_size() -> int:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            asyncio.DatagramProtocol, local_addr=("127.0.0.1", 0))
        size = transport.get_extra_info("socket").getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
        transport.close()
        return int(size)

    with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
        stock = runner.run(buffer_size())
    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        media = runner.run(buffer_size())
    assert media > stock


def test_asyncio_internals_the_media_loop_relies_on() -> None:
    assert sys.version_info[:2] == (3, 11), "the draining transport is checked on Python 3.11"
    check_asyncio_internals()
