"""The chair's window as a client of a meeting on a remote hub (`facilitator open --hub LINK`).

The same `ChairMeeting` as the embedded hub's `MeetingClient`: a read-only copy of the
conference built from the log and kept from the feed, and `run(client.api.<use case>, ...)`.
Here the feed and the calls travel over the chair's channel (`facilitator/meeting/
remote_client.py`, on a network thread of its own). While connected, `run` waits for the hub's
answer (at most `ANSWER_WAIT` s) and the events are in the copy before it returns; while the
connection is down, the call waits in order in the outbox (on disk first, when the window has an
outbox file: calls left there when it closed are sent when it opens again), `run` returns at
once with no events ([]: queued, not refused), and it is sent on reconnecting; a refusal that
comes then is shown like any other (`refused`), and a ring-fence override or an interim decision
it needs is asked of the chair then. The header shows the connection (`connectionChanged`).

Camera tiles are not carried (they stay on the hub's computer). What needs the conference's
database (a child's own file, invitations with join details) is refused with a message.
"""

from __future__ import annotations

import concurrent.futures
import queue
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, cast

from PySide6.QtCore import QObject, Qt, Signal

from facilitator.domain import events as ev
from facilitator.domain.clock import Clock, SystemClock
from facilitator.domain.codec import from_data
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError, OverrideRequired
from facilitator.domain.interim import InterimRequired
from facilitator.meeting.remote_client import (
    ChairChannelClient,
    Connection,
    ConnectionStatus,
    refusal_error,
)
from facilitator.meeting.use_case_codec import USE_CASES, CallError, encode_call
from facilitator.services.asr.results import PartialText
from facilitator.services.chair_link import ChairLink
from facilitator.services.loop_thread import LoopThread
from facilitator.services.minutes_client import Outbox
from facilitator.services.rtc.hub import HubNotice

from .chair_meeting import ChairReason, InterimChoice, OverrideAnswer

if TYPE_CHECKING:
    from facilitator.meeting.api import MeetingApi
    from facilitator.meeting.hub_links import JoinRow
    from facilitator.services.attachments import AttachmentStore
    from facilitator.services.rtc.credentials import Credentials

P = ParamSpec("P")
ANSWER_WAIT = 10.0  # seconds the window waits for an answer while connected
FIRST_CONNECT = 20.0  # seconds to reach the hub and receive the log when opening


