"""Application events as Qt signals, and coroutine results from the loop thread as signals."""

from __future__ import annotations

import concurrent.futures
import queue
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from facilitator.app import Command, ConferenceSession
from facilitator.domain import events as ev
from facilitator.domain.errors import DomainError, OverrideRequired
from facilitator.services.loop_thread import LoopThread
from facilitator.services.store import StoreError


class SessionBridge(QObject):
    """Runs commands on the session for the window; every stored event comes back as a signal."""

    eventApplied = Signal(object)  # an ev.Event, after it is on disk
    refused = Signal(str)  # a one-line reason a command was refused

    def __init__(self, session: ConferenceSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unsubscribe = session.subscribe(self.eventApplied.emit)

    @property
    def conference(self):  # type: ignore[no-untyped-def]
        return self.session.conference

    def run(self, command: Command[Any], *args: Any,
            on_override: Callable[[OverrideRequired], str | None] | None = None,
            **kwargs: Any) -> list[ev.Event] | None:
        """Run a command; None if refused (the reason goes to `refused`)."""
        try:
            return self.session.execute(command, *args, **kwargs)
        except OverrideRequired as needed:
            if on_override is None:
                self.refused.emit(str(needed))
                return None
            reason = on_override(needed)
            if not reason:
                return None
            return self.run(command, *args, override_reason=reason, **kwargs)
        except (DomainError, StoreError) as problem:
            self.refused.emit(str(problem))
            return None

    def close(self) -> None:
        self._unsubscribe()


class GuiInbox(QObject):
    """Runs callables in the GUI thread, posted from any thread.

    Callables cross threads through a queue; the poster only emits an argument-free wake-up
    signal (queued to the GUI thread), so no Python object is handed to Qt across threads.
    """

    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._inbox: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def post(self, function: Callable[[], None]) -> None:
        self._inbox.put(function)
        self._wake.emit()

    def call(self, function: Callable[[], Any]) -> concurrent.futures.Future[Any]:
        """Run `function` in the GUI thread; its result (or exception) comes in a future."""
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(function())
            except BaseException as problem:  # handed to the caller, who decides
                future.set_exception(problem)

        self.post(run)
        return future

    def _drain(self) -> None:
        while True:
            try:
                function = self._inbox.get_nowait()
            except queue.Empty:
                return
            function()


class AsyncBridge(QObject):
    """Submits coroutines to the loop thread; their results arrive in the GUI thread as signals."""

    finished = Signal(object, object)  # (tag, result)
    failed = Signal(object, str)  # (tag, message)

    def __init__(self, loop_thread: LoopThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loop_thread = loop_thread
        self.inbox = GuiInbox(self)

    def submit(self, tag: object, coroutine: Coroutine[Any, Any, Any]) -> None:
        future = self.loop_thread.submit(coroutine)

        def done(result: concurrent.futures.Future[Any]) -> None:
            try:
                value = result.result()
            except Exception as problem:  # reported, never lost
                message = f"{type(problem).__name__}: {problem}"
                self.inbox.post(lambda: self.failed.emit(tag, message))
            else:
                self.inbox.post(lambda: self.finished.emit(tag, value))

        future.add_done_callback(done)
