"""What the hub's server sends to the join pages unasked: captions, each person's state,
the chair's request to unmute.

A mixin of ConferenceServer (services/rtc/server.py), which sets the attributes named below.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from aiohttp import web

from ...domain import events as ev
from ...domain.audience import Origin, origin_of
from ..asr.results import PartialText
from .hub import MediaHub
from .policy import MediaPolicy


class PagePushes:
    hub: MediaHub
    sockets: dict[str, web.WebSocketResponse]
    captions_off: set[str]  # people who switched captions off
    _tasks: set[asyncio.Task[Any]]

    def _captions(self, policy: MediaPolicy, event: ev.Event | None, number: int) -> None:
        """A final line, to those the egress guard lets it reach: in the meeting now, and in
        the audience of every segment it came from (a line finished late never leaks across
        an exclusion)."""
        if isinstance(event, ev.RecognitionRevised):  # a better text for a line already sent
            revised = self.hub.port.conference.utterances.get(event.utterance_id)
            if revised is None or revised.human_edited:
                return
            who = policy.name_of(revised.speaker_id) if revised.speaker_id else "In the room"
            self._send_captions({"type": "caption", "id": revised.id, "speaker": who,
                                 "text": event.text, "final": True, "revised": True},
                                origin_of(revised))
            return
        if not isinstance(event, ev.UtteranceRecorded):
            return
        speaker = policy.speaker_of(event.speaker_id) if event.speaker_id else "In the room"
        message = {"type": "caption", "id": event.utterance_id, "speaker": speaker,
                   "text": event.text, "final": True}
        utterance = self.hub.port.conference.utterances.get(event.utterance_id)
        origin = (origin_of(utterance) if utterance is not None
                  else Origin(event.started_at, event.ended_at))
        self._send_captions(message, origin)

    def partial_caption(self, partial: PartialText) -> None:
        """What is being said now ("X is speaking" and the words so far), with its origin:
        from the first sound of the sentence to what has been heard, so a sentence begun
        while someone was out never reaches them, however soon they are readmitted."""
        policy = self.hub.policy
        speaker = policy.speaker_of(partial.speaker_id) if partial.speaker_id else "In the room"
        message = {"type": "caption", "id": None, "speaker": speaker, "text": partial.text,
                   "final": False, "speaking": partial.speaking}
        heard = max(partial.heard_until, partial.started_at)
        self._send_captions(message, Origin(partial.started_at, heard))

    def _send_captions(self, message: dict[str, Any], origin: Origin) -> None:
        guard = self.hub.guard
        for attendee_id, socket in list(self.sockets.items()):
            if attendee_id not in self.captions_off and guard.admits(attendee_id, origin):
                self._background(self._send(socket, message))

    def state_message(self, attendee_id: str) -> dict[str, Any]:
        policy = self.hub.policy
        if self.hub.guard.admits_live(attendee_id):  # the roster and stage are live content
            return {
                "type": "state", "state": "in_meeting", "stage": policy.stage,
                "transcribed": policy.transcribed, "room_muted": policy.room_muted,
                "roster": [{"name": r.name, "role": r.role, "where": r.where}
                           for r in policy.roster],
                "slots": self.hub.slot_names(attendee_id),
            }
        if policy.status == "ended":
            return {"type": "state", "state": "ended"}
        if attendee_id in policy.excluded:
            # Told that this is a part of the meeting they are not in, and that they will be
            # brought back; nothing of that part: no stage, no names, no reason, no time.
            return {"type": "state", "state": "waiting", "out_of_part": True}
        if attendee_id in policy.waiting:
            return {"type": "state", "state": "waiting"}
        return {"type": "state", "state": "removed"}

    def _state_changed(self, attendee_id: str) -> None:
        socket = self.sockets.get(attendee_id)
        if socket is None or socket.closed:
            return
        message = self.state_message(attendee_id)
        self._background(self._send(socket, message, close=message["state"] in ("removed",
                                                                               "ended")))

    def _background(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _send(socket: web.WebSocketResponse, message: dict[str, Any],
                    close: bool = False) -> None:
        # the socket may close meanwhile; its handler then drops the peer
        with contextlib.suppress(ConnectionError, RuntimeError):
            await socket.send_str(json.dumps(message))
            if close:
                await socket.close()

    async def ask_to_unmute(self, attendee_id: str) -> bool:
        socket = self.sockets.get(attendee_id)
        if socket is None:
            return False
        await self._send(socket, {"type": "unmute_request"})
        return True
