"""The minute-taker's seat, a door of the live meeting: the event log streamed out, edits in.

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
from typing import Any

from aiohttp import WSMsgType, web

from ..domain import events as ev
from ..domain.codec import event_to_record
from ..domain.errors import DomainError, EditConflict
from ..domain.minutes import ParagraphDraft
from ..services.rtc import schemas, transcript_schemas
from ..services.rtc.credentials import CredentialError, CredentialRole
from ..services.rtc.policy import MediaPolicy
from ..services.rtc.schemas import MAX_MESSAGE_BYTES
from ..services.rtc.server import ConferenceServer
from .api import MeetingApi

log = logging.getLogger(__name__)


def seat_command(meeting: MeetingApi, args: transcript_schemas.TranscriptArgs, editor: str
                 ) -> list[ev.Event]:
    """Run one of the seat's typed commands as the meeting's named use case (on its loop)."""
    match args:
        case transcript_schemas.EditUtterance():
            return meeting.edit_utterance(args.utterance_id, args.text, args.base_version,
                                          editor)
        case transcript_schemas.MarkUtterance():
            return meeting.mark_utterance(args.utterance_id, list(args.marks), editor)
        case transcript_schemas.AssignSpeaker():
            return meeting.assign_speaker(args.utterance_id, args.speaker_id, editor)
        case transcript_schemas.AddNote():
            return meeting.add_note(args.speaker_id, args.text, editor, at=args.at,
                                    utterance_id=args.utterance_id)
        case transcript_schemas.WriteSummary():
            drafts = [ParagraphDraft(p.text, p.segment_ids, p.confidential)
                      for p in args.paragraphs]
            return meeting.write_summary(args.section, drafts, args.base_version, editor)
        case transcript_schemas.SplitUtterance():
            return meeting.split_utterance(args.utterance_id, args.position, editor,
                                           args.new_utterance_id)
        case transcript_schemas.MergeUtterances():
            return meeting.merge_utterances(args.first_id, args.second_id, editor)
        case transcript_schemas.MarkChildFocus() if args.on:
            return meeting.mark_child_focus(args.utterance_id, args.child_id, args.part, editor,
                                            args.from_suggestion)
        case transcript_schemas.MarkChildFocus():
            return meeting.unmark_child_focus(args.utterance_id, args.child_id, args.part,
                                              editor)
    raise AssertionError(f"no use case for {type(args).__name__}")


def event_message(number: int, event: ev.Event) -> dict[str, Any]:
    type_name, payload = event_to_record(event)
    return {"type": "event", "number": number, "event_type": type_name, "payload": payload}


class MinutesChannel:
    def __init__(self, server: ConferenceServer, meeting: MeetingApi) -> None:
        self.server = server
        self.meeting = meeting
        self.sockets: dict[web.WebSocketResponse, int] = {}  # socket -> last number sent
        self.tokens: dict[web.WebSocketResponse, str] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        meeting.on_policy(self._event)

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
            message = transcript_schemas.minutes_message(raw, self.server.now())
        except schemas.SchemaError as bad:
            reply: dict[str, Any] = {"type": "error", "message": str(bad)}
            with contextlib.suppress(ValueError):
                data = json.loads(raw) if len(raw) < 4096 else None
                if isinstance(data, dict) and data.get("type") == "command":
                    reply = {"type": "refused", "id": transcript_schemas.command_id(data),
                             "message": str(bad)}
            await socket.send_json(reply)
            return
        if isinstance(message, transcript_schemas.Hello):
            await self._catch_up(socket, message.since)
        else:
            await socket.send_json(await self.run(message, editor))

    async def _catch_up(self, socket: web.WebSocketResponse, since: int) -> None:
        events = self.meeting.log_from(since)
        last = since
        for number, event in events:
            await socket.send_json(event_message(number, event))
            last = number
        self.sockets[socket] = last
        await socket.send_json({"type": "live", "number": last})

    async def run(self, command: transcript_schemas.TranscriptCommand,
                  editor: str) -> dict[str, Any]:
        """Run a checked transcript command as `editor`: ack, conflict or refused."""
        try:
            events = seat_command(self.meeting, command.args, editor)
        except EditConflict as conflict:
            return {"type": "conflict", "id": command.id, "message": str(conflict),
                    "current_text": conflict.current_text,
                    "current_version": conflict.current_version}
        except (DomainError, ValueError) as refused:
            return {"type": "refused", "id": command.id, "message": str(refused)}
        return {"type": "ack", "id": command.id, "events": len(events)}
