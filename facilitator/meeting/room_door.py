"""The room's door of a live meeting: the meeting room's computer joins a hub server as the room.

A websocket at `/room/ws` (under the conference's prefix on a hub server), opened with the
chair's token in `Authorization: Bearer` (the chair's window in the meeting room opens it
beside the chair's channel). Only a CHAIR credential of this conference opens it: a
participant's, the minute-taker's, another conference's or a withdrawn token is refused, so a
person's link can never become the room. The identity is the door's, never the message's: what
comes in here is the room, and only the room.

    hub -> {"type": "hello", "ice_servers": [...]}   (TURN with a credential minted for ROOM)
    room -> {"type": "offer", "sdp": ...}             (its microphone, sendrecv; its camera,
    hub -> {"type": "answer", "sdp": ...}               sendonly, if it has one)

One room link at a time: a new one (the room computer back after a drop) replaces the old one
at once. When it goes, the hub has no room sound until it comes back (the chair is told). A hub
with the room's own sound devices (the embedded hub) refuses the door: the room is there
already.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from aiohttp import WSMsgType, web

from ..services.rtc.chair_token import bearer_token
from ..services.rtc.credentials import CredentialError, CredentialRole
from ..services.rtc.policy import ROOM
from ..services.rtc.room_link import RoomLinkPeer
from ..services.rtc.schemas import MAX_MESSAGE_BYTES
from ..services.rtc.server import ConferenceServer

log = logging.getLogger(__name__)
LINKED = "The meeting room is connected to the hub: remote people hear the room."
DROPPED = ("The meeting room's link to the hub dropped: remote people cannot hear the room "
           "until it is back. The chair's computer reconnects by itself.")


class RoomDoor:
    def __init__(self, server: ConferenceServer) -> None:
        self.server = server
        self.peer: RoomLinkPeer | None = None
        self.socket: web.WebSocketResponse | None = None
        self.links = 0  # room links made (tests count reconnections)
        self._tasks: set[asyncio.Task[Any]] = set()
        server.keep_alive(self._close_on_stop())

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/room/ws", self.websocket)

    async def _close_on_stop(self) -> None:
        """Lives as long as the server: when it stops, the room's link goes with it."""
        try:
            await asyncio.Event().wait()
        finally:
            await self._let_go()

    def _background(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _check(self, token: str) -> None:
        server = self.server
        credential = server.credentials.check(token, server.conference_id, server.now())
        if credential.role is not CredentialRole.CHAIR:
            raise CredentialError("Only the chair's link can connect the meeting room.")
        if server.hub.room_audio is not None:
            raise CredentialError("This hub has the room's own microphone and loudspeakers.")

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=2, max_msg_size=MAX_MESSAGE_BYTES)
        await socket.prepare(request)
        token = bearer_token(request)
        try:
            self._check(token)
        except CredentialError as refused:
            log.warning("the room's door refused a connection from %s: %s", request.remote,
                        refused)
            await socket.send_json({"type": "unauthorised", "message": str(refused)})
            await socket.close(code=4001)
            return socket
        await self._let_go()  # the room computer is back: its old link is dead
        self.socket = socket
        hub = self.server.hub
        await socket.send_json({"type": "hello", "ice_servers": hub.page_ice_servers(ROOM)})
        peer: RoomLinkPeer | None = None
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT or self.socket is not socket:
                    break
                try:
                    data = json.loads(message.data)
                    kind = data["type"]
                except (ValueError, TypeError, KeyError):
                    await socket.send_json({"type": "error", "message": "not a message"})
                    continue
                if kind == "offer" and peer is None and isinstance(data.get("sdp"), str):
                    self._check(token)
                    peer = RoomLinkPeer(hub, hub.ice_servers_for(ROOM), self._peer_closed)
                    self.peer = peer
                    answer = await peer.answer(data["sdp"])
                    self.links += 1
                    hub.device_notice(LINKED)
                    await socket.send_json({"type": "answer", "sdp": answer})
                elif kind == "ping":
                    await socket.send_json({"type": "pong"})
                else:
                    await socket.send_json({"type": "error", "message": f"unexpected {kind!r}"})
        except CredentialError as withdrawn:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await socket.send_json({"type": "unauthorised", "message": str(withdrawn)})
        finally:
            if self.socket is socket:
                self.socket = None
            if peer is not None:
                await peer.close()
            await socket.close()
        return socket

    def _peer_closed(self, peer: RoomLinkPeer) -> None:
        if self.peer is peer:
            self.peer = None
            self.server.hub.device_notice(DROPPED)
            socket = self.socket
            if socket is not None and not socket.closed:
                self._background(socket.close())  # the room computer makes a new one

    async def _let_go(self) -> None:
        socket, peer = self.socket, self.peer
        self.socket = None
        if peer is not None:
            self.peer = None  # replaced: no "dropped" notice
            await peer.close()
        if socket is not None and not socket.closed:  # a dead one waits for its time-out
            self._background(socket.close(code=4002, message=b"replaced"))
