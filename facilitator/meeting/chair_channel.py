"""The chair's channel, a door of the live meeting: the chair's window on another computer.

A websocket at `/chair/ws` (under the conference's prefix when a hub server hosts it), opened
with the chair's token (`Authorization: Bearer <token>`, as the chair's HTTP API). It carries:

- out: the log from the event number the window already has (catch-up), then `live`, then the
  meeting's feed in its order: events with their numbers, hub notices, the recogniser's partial
  text and what the header says about transcription. Camera tiles are not sent: they stay on
  the hub's computer (a remote window's Cameras tab says so).
- in: calls of the meeting API's use cases by name, {"type": "call", "id", "use_case", "args"},
  answered {"type": "done", "id", "numbers"} (the numbers of the events stored, which the
  window has received before the answer) or {"type": "refused", "id", "kind", "message", ...}
  (`kind`: DomainError, OverrideRequired, InterimRequired, EditConflict, SummaryConflict,
  BadCall). Only `use_case_codec.USE_CASES` can be named. Each call's id is remembered with its
  answer: a call sent again after a drop is answered again, never applied twice. A call that
  stored events is also recorded with them, in the same transaction (`applied_calls`), so one
  sent again after the hub restarted (killed between storing and answering) is answered from
  the database, not applied again.
- and the few things only the hub knows: {"type": "hub", "id", "call": "join_links" |
  "minute_taker_link" | "ask_to_unmute", "args"}, answered {"type": "hub_result", "id",
  "value"}.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

from aiohttp import WSMsgType, web

from ..domain.codec import to_data
from ..domain.errors import DomainError, EditConflict, OverrideRequired, SummaryConflict
from ..domain.interim import InterimRequired
from ..services.rtc.chair_token import bearer_token
from ..services.rtc.credentials import CredentialError, CredentialRole
from ..services.rtc.schemas import MAX_MESSAGE_BYTES
from ..services.rtc.server import ConferenceServer
from ..services.store import StoreError
from .api import MeetingApi
from .feed import EventItem, FeedItem, NoticeItem, PartialItem
from .hub_links import join_links, minute_taker_link
from .seat_channel import event_message
from .use_case_codec import CallError, decode_call

log = logging.getLogger(__name__)
REMEMBERED = 5000  # answered call ids kept (a window resends at most what it had queued)
MAX_CALL_ID = 64  # the window's are 32 hex digits; each applied one is kept in the database


class SpeechStatus(Protocol):
    text: str
    listeners: list[Callable[[str], None]]


def refusal(call_id: str, problem: Exception) -> dict[str, Any]:
    """A refused call as the window rebuilds it (`remote_client.refusal_error`)."""
    reply: dict[str, Any] = {"type": "refused", "id": call_id, "kind": "DomainError",
                             "message": str(problem)}
    if isinstance(problem, OverrideRequired):
        reply.update(kind="OverrideRequired", protected_minutes=problem.protected_minutes,
                     needed_minutes=problem.needed_minutes)
    elif isinstance(problem, InterimRequired):
        reply.update(kind="InterimRequired", quorum_reason=problem.quorum_reason,
                     relist_due=problem.relist_due.isoformat())
    elif isinstance(problem, EditConflict):
        reply.update(kind=type(problem).__name__, current_text=problem.current_text,
                     current_version=problem.current_version)
        if isinstance(problem, SummaryConflict):
            reply["current_paragraphs"] = to_data(list(problem.current_paragraphs))
    elif isinstance(problem, CallError):
        reply["kind"] = "BadCall"
    return reply


class ChairChannel:
    def __init__(self, server: ConferenceServer, meeting: MeetingApi,
                 speech: SpeechStatus | None = None) -> None:
        self.server = server
        self.meeting = meeting
        self.speech = speech
        self.queues: dict[web.WebSocketResponse, asyncio.Queue[str | None]] = {}
        self.answered: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        self.applied = 0  # calls run (not answered again from memory): for the tests
        meeting.feed.subscribe(self._item)
        if speech is not None:
            speech.listeners.append(self._speech)

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/chair/ws", self.websocket)

    # ---- out: the feed, in order, through one writer per socket ---------------------------
    def _broadcast(self, message: dict[str, Any]) -> None:
        text = json.dumps(message)
        for queue in self.queues.values():
            queue.put_nowait(text)

    def _item(self, item: FeedItem) -> None:
        if isinstance(item, EventItem):
            self._broadcast(event_message(item.number, item.event))
        elif isinstance(item, NoticeItem):
            self._broadcast({"type": "notice", **to_data(item.notice)})
        elif isinstance(item, PartialItem):
            self._broadcast({"type": "partial", **to_data(item.partial)})
        # tiles stay on the hub's computer

    def _speech(self, text: str) -> None:
        self._broadcast({"type": "speech", "text": text})

    @staticmethod
    async def _writer(socket: web.WebSocketResponse, queue: asyncio.Queue[str | None]) -> None:
        while (text := await queue.get()) is not None:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await socket.send_str(text)

    # ---- the connection --------------------------------------------------------------------
    def _chair(self, token: str) -> None:
        credential = self.server.credentials.check(token, self.server.conference_id,
                                                   self.server.now())
        if credential.role is not CredentialRole.CHAIR:
            raise CredentialError("This is not the chair's link.")

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=5, max_msg_size=MAX_MESSAGE_BYTES)
        await socket.prepare(request)
        token = bearer_token(request)
        try:
            self._chair(token)
        except CredentialError as refused:
            log.warning("chair's channel refused from %s: %s", request.remote, refused)
            await socket.send_json({"type": "unauthorised",
                                    "message": "The hub did not accept this chair link: "
                                               f"{refused}"})
            await socket.close(code=4001)
            return socket
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        writer = asyncio.ensure_future(self._writer(socket, queue))
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                try:
                    self._chair(token)  # a token withdrawn mid-meeting stops here
                except CredentialError as refused:
                    queue.put_nowait(json.dumps({"type": "unauthorised",
                                                 "message": str(refused)}))
                    break
                self._handle(socket, queue, message.data)
        finally:
            self.queues.pop(socket, None)
            queue.put_nowait(None)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer, 5)
            await socket.close()
        return socket

    def _handle(self, socket: web.WebSocketResponse, queue: asyncio.Queue[str | None],
                raw: str) -> None:
        """On the media loop, without awaiting: a call runs whole between two feed items."""
        try:
            data = json.loads(raw)
            kind = data["type"]
        except (ValueError, TypeError, KeyError):
            queue.put_nowait(json.dumps({"type": "error", "message": "not a message"}))
            return
        if kind == "hello":
            self._catch_up(socket, queue, data.get("since", 0))
        elif kind == "call":
            queue.put_nowait(json.dumps(self.call(str(data.get("id", "")), data)))
        elif kind == "hub":
            task = asyncio.ensure_future(self._hub(queue, str(data.get("id", "")), data))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        else:
            queue.put_nowait(json.dumps({"type": "error", "message": f"unknown {kind!r}"}))

    def _catch_up(self, socket: web.WebSocketResponse, queue: asyncio.Queue[str | None],
                  since: object) -> None:
        start = since if isinstance(since, int) and since >= 0 else 0
        events = self.meeting.log_from(start)
        queue.put_nowait(json.dumps({
            "type": "welcome", "url": self.server.base_url,
            "speech": self.speech.text if self.speech is not None else "off (typed notes)"}))
        for number, event in events:
            queue.put_nowait(json.dumps(event_message(number, event)))
        queue.put_nowait(json.dumps({"type": "live", "number": len(self.meeting.conference.log)}))
        self.queues[socket] = queue  # from here on the feed, with nothing between

    def call(self, call_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Run one use case (once per id) and answer with its events' numbers or why not."""
        if not call_id or len(call_id) > MAX_CALL_ID:
            return {"type": "error", "message": f"a call needs an id (at most {MAX_CALL_ID} "
                                                "characters)"}
        if call_id in self.answered:
            return self.answered[call_id]
        stored = self.meeting.applied_call(call_id)  # applied before this process started
        if stored is not None:
            return {"type": "done", "id": call_id, "numbers": stored}
        try:
            chosen, kwargs = decode_call(data)
            with self.meeting.applying_call(call_id):
                events = getattr(self.meeting, chosen.name)(**kwargs)
            conference = self.meeting.conference
            reply: dict[str, Any] = {"type": "done", "id": call_id,
                                     "numbers": [conference.number_of(e) for e in events]}
        except (DomainError, CallError, StoreError) as refused:
            reply = refusal(call_id, refused)
        self.applied += 1
        self.answered[call_id] = reply
        while len(self.answered) > REMEMBERED:
            self.answered.popitem(last=False)
        return reply

    async def _hub(self, queue: asyncio.Queue[str | None], call_id: str,
                   data: dict[str, Any]) -> None:
        server, conference = self.server, self.meeting.conference
        value: Any = None
        match data.get("call"):
            case "join_links":
                value = join_links(server, conference, server.base_url)
            case "minute_taker_link":
                value = minute_taker_link(server, conference, server.base_url)
            case "ask_to_unmute":
                value = await server.ask_to_unmute(str(data.get("args", "")))
        queue.put_nowait(json.dumps({"type": "hub_result", "id": call_id, "value": value}))
