"""An asyncio loop on a thread of its own inside a network namespace.

A Linux thread can enter another network namespace by itself (setns(2) with CLONE_NEWNET
changes only the calling thread): every socket its loop opens, and every thread or program
it starts (the loop's executor, a browser), is inside that namespace, while the test's own
thread stays where it was. So a test drives a phone in the home network and a professional
in the council's network from one process, with the same aiortc peers as tests/rtc.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import ctypes
import os
import threading
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

from facilitator.services.rtc.media_loop import new_media_loop

CLONE_NEWNET = 0x40000000
T = TypeVar("T")


class NamespaceLoop:
    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name=f"netns {namespace}",
                                       daemon=True)
        self.thread.start()
        self._ready.wait(10)
        if self._failed is not None:
            raise self._failed

    def _run(self) -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            descriptor = os.open(f"/run/netns/{self.namespace}", os.O_RDONLY)
            try:
                if libc.setns(descriptor, CLONE_NEWNET) != 0:
                    errno = ctypes.get_errno()
                    raise OSError(errno, f"setns into {self.namespace}: {os.strerror(errno)}")
            finally:
                os.close(descriptor)
            loop = new_media_loop()
            asyncio.set_event_loop(loop)
            self.loop = loop
        except BaseException as failed:
            self._failed = failed
            self._ready.set()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        """Run a coroutine on this namespace's loop; its result (from the test's thread)."""
        return self.submit(coroutine).result(timeout)

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Start a coroutine on this namespace's loop (to run beside another's)."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def stop(self) -> None:
        loop = self.loop
        if loop is not None and loop.is_running():
            async def cancel_all() -> None:
                tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)

            try:
                self.run(cancel_all(), timeout=10)
            finally:
                loop.call_soon_threadsafe(loop.stop)
        self.thread.join(10)


@contextlib.contextmanager
def in_namespace(namespace: str) -> Iterator[None]:
    """The calling thread inside a namespace meanwhile: threads it starts stay there (a
    window's network thread), it returns to its own namespace after."""
    libc = ctypes.CDLL(None, use_errno=True)
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    target = os.open(f"/run/netns/{namespace}", os.O_RDONLY)
    try:
        if libc.setns(target, CLONE_NEWNET) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"setns into {namespace}: {os.strerror(errno)}")
        try:
            yield
        finally:
            if libc.setns(own, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back to the test's own namespace")
    finally:
        os.close(own)
        os.close(target)
