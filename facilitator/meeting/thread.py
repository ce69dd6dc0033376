"""The meeting runtime on a media loop thread of its own, for a window (Electrum's shape).

The window's thread never owns the meeting: it asks the loop to run a use case and waits for
the result (a few milliseconds: the command and its fsync), and it follows the feed.
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from ..services.loop_thread import LoopThread
from ..services.rtc.media_loop import new_media_loop
from .runtime import MeetingRuntime

T = TypeVar("T")
CALL_TIMEOUT = 30.0  # seconds; a use case takes milliseconds, a stuck loop is a bug to report


class RuntimeThread:
    def __init__(self, runtime: MeetingRuntime) -> None:
        self.runtime = runtime
        self.loop_thread = LoopThread("facilitator-media", new_media_loop)

    def start(self, timeout: float = 60.0) -> RuntimeThread:
        """Start the loop and the runtime on it; returns once the meeting is open."""
        self.loop_thread.start()
        self.submit(self.runtime.start()).result(timeout)
        return self

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return self.loop_thread.submit(coroutine)

    def call(self, function: Callable[[], T], timeout: float = CALL_TIMEOUT) -> T:
        """Run `function` on the media loop and return its result (or raise its error)."""
        if threading.current_thread() is self.loop_thread.thread:
            return function()
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(function())
            except BaseException as problem:  # handed to the caller, who decides
                future.set_exception(problem)

        self.loop_thread.loop.call_soon_threadsafe(run)
        return future.result(timeout)

    def stop(self, timeout: float = 20.0) -> None:
        """Store what is still being said, hang up, stop the hub, then the loop."""
        if self.loop_thread.running:
            try:
                self.submit(self.runtime.stop()).result(timeout)
            finally:
                self.loop_thread.stop()
