"""Running callables in the GUI thread, posted from any thread."""

from __future__ import annotations

import queue
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal


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

    def _drain(self) -> None:
        while True:
            try:
                function = self._inbox.get_nowait()
            except queue.Empty:
                return
            function()