class RemoteUseCase:
    """A use case of the remote meeting, by name: only `run`/`attempt` can call it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: object, **kwargs: object) -> list[ev.Event]:
        raise TypeError(f"pass {self.name} to the client's run(): it runs on the hub")


class RemoteApi:
    """Stands for `MeetingApi`: its public use cases by name, nothing else."""

    def __getattr__(self, name: str) -> RemoteUseCase:
        if name not in USE_CASES:
            raise AttributeError(f"the meeting has no use case {name!r}")
        return RemoteUseCase(name)


class RemoteMeeting(QObject):
    eventApplied = Signal(object)
    refused = Signal(str)
    notice = Signal(object)
    partial = Signal(object)
    tile = Signal(str, int, int, bytes)  # never sent: tiles stay on the hub's computer
    speechState = Signal(str)
    connectionChanged = Signal(str)
    _wake = Signal()

    def __init__(self, link: ChairLink, clock: Clock | None = None,
                 parent: QObject | None = None, outbox: Path | None = None) -> None:
        """`outbox`: the file where calls wait until answered (`remote_client.outbox_path`;
        None: in memory only, lost with the window)."""
        super().__init__(parent)
        self.link = link
        self.clock = clock or SystemClock()
        self.conference: Conference  # built from the log once the channel is live
        self._built = False
        self.speech_state = "off (typed notes)"
        self.status = ConnectionStatus(Connection.CONNECTING, 0)
        self.connection_text = self.status.text()
        self.on_override: Callable[[OverrideRequired], OverrideAnswer] | None = None
        self.on_interim: Callable[[InterimRequired], InterimChoice | None] | None = None
        self._url = ""
        self._api = RemoteApi()
        self._log: list[ev.Event] = []  # the first catch-up, before the copy exists
        self._inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._waiting: dict[str, concurrent.futures.Future[dict[str, Any] | None]] = {}
        self._later: dict[str, tuple[RemoteUseCase, tuple[Any, ...], dict[str, Any]]] = {}
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self.stored = Outbox(outbox) if outbox is not None else None
        self.network = LoopThread("facilitator-chair-channel").start()
        self.channel = ChairChannelClient(link, 0, self._on_event, self._on_message,
                                          self._on_status, self._on_reply, self.stored)

    def connect_to_hub(self, timeout: float = FIRST_CONNECT) -> RemoteMeeting:
        """Reach the hub and build the copy from its log; DomainError if it cannot be done
        (a wrong certificate or token: the message says which)."""
        first: concurrent.futures.Future[ConnectionStatus] = concurrent.futures.Future()
        self._first = first
        self.network.submit(self.channel.run())
        try:
            status = first.result(timeout)
        except concurrent.futures.TimeoutError:
            self.close()
            raise DomainError(f"The hub at {self.link.base_url} did not answer within "
                              f"{timeout:.0f} s.") from None
        if status.connection is not Connection.LIVE:
            self.close()
            raise DomainError(status.text())
        self._drain()
        return self

    # ---- from the network thread: handed across in order --------------------------------
    def _post(self, kind: str, value: Any) -> None:
        self._inbox.put((kind, value))
        self._wake.emit()

    def _on_event(self, number: int, event: ev.Event) -> None:
        self._post("event", (number, event))

    def _on_message(self, data: dict[str, Any]) -> None:
        self._post("message", data)

    def _on_status(self, status: ConnectionStatus) -> None:
        if status.connection is not Connection.LIVE:  # answers cannot come on this socket
            for future in list(self._waiting.values()):
                if not future.done():
                    future.set_result(None)
        self._post("status", status)
        first = getattr(self, "_first", None)
        if first is not None and not first.done() and status.connection in (
                Connection.LIVE, Connection.REFUSED):
            first.set_result(status)

    def _on_reply(self, call_id: str, reply: dict[str, Any]) -> None:
        future = self._waiting.get(call_id)
        if future is not None and not future.done():
            future.set_result(reply)
        else:
            self._post("late", (call_id, reply))

    def _drain(self) -> None:
        while True:
            try:
                kind, value = self._inbox.get_nowait()
            except queue.Empty:
                return
            self._handle(kind, value)

    def _handle(self, kind: str, value: Any) -> None:
        if kind == "event":
            number, event = value
            if not self._built:
                self._log.append(event)
                return
            if number <= len(self.conference.log):
                return
            self.conference.apply(event)
            self.eventApplied.emit(event)
        elif kind == "status":
            self.status = value
            if value.connection is Connection.LIVE and not self._built:
                self.conference = Conference.from_events(self._log)
                self._built = True
                self._log = []
            self.connection_text = value.text()
            self.connectionChanged.emit(self.connection_text)
        elif kind == "late":
            self._late_reply(*value)
        elif kind == "message":
            self._message(value)

    def _message(self, data: dict[str, Any]) -> None:
        fields = {k: v for k, v in data.items() if k != "type"}
        match data.get("type"):
            case "welcome":
                self._url = str(data.get("url", ""))
                self._speech(str(data.get("speech", "")))
            case "speech":
                self._speech(str(data.get("text", "")))
            case "notice":
                self.notice.emit(from_data(HubNotice, fields))
            case "partial":
                self.partial.emit(from_data(PartialText, fields))

    def _speech(self, text: str) -> None:
        self.speech_state = text
        self.speechState.emit(text)

    # ---- use cases -----------------------------------------------------------------------
    @property
    def api(self) -> MeetingApi:
        return cast("MeetingApi", self._api)

    def _send(self, use_case: RemoteUseCase, args: tuple[Any, ...], kwargs: dict[str, Any]
              ) -> tuple[str, concurrent.futures.Future[dict[str, Any] | None]]:
        message = {"type": "call", **encode_call(use_case.name, args, kwargs)}
        call_id = uuid.uuid4().hex
        if self.stored is not None:  # on disk before it is queued, or shown as queued
            self.stored.add(use_case.name, message["args"], command_id=call_id)
        future: concurrent.futures.Future[dict[str, Any] | None] = concurrent.futures.Future()
        if self.channel.connection is not Connection.LIVE:
            future.set_result(None)  # queued: the answer comes later
        self._waiting[call_id] = future
        self._later[call_id] = (use_case, args, kwargs)
        self.network.loop.call_soon_threadsafe(self.channel.send, call_id, message)
        return call_id, future

    def _answer(self, use_case: Callable[..., list[ev.Event]], args: tuple[Any, ...],
                kwargs: dict[str, Any]) -> dict[str, Any] | None:
        """The hub's answer, or None when the call waits in the outbox."""
        if not isinstance(use_case, RemoteUseCase):
            raise TypeError("a remote meeting runs the use cases of its `api`")
        call_id, future = self._send(use_case, args, kwargs)
        try:
            reply = future.result(ANSWER_WAIT)
        except concurrent.futures.TimeoutError:
            reply = None
        self._waiting.pop(call_id, None)
        if reply is None:
            return None  # answered later (`_late_reply`)
        self._later.pop(call_id, None)
        self._drain()  # the events came before the answer: into the copy now
        return reply

    def _events(self, reply: dict[str, Any]) -> list[ev.Event]:
        log = self.conference.log
        return [log[n - 1] for n in reply.get("numbers", []) if 0 < n <= len(log)]

    def run(self, use_case: Callable[P, list[ev.Event]], *args: P.args, **kwargs: P.kwargs
            ) -> list[ev.Event] | None:
        try:
            reply = self._answer(use_case, args, kwargs)
        except CallError as wrong:
            self.refused.emit(str(wrong))
            return None
        if reply is None:
            return []  # waiting to be sent: not refused
        return self._settle(cast(RemoteUseCase, use_case), args, kwargs, reply)

    def _settle(self, use_case: RemoteUseCase, args: tuple[Any, ...], kwargs: dict[str, Any],
                reply: dict[str, Any]) -> list[ev.Event] | None:
        if reply.get("type") == "done":
            return self._events(reply)
        problem = refusal_error(reply)
        if isinstance(problem, OverrideRequired) and self.on_override is not None:
            answer = self.on_override(problem)
            reason = answer if isinstance(answer, ChairReason) else ChairReason(answer or "")
            if not reason.text:
                return None
            retry: dict[str, Any] = {**kwargs, "override_reason": reason.text}
            if reason.confidential:
                retry["override_confidential"] = True
            return self.run(use_case, *args, **retry)
        if isinstance(problem, InterimRequired) and self.on_interim is not None:
            choice = self.on_interim(problem)
            if choice is None or not choice.reason.strip():
                return None
            return self.run(use_case, *args, **{**kwargs, "interim_reason": choice.reason,
                                                "relist_on": choice.relist_on})
        self.refused.emit(str(problem))
        return None

    def _late_reply(self, call_id: str, reply: dict[str, Any]) -> None:
        """The answer to a call that waited: refusals are shown (and asked) now."""
        pending = self._later.pop(call_id, None)
        if pending is not None and reply.get("type") != "hub_result":
            self._settle(*pending, reply)
        elif pending is None and reply.get("type") == "refused":  # queued before reopening
            self.refused.emit("A command that waited while the window was closed was "
                              f"refused: {refusal_error(reply)}")

    def attempt(self, use_case: Callable[P, list[ev.Event]], *args: P.args,
                **kwargs: P.kwargs) -> list[ev.Event]:
        reply = self._answer(use_case, args, kwargs)
        if reply is None:
            return []
        if reply.get("type") != "done":
            raise refusal_error(reply)
        return self._events(reply)

    def now(self) -> datetime:
        return self.clock.now()

    @property
    def url(self) -> str:
        return self._url

    @property
    def remote(self) -> bool:
        return True

    # ---- what only the hub knows; what needs its database --------------------------------
    def _hub(self, call: str, args: object = None) -> Any:
        if self.channel.connection is not Connection.LIVE:
            raise DomainError("Not connected to the hub: try again once it is connected.")
        call_id = uuid.uuid4().hex
        future: concurrent.futures.Future[dict[str, Any] | None] = concurrent.futures.Future()
        self._waiting[call_id] = future
        self.network.loop.call_soon_threadsafe(
            self.channel.send, call_id, {"type": "hub", "call": call, "args": args})
        try:
            reply = future.result(ANSWER_WAIT)
        except concurrent.futures.TimeoutError:
            reply = None
        finally:
            self._waiting.pop(call_id, None)
        if reply is None:
            raise DomainError("The hub did not answer: the connection dropped.")
        return reply.get("value")

    def join_links(self) -> list[JoinRow]:
        try:
            return [(str(a), str(b), str(c), str(d)) for a, b, c, d in self._hub("join_links")]
        except DomainError as problem:
            self.refused.emit(str(problem))
            return []

    def minute_taker_link(self) -> str | None:
        try:
            link = self._hub("minute_taker_link")
        except DomainError as problem:
            self.refused.emit(str(problem))
            return None
        return str(link) if link else None

    def ask_to_unmute(self, attendee_id: str) -> None:
        try:
            self._hub("ask_to_unmute", attendee_id)
        except DomainError as problem:
            self.refused.emit(str(problem))

    def attachment_store(self) -> AttachmentStore | None:
        return None

    def credentials(self) -> Credentials | None:
        return None

    def close(self) -> None:
        if self.network.running:
            self.network.loop.call_soon_threadsafe(self.channel.stop)
            self.network.stop()
        if self.stored is not None:
            self.stored.db.close()
            self.stored = None
