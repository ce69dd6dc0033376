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


class AsyncBridge(QObject):
    """Submits coroutines to the loop thread; their results arrive in the GUI thread as signals.

    Results cross threads through a queue; the loop thread only emits an argument-free wake-up
    signal (queued to the GUI thread), so no Python object is handed to Qt across threads.
    """

    finished = Signal(object, object)  # (tag, result)
    failed = Signal(object, str)  # (tag, message)
    _wake = Signal()

    def __init__(self, loop_thread: LoopThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loop_thread = loop_thread
        self._results: queue.SimpleQueue[tuple[object, bool, Any]] = queue.SimpleQueue()
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def submit(self, tag: object, coroutine: Coroutine[Any, Any, Any]) -> None:
        future = self.loop_thread.submit(coroutine)

        def done(result: concurrent.futures.Future[Any]) -> None:
            try:
                self._results.put((tag, True, result.result()))
            except Exception as problem:  # reported, never lost
                self._results.put((tag, False, f"{type(problem).__name__}: {problem}"))
            self._wake.emit()

        future.add_done_callback(done)

    def _deliver(self) -> None:
        while True:
            try:
                tag, ok, value = self._results.get_nowait()
            except queue.Empty:
                return
            if ok:
                self.finished.emit(tag, value)
            else:
                self.failed.emit(tag, str(value))
