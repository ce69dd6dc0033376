"""The minute-taker's connection to the chair's app, as Qt signals, with a local replica."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from facilitator.domain import events as ev
from facilitator.domain.conference import Conference
from facilitator.services.loop_thread import LoopThread
from facilitator.services.minutes_client import MinutesClient, MinutesLink, Outbox, SeatStatus
from facilitator.services.rtc.transcript_schemas import TranscriptArgs

from .bridge import GuiInbox


class MinutesSeat(QObject):
    replicaReady = Signal()
    eventApplied = Signal(object)  # ev.Event, after it is applied to the replica
    statusChanged = Signal(object)  # SeatStatus
    resultReceived = Signal(str, str, object, object)  # id, command name, args, reply

    def __init__(self, link: MinutesLink, outbox_path: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.conference: Conference | None = None
        self._early: list[ev.Event] = []
        self.inbox = GuiInbox(self)
        self.outbox = Outbox(outbox_path)
        self.status: SeatStatus | None = None
        self.loop_thread = LoopThread("minute-taker").start()
        self.client = MinutesClient(
            link, self.outbox,
            on_event=lambda n, e: self.inbox.post(lambda: self._apply(e)),
            on_status=lambda s: self.inbox.post(lambda: self._status(s)),
            on_result=lambda i, n, a, r: self.inbox.post(
                lambda: self.resultReceived.emit(i, n, a, r)),
        )
        self._task = self.loop_thread.submit(self.client.run())

    def _apply(self, event: ev.Event) -> None:
        if self.conference is None:
            self.conference = Conference.from_events([event])
            self.replicaReady.emit()
            return
        self.conference.apply(event)
        self.eventApplied.emit(event)

    def _status(self, status: SeatStatus) -> None:
        self.status = status
        self.statusChanged.emit(status)

    def submit(self, command: TranscriptArgs) -> str:
        """Kept on disk first, then sent in order; the chair's acknowledgement removes it."""
        command_id = self.outbox.add(command.name, command.wire())
        self.loop_thread.loop.call_soon_threadsafe(self.client.kick)
        return command_id

    def close(self) -> None:
        self.loop_thread.loop.call_soon_threadsafe(self.client.stop)
        try:
            self._task.result(timeout=5)
        except (asyncio.CancelledError, TimeoutError, Exception):
            self._task.cancel()
        self.loop_thread.stop()
