"""The minute-taker's seat on the chair's server: the event log streamed out, edits in.

The chair's app stays the one source of truth. The minute-taker's app receives every event
(professionals see the whole record) from the number it already has, and sends commands
from a short list; each is acknowledged only once its events are durable in the chair's
store. Commands are idempotent (absolute marks and speakers, edits equal to the current
text, notes with the client's own id), so a resend after a lost acknowledgement is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from ...domain import events as ev
from ...domain.codec import event_to_record
from ...domain.commands import minutes, record
from ...domain.commands.record import EditConflict
from ...domain.conference import Conference
from ...domain.errors import DomainError
from ...domain.minutes import ParagraphDraft, Section
from ...domain.transcript import Mark, UtteranceSource
from .credentials import CredentialError, CredentialRole
from .policy import MediaPolicy
from .signalling import MAX_MESSAGE_BYTES

if TYPE_CHECKING:
    from .server import ConferenceServer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Command:
    run: Callable[..., list[ev.Event]]
    build: Callable[[dict[str, Any], str], tuple[tuple[Any, ...], dict[str, Any]]]


def _text(args: dict[str, Any], key: str) -> str:
    value = args.get(key)
    if not isinstance(value, str):
        raise DomainError(f"'{key}' must be text")
    return value


def _edit(args: dict[str, Any], editor: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    version = args.get("base_version")
    if not isinstance(version, int):
        raise DomainError("'base_version' must be a whole number")
    return (_text(args, "utterance_id"), _text(args, "text"), version, editor), {}


def _mark(args: dict[str, Any], editor: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    names = args.get("marks")
    if not isinstance(names, list):
        raise DomainError("'marks' must be a list")
    try:
        marks = [Mark[str(n)] for n in names]
    except KeyError as unknown:
        raise DomainError(f"unknown mark {unknown}") from None
    return (_text(args, "utterance_id"), marks, editor), {}


def _speaker(args: dict[str, Any], editor: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    speaker = args.get("speaker_id")
    if speaker is not None and not isinstance(speaker, str):
        raise DomainError("'speaker_id' must be an id or null")
    return (_text(args, "utterance_id"), speaker, editor), {}


def _note(args: dict[str, Any], editor: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    speaker = args.get("speaker_id")
    at = datetime.fromisoformat(_text(args, "at"))
    return (speaker if isinstance(speaker, str) else None, UtteranceSource.TYPED, at, at,
            _text(args, "text"), None, editor), {"utterance_id": _text(args, "utterance_id")}


def _summary(args: dict[str, Any], editor: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    try:
        section = Section[_text(args, "section")]
    except KeyError:
        raise DomainError("unknown section") from None
    raw = args.get("paragraphs")
    version = args.get("base_version")
    if not isinstance(raw, list) or not isinstance(version, int):
        raise DomainError("'paragraphs' must be a list and 'base_version' a whole number")
    drafts = []
    for item in raw:
        if not isinstance(item, dict):
            raise DomainError("each paragraph must be an object")
        ids = item.get("segment_ids")
        drafts.append(ParagraphDraft(
            _text(item, "text"), frozenset(str(i) for i in ids) if isinstance(ids, list) else
            None, bool(item.get("confidential", False))))
    return (section, drafts, version, editor), {}


def summary_args(section: Section, drafts: list[ParagraphDraft], base: int) -> dict[str, Any]:
    """The seat's side of `_summary`: what to send for a section's paragraphs."""
    return {"section": section.name, "base_version": base, "paragraphs": [
        {"text": d.text, "confidential": d.confidential,
         "segment_ids": sorted(d.segment_ids) if d.segment_ids is not None else None}
        for d in drafts]}


def _split(args: dict[str, Any], editor: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    position = args.get("position")
    if not isinstance(position, int):
        raise DomainError("'position' must be a whole number")
    new_id = args.get("new_utterance_id")
    return (_text(args, "utterance_id"), position, editor), {
        "new_utterance_id": new_id if isinstance(new_id, str) else None}


def _merge(args: dict[str, Any], editor: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    return (_text(args, "first_id"), _text(args, "second_id"), editor), {}


COMMANDS: dict[str, Command] = {
    "split_utterance": Command(record.split_utterance, _split),
    "merge_utterances": Command(record.merge_utterances, _merge),
    "write_summary": Command(minutes.write_summary, _summary),
    "edit_utterance": Command(record.edit_utterance, _edit),
    "mark_utterance": Command(record.mark_utterance, _mark),
    "assign_speaker": Command(record.assign_speaker, _speaker),
    "add_note": Command(record.record_utterance, _note),
}


def event_message(number: int, event: ev.Event) -> dict[str, Any]:
    type_name, payload = event_to_record(event)
    return {"type": "event", "number": number, "event_type": type_name, "payload": payload}


class MinutesChannel:
    def __init__(self, server: ConferenceServer) -> None:
        self.server = server
        self.sockets: dict[web.WebSocketResponse, int] = {}  # socket -> last number sent
        self.tokens: dict[web.WebSocketResponse, str] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        server.hub.port.on_policy(self._event)

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/minutes/ws", self.websocket)

    def _event(self, policy: MediaPolicy, event: ev.Event | None, number: int) -> None:
        if event is None:
            return
        message = json.dumps(event_message(number, event))
        for socket, last in list(self.sockets.items()):
            if number > last and not socket.closed:
                self.sockets[socket] = number
                task = asyncio.ensure_future(self._send(socket, message))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _send(socket: web.WebSocketResponse, message: str) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await socket.send_str(message)

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=10, max_msg_size=MAX_MESSAGE_BYTES)
        await socket.prepare(request)
        try:
            credential = self.server.credentials.check(
                request.query.get("token", ""), self.server.conference_id, self.server.now())
            if credential.role is not CredentialRole.MINUTE_TAKER:
                raise CredentialError("This is not a minute-taker's link.")
        except CredentialError as refused:
            log.warning("minute-taker refused from %s: %s", request.remote, refused)
            await socket.send_json({"type": "refused", "message": str(refused)})
            await socket.close(code=4001)
            return socket
        editor = self.server.hub.policy.name_of(credential.attendee_id) or "minute-taker"
        token = credential.token
        self.tokens[socket] = token
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                # a token withdrawn mid-meeting stops the seat at the next message
                try:
                    self.server.credentials.check(token, self.server.conference_id,
                                                  self.server.now())
                except CredentialError as refused:
                    await socket.send_json({"type": "refused", "message": str(refused)})
                    await socket.close(code=4001)
                    break
                await self._handle(socket, editor, message.data)
        finally:
            self.sockets.pop(socket, None)
            self.tokens.pop(socket, None)
        return socket

    async def disconnect(self, token: str) -> None:
        """Close every seat using `token` (withdrawn): it is refused when it reconnects."""
        for socket, used in list(self.tokens.items()):
            if used == token:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await socket.send_json({"type": "refused",
                                            "message": "The chair has withdrawn this link."})
                    await socket.close(code=4001)

    async def _handle(self, socket: web.WebSocketResponse, editor: str, raw: str) -> None:
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("expected a JSON object")
        except ValueError as bad:
            await socket.send_json({"type": "error", "message": f"malformed message: {bad}"})
            return
        if data.get("type") == "hello":
            since = data.get("since", 0)
            await self._catch_up(socket, since if isinstance(since, int) else 0)
        elif data.get("type") == "command":
            await socket.send_json(await self.run_command(data, editor))
        else:
            await socket.send_json({"type": "error", "message": "unknown message type"})

    async def _catch_up(self, socket: web.WebSocketResponse, since: int) -> None:
        def backlog(conference: Conference) -> list[tuple[int, ev.Event]]:
            return [(n, e) for n, e in enumerate(conference.log, start=1) if n > since]

        events = await self.server.hub.port.read(backlog)
        last = since
        for number, event in events:
            await socket.send_json(event_message(number, event))
            last = number
        self.sockets[socket] = last
        await socket.send_json({"type": "live", "number": last})

    async def run_command(self, data: dict[str, Any], editor: str) -> dict[str, Any]:
        command_id = data.get("id")
        name = data.get("name")
        args = data.get("args")
        command = COMMANDS.get(str(name))
        if command is None or not isinstance(args, dict):
            return {"type": "refused", "id": command_id, "message": f"unknown command {name!r}"}
        try:
            positional, keywords = command.build(args, editor)
            events = await self.server.hub.port.execute(command.run, *positional, **keywords)
        except EditConflict as conflict:
            return {"type": "conflict", "id": command_id, "message": str(conflict),
                    "current_text": conflict.current_text,
                    "current_version": conflict.current_version}
        except (DomainError, ValueError) as refused:
            return {"type": "refused", "id": command_id, "message": str(refused)}
        return {"type": "ack", "id": command_id, "events": len(events)}
