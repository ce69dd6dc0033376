"""HTTPS server: the join page, the signalling WebSocket and the chair's API (aiohttp); what it
sends the pages unasked (captions, state) is in page_pushes.py."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiohttp import WSMsgType, web

from ...domain.attendees import AttendanceMode
from ...domain.errors import DomainError
from ...domain.preparation import CheckResult
from ...record.language import N_
from .. import log_limits
from ..templates import assets_dir
from .credentials import CredentialError, CredentialRole, Credentials, PinEntryPaused
from .door import HEADER_TIMEOUT, Door, read_form
from .echo import EchoPeer
from .hub import HubNotice, MediaHub
from .page_pushes import PagePushes
from .pages import answer_offer as _answer
from .pages import reader_language, refusal
from .peer import RemotePeer
from .policy import ROOM
from .signalling import MAX_MESSAGE_BYTES, SignallingError, error, parse
from .signalling_schemas import Bare, DeviceCheck, Join, Offer, SignallingMessage, Switch

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
CANNOT_JOIN, PLEASE_WAIT = N_("Cannot join"), N_("Please wait")
NOT_PARTICIPANT = N_("This link is not a participant's link.")
PRESENCE_WAIT = 2.0  # seconds a link's open connection has to answer before a new one replaces it


class ConferenceServer(PagePushes):
    def __init__(self, hub: MediaHub, credentials: Credentials, conference_id: str,
                 now: Clock) -> None:
        self.hub = hub
        self.credentials = credentials
        self.conference_id = conference_id
        self.now = now
        self.sockets: dict[str, web.WebSocketResponse] = {}
        self._echo: dict[str, EchoPeer] = {}  # test calls before the day
        self._presence: dict[str, asyncio.Event] = {}  # connections asked whether they are there
        self._claims: dict[str, web.WebSocketResponse] = {}  # each link's one connection
        self._link_locks: dict[str, asyncio.Lock] = {}
        self._withdrawn: set[str] = set()  # tokens withdrawn while serving
        self.withdrawn_listeners: list[Callable[[str], None]] = []  # e.g. the phone line
        self._tasks: set[asyncio.Task[Any]] = set()
        # the doors of the meeting that are not the join page (the chair's API, the
        # minute-taker's seat) add their routes here before the server starts
        self.doors: list[Callable[[web.UrlDispatcher], None]] = []
        self.runner: web.AppRunner | None = None
        self.door: Door | None = None
        self._lifelong: list[asyncio.Task[Any]] = []
        self._listener: asyncio.Server | None = None
        self.fingerprint: str | None = None  # of the TLS certificate, for pinned links
        self.base_url = ""
        self.port = 0
        # "" on its own address; "/c/<slug>" when a hub server hosts it among others
        # (`facilitator server`, meeting/host.py): the paths it gives out start with it
        self.prefix = ""
        hub.state_listeners.append(self._state_changed)
        credentials.pin_guard.listeners.append(self._pin_notice)
        hub.port.on_policy(self._captions)
        self.captions_off: set[str] = set()  # people who switched captions off

    def app(self) -> web.Application:
        application = web.Application(client_max_size=MAX_MESSAGE_BYTES)
        web_dir = assets_dir() / "web"
        application.router.add_get("/", self.landing)
        application.router.add_post("/phone", self.phone_login)
        application.router.add_get("/join/{token}", self.join_page)
        application.router.add_get("/ws", self.websocket)
        application.router.add_static("/static/", web_dir, show_index=False)
        for door in self.doors:
            door(application.router)
        return application

    async def start(self, host: str, port: int, ssl_context: ssl.SSLContext | None) -> int:
        log_limits.install()  # repeated errors (a flood of bad requests) cost a few lines
        # a half-sent request head is closed as idle after HEADER_TIMEOUT (aiohttp's keep-alive)
        self.runner = web.AppRunner(self.app(), access_log=None, keepalive_timeout=HEADER_TIMEOUT)
        await self.runner.setup()
        server = self.runner.server
        assert server is not None
        self.door = Door(server, ssl_context)
        self._listener = await asyncio.get_running_loop().create_server(
            self.door.protocol, host, port)
        self.port = self._listener.sockets[0].getsockname()[1]
        scheme = "https" if ssl_context is not None else "http"
        self.base_url = f"{scheme}://{host}:{self.port}"
        self._start_hub()
        return self.port

    async def start_hosted(self, base_url: str, prefix: str) -> web.Server:
        """Start without a listener of its own: a hub server's front door (meeting/host.py)
        hands it the requests under `prefix`, through the returned server's
        `request_handler`. `base_url` is where people reach it (public, with the prefix)."""
        self.prefix = prefix
        self.base_url = base_url
        self.runner = web.AppRunner(self.app(), access_log=None)
        await self.runner.setup()
        assert self.runner.server is not None
        self._start_hub()
        return self.runner.server

    def _start_hub(self) -> None:
        self.hub.start()
        if self.hub.turn is not None:
            self.keep_alive(self._renew_turn(self.hub.turn.lifetime / 2))

    async def _renew_turn(self, every: float) -> None:
        """Fresh TURN credentials to every connected page before theirs expire: a call that
        outlives them keeps its relay, but an ICE restart makes new allocations."""
        while True:
            await asyncio.sleep(every)
            for attendee_id, socket in list(self._claims.items()):
                if not socket.closed:
                    self._background(self._send(socket, {
                        "type": "ice_servers",
                        "ice_servers": self.hub.page_ice_servers(attendee_id)}))

    def keep_alive(self, coroutine: Any) -> None:
        """A task that lives as long as the server (cancelled by `stop`)."""
        task = asyncio.ensure_future(coroutine)
        self._lifelong.append(task)

    async def stop(self) -> None:
        with contextlib.suppress(ValueError):  # a hub server's limiter outlives this server
            self.credentials.pin_guard.listeners.remove(self._pin_notice)
        for task in self._lifelong:
            task.cancel()
        for socket in {*self.sockets.values(), *self._claims.values()}:
            await socket.close()
        await self.hub.stop()
        if self._listener is not None:
            self._listener.close()
        if self.runner is not None:
            await self.runner.cleanup()

    def _pin_notice(self, conference_id: str, message: str) -> None:
        """Wrong PINs pile up: the chair's window shows it (as it shows a device notice)."""
        if conference_id == self.conference_id:
            for listener in list(self.hub.notices):
                listener(HubNotice(ROOM, "security", "", False, False, message))

    # ---- pages ----------------------------------------------------------------------------
    async def landing(self, request: web.Request) -> web.Response:
        return web.FileResponse(assets_dir() / "web" / "phone.html")  # type: ignore[return-value]

    async def phone_login(self, request: web.Request) -> web.StreamResponse:
        form = await read_form(request)
        try:
            credential = self.credentials.by_code(str(form.get("code", ""))[:64],
                                                  str(form.get("pin", ""))[:64],
                                                  self.conference_id, self.now(),
                                                  source=request.remote)
        except PinEntryPaused as paused:
            response = refusal(reader_language(request, form), PLEASE_WAIT, paused, 429,
                               self.prefix)
            response.headers["Retry-After"] = str(max(1, round(paused.retry_after)))
            return response
        except CredentialError as refused:
            log.info("refused phone code from %s: %s", request.remote, refused)
            return refusal(reader_language(request, form), CANNOT_JOIN, refused, 403,
                           self.prefix)
        raise web.HTTPSeeOther(f"{self.prefix}/join/{credential.token}")

    async def join_page(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        try:
            credential = self.credentials.check(token, self.conference_id, self.now())
        except CredentialError as refused:
            log.warning("refused join link from %s: %s", request.remote, refused)
            return refusal(reader_language(request), CANNOT_JOIN, refused, 403, self.prefix)
        if credential.role is not CredentialRole.PARTICIPANT:
            return refusal(reader_language(request), CANNOT_JOIN,
                           CredentialError(NOT_PARTICIPANT), 403, self.prefix)
        # No "already in use" here: a reload asks for the page while the old page still
        # lives. The connection the page then opens decides (`websocket`): the old page has
        # gone by then, and a second device is refused there, on its screen.
        response = web.FileResponse(assets_dir() / "web" / "join.html")
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    # ---- signalling -----------------------------------------------------------------------
    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=10, max_msg_size=MAX_MESSAGE_BYTES)
        await socket.prepare(request)
        token = request.query.get("token", "")
        try:
            credential = self.credentials.check(token, self.conference_id, self.now())
            if credential.role is not CredentialRole.PARTICIPANT:
                raise CredentialError(NOT_PARTICIPANT)
            await self._claim(credential.attendee_id, socket)
        except CredentialError as refused:
            log.warning("refused signalling from %s: %s", request.remote, refused)
            await socket.send_str(error(str(refused), fatal=True))
            await socket.close(code=4001)
            return socket
        attendee_id = credential.attendee_id
        name = self.hub.policy.name_of(attendee_id)
        peer: RemotePeer | None = None
        try:
            # the TURN credential is this connection's own, minted now: a reconnection renews it
            await socket.send_json({"type": "hello", "name": name,
                                    "language": self.hub.policy.language_of(attendee_id),
                                    "ice_servers": self.hub.page_ice_servers(attendee_id)})
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                if credential.token in self._withdrawn or self._claims.get(attendee_id) \
                        is not socket:
                    break  # withdrawn by the chair, or replaced by a newer connection
                try:
                    peer = await self._handle(attendee_id, name, socket, peer,
                                              parse(message.data))
                except SignallingError as bad:
                    log.info("malformed signalling from %s: %s", attendee_id, bad)
                    await socket.send_str(error(str(bad)))
                except DomainError as refused:
                    await socket.send_str(error(str(refused)))
                if peer is None and socket.closed:
                    break
        finally:
            if self._claims.get(attendee_id) is socket:
                del self._claims[attendee_id]
                echo = self._echo.pop(attendee_id, None)
                if echo is not None:
                    await echo.close()
            if self.sockets.get(attendee_id) is socket:
                del self.sockets[attendee_id]
            if peer is not None:
                await self.hub.drop_peer(attendee_id, peer)
        return socket

    async def _claim(self, attendee_id: str, socket: web.WebSocketResponse) -> None:
        """One connection per link, decided at once: the check and the claim happen under
        the link's lock, so two devices connecting together cannot both get in."""
        lock = self._link_locks.setdefault(attendee_id, asyncio.Lock())
        async with lock:
            if await self.still_connected(attendee_id):
                raise CredentialError(N_("This link is already in use in the meeting."))
            self._claims[attendee_id] = socket

    async def still_connected(self, attendee_id: str) -> bool:
        """Is this link's connection really still there?

        A network that drops (a phone moving from Wi-Fi to mobile data) leaves the old connection
        looking open for many seconds. The join page answers "are you there" at once; if the old
        connection does not answer in time it is closed and the person's new connection is
        let in (back where they were: an excluded person to the waiting screen). A second
        device using a link whose connection answers is refused.
        """
        if attendee_id in self.hub.pcm_endpoints:  # on the phone line
            return True
        socket = self._claims.get(attendee_id)
        if socket is None or socket.closed:
            return False
        answered = self._presence.setdefault(attendee_id, asyncio.Event())
        try:
            await socket.send_json({"type": "are_you_there"})
            await asyncio.wait_for(answered.wait(), PRESENCE_WAIT)
            return True
        except (TimeoutError, ConnectionError, RuntimeError):
            pass
        finally:
            self._presence.pop(attendee_id, None)
        log.warning("the connection of %s did not answer: its new connection replaces it",
                    attendee_id)
        await self._let_go(attendee_id, socket, code=4002, reason=b"replaced")
        return False

    async def _let_go(self, attendee_id: str, socket: web.WebSocketResponse, code: int,
                      reason: bytes) -> None:
        """Close a link's connection now: its socket, its call and its media."""
        old_peer = self.hub.peers.get(attendee_id) if self.sockets.get(attendee_id) is \
            socket else None
        if self._claims.get(attendee_id) is socket:
            del self._claims[attendee_id]
        if self.sockets.get(attendee_id) is socket:
            del self.sockets[attendee_id]
        echo = self._echo.pop(attendee_id, None)
        if echo is not None:
            await echo.close()
        closing = asyncio.ensure_future(socket.close(code=code, message=reason))
        self._tasks.add(closing)  # closing a dead connection waits for its time-out
        closing.add_done_callback(self._tasks.discard)
        if old_peer is not None:
            await self.hub.drop_peer(attendee_id, old_peer)

    async def withdraw(self, token: str, attendee_id: str) -> None:
        """A participant's link withdrawn by the chair: whatever it has open goes now."""
        self._withdrawn.add(token)
        socket = self._claims.get(attendee_id) or self.sockets.get(attendee_id)
        if socket is not None:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await socket.send_str(error("The chair has withdrawn this link.", fatal=True))
            await self._let_go(attendee_id, socket, code=4001, reason=b"withdrawn")
        peer = self.hub.peers.get(attendee_id)
        if peer is not None:  # a call whose socket already went
            await self.hub.drop_peer(attendee_id, peer)
        for listener in list(self.withdrawn_listeners):
            listener(attendee_id)

    async def _handle(self, attendee_id: str, name: str, socket: web.WebSocketResponse,
                      peer: RemotePeer | None, message: SignallingMessage
                      ) -> RemotePeer | None:
        match message:
            case Bare(kind="ping"):
                await socket.send_json({"type": "pong"})
            case Bare(kind="here"):
                if attendee_id in self._presence and self._claims.get(attendee_id) is socket:
                    self._presence[attendee_id].set()
            case Bare(kind="test"):
                await self._test_call(attendee_id, socket, peer)
            case Bare(kind="leave"):
                await socket.close()
            case DeviceCheck():
                results = [CheckResult[part.upper()] for part in
                           (message.camera, message.microphone, message.connection)]
                camera, microphone, connection = results
                self.hub.port.record_technology_check(attendee_id, camera, microphone,
                                                      connection, message.note,
                                                      actor=name or "join page")
                await socket.send_json({"type": "test_recorded"})
            case Offer() if attendee_id in self._echo:
                answer = await _answer(attendee_id, self._echo[attendee_id].answer,
                                       message.sdp)
                await socket.send_json({"type": "answer", "sdp": answer})
            case Join():
                if peer is not None:
                    raise SignallingError("already joined")
                peer = await self._join(attendee_id, name, socket, message.video)
            case Offer():
                if peer is None:
                    raise SignallingError("send 'join' before 'offer'")
                answer = await _answer(attendee_id, peer.answer, message.sdp)
                await socket.send_json({"type": "answer", "sdp": answer})
                self.hub.assign_video()
            case Switch(kind="captions"):
                (self.captions_off.discard if message.on else self.captions_off.add)(attendee_id)
            case Switch():
                if peer is None or self.hub.peers.get(attendee_id) is not peer:
                    raise SignallingError(f"send 'join' before '{message.kind}'")
                if message.kind == "mute":
                    peer.muted = message.on
                else:
                    peer.hand_raised = message.on
                self.hub.peer_changed(attendee_id)
        return peer

    async def _join(self, attendee_id: str, name: str, socket: web.WebSocketResponse,
                    video: bool) -> RemotePeer:
        mode = AttendanceMode.VIDEO if video else AttendanceMode.PHONE
        policy = self.hub.policy
        returning = attendee_id in policy.in_meeting or attendee_id in policy.excluded
        if not returning:
            self.hub.port.arrive_remotely(attendee_id, mode)
        if self._claims.get(attendee_id) is not socket:
            raise SignallingError("this link is now used by another connection")
        earlier = self.hub.peers.get(attendee_id)
        if earlier is not None:  # never two calls for one link
            await self.hub.drop_peer(attendee_id, earlier)
        peer = self.hub.add_peer(attendee_id, name, audio_only=mode is AttendanceMode.PHONE)
        self.sockets[attendee_id] = socket
        await socket.send_json(self.state_message(attendee_id))
        return peer

    async def _test_call(self, attendee_id: str, socket: web.WebSocketResponse,
                         peer: RemotePeer | None) -> None:
        """A set-up check: their own voice comes back; nothing reaches the meeting."""
        if peer is not None or attendee_id in self._echo:
            raise SignallingError("a test call cannot start from inside the meeting")
        self._echo[attendee_id] = EchoPeer(self.hub.ice_servers_for(attendee_id))
        await socket.send_json({"type": "test_ready"})

    def echo_video_frames(self, attendee_id: str) -> int:
        echo = self._echo.get(attendee_id)
        return echo.video_frames if echo is not None else 0
