"""The chair's window as a client of the live meeting: its API and its feed (Electrum's
QtEventListener shape).

The meeting runtime owns the conference on the media loop. This client keeps a read-only copy
of it in the GUI thread, built from the log and kept up to date from the feed, in order; every
change goes through the meeting API's named use cases, run on the loop. A use case's events are
in the copy before `run` returns, so the window can read what it just did.
"""

from __future__ import annotations

import contextlib
import queue
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

import sqlite_utils
from PySide6.QtCore import QObject, Qt, Signal

from facilitator.domain import events as ev
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError, OverrideRequired
from facilitator.domain.interim import InterimRequired
from facilitator.meeting.api import MeetingApi
from facilitator.meeting.feed import EventItem, FeedItem, NoticeItem, PartialItem, TileItem
from facilitator.meeting.hub_links import JoinRow
from facilitator.meeting.thread import RuntimeThread
from facilitator.services.attachments import AttachmentStore, attachment_store
from facilitator.services.database import open_database
from facilitator.services.rtc.credentials import Credentials
from facilitator.services.store import StoreError

from .chair_meeting import ChairReason, InterimChoice, OverrideAnswer

P = ParamSpec("P")
T = TypeVar("T")


class MeetingClient(QObject):
    eventApplied = Signal(object)  # an ev.Event, on disk and in `conference`
    refused = Signal(str)  # a one-line reason a use case was refused
    notice = Signal(object)  # a HubNotice
    partial = Signal(object)  # a PartialText
    tile = Signal(str, int, int, bytes)  # attendee id, width, height, RGB
    speechState = Signal(str)  # what the header says about transcription
    connectionChanged = Signal(str)  # never: the embedded hub is in this process
    _wake = Signal()

    def __init__(self, thread: RuntimeThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loop = thread
        self.runtime = thread.runtime
        self._inbox: queue.SimpleQueue[FeedItem | str] = queue.SimpleQueue()
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self._db: sqlite_utils.Database | None = None
        self.on_override: Callable[[OverrideRequired], OverrideAnswer] | None = None
        self.on_interim: Callable[[InterimRequired], InterimChoice | None] | None = None
        self.connection_text = ""

        def open_feed() -> tuple[tuple[ev.Event, ...], Callable[[], None], str]:
            api = self.runtime.api  # on the loop: the log and the subscription at one moment
            self.runtime.speech_state.listeners.append(self._speech_from_loop)
            return api.snapshot(), api.feed.subscribe(self._from_loop), \
                self.runtime.speech_state.text

        log, self._unsubscribe, self.speech_state = thread.call(open_feed)
        self.conference = Conference.from_events(log)

    # ---- use cases ----------------------------------------------------------------------
    @property
    def api(self) -> MeetingApi:
        """The meeting API: pass its methods to `run` (never call them from this thread)."""
        return self.runtime.api

    def run(self, use_case: Callable[P, list[ev.Event]], *args: P.args, **kwargs: P.kwargs
            ) -> list[ev.Event] | None:
        """Run a use case on the meeting's loop; None if refused (the reason to `refused`).

        A ring-fence override the rules ask for is asked of the chair (`on_override`, the
        window's dialog) and the use case run again with the reason (and whether the chair
        marked it confidential); so is an interim decision without quorum (`on_interim`)."""
        on_override, on_interim = self.on_override, self.on_interim
        try:
            events = self.loop.call(lambda: use_case(*args, **kwargs))
        except OverrideRequired as needed:
            if on_override is None:
                self.refused.emit(str(needed))
                return None
            answer = on_override(needed)
            reason = answer if isinstance(answer, ChairReason) else ChairReason(answer or "")
            if not reason.text:
                return None
            retry: dict[str, object] = {**kwargs, "override_reason": reason.text}
            if reason.confidential:
                retry["override_confidential"] = True
            return self.run(use_case, *args, **retry)  # type: ignore[arg-type]
        except InterimRequired as needed:
            if on_interim is None:
                self.refused.emit(str(needed))
                return None
            choice = on_interim(needed)
            if choice is None or not choice.reason.strip():
                return None
            interim: dict[str, object] = {**kwargs, "interim_reason": choice.reason,
                                          "relist_on": choice.relist_on}
            return self.run(use_case, *args, **interim)  # type: ignore[arg-type]
        except (DomainError, StoreError) as problem:
            self.refused.emit(str(problem))
            return None
        self._drain()  # the events are in the feed already: into the copy before returning
        return events

    def attempt(self, use_case: Callable[P, list[ev.Event]], *args: P.args,
                **kwargs: P.kwargs) -> list[ev.Event]:
        """Run a use case and let its refusal through (a caller that handles a conflict)."""
        events = self.loop.call(lambda: use_case(*args, **kwargs))
        self._drain()
        return events

    def call(self, function: Callable[[], T], timeout: float = 30.0) -> T:
        """A read of the live meeting, or of what only the hub knows, on the loop."""
        return self.loop.call(function, timeout)

    def now(self) -> datetime:
        return self.runtime.clock.now()

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's own connection to the database (files, credentials for letters)."""
        if self._db is None:
            self._db = open_database(self.runtime.db_path)
        return self._db

    @property
    def db_path(self) -> Path:
        return self.runtime.db_path

    @property
    def url(self) -> str:
        return self.runtime.url

    @property
    def remote(self) -> bool:
        return False

    # ---- what only the hub knows, and the local database ----------------------------------
    def join_links(self) -> list[JoinRow]:
        return self.call(self.runtime.join_links)

    def minute_taker_link(self) -> str | None:
        return self.call(self.runtime.minute_taker_link)

    def ask_to_unmute(self, attendee_id: str) -> None:
        self.loop.submit(self.runtime.ask_to_unmute(attendee_id))

    def attachment_store(self) -> AttachmentStore | None:
        return attachment_store(self.db)

    def credentials(self) -> Credentials | None:
        return Credentials(self.db)

    # ---- the feed, in order -------------------------------------------------------------
    def _from_loop(self, item: FeedItem) -> None:
        self._inbox.put(item)
        self._wake.emit()

    def _speech_from_loop(self, text: str) -> None:
        self._inbox.put(text)
        self._wake.emit()

    def _drain(self) -> None:
        while True:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                return
            self._handle(item)

    def _handle(self, item: FeedItem | str) -> None:
        if isinstance(item, str):
            self.speech_state = item
            self.speechState.emit(item)
        elif isinstance(item, EventItem):
            if item.number <= len(self.conference.log):
                return  # already in the copy (it was in the log we started from)
            self.conference.apply(item.event)
            self.eventApplied.emit(item.event)
        elif isinstance(item, NoticeItem):
            self.notice.emit(item.notice)
        elif isinstance(item, PartialItem):
            self.partial.emit(item.partial)
        elif isinstance(item, TileItem):
            self.tile.emit(item.attendee_id, item.width, item.height, item.rgb)

    def close(self) -> None:
        unsubscribe = self._unsubscribe
        if self.loop.loop_thread.running:
            with contextlib.suppress(Exception):  # closing: the loop may already be going
                self.loop.call(unsubscribe, 5)
        if self._db is not None:
            self._db.close()
            self._db = None

