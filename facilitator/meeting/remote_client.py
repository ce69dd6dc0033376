"""The chair's side of the chair's channel (`chair_channel.py`): a meeting on a remote hub.

Modelled on the minute-taker's seat (`services/minutes_client.py`): it connects with the
chair's link, the hub's certificate pinned (checked before the token is sent: aiohttp's
`Fingerprint`), asks for the log from the last event number it has, then follows the feed.
Calls wait in an outbox, in order, each with its own id, and are sent (again) whenever the
channel is live; each leaves the outbox only when answered, and the hub answers an id it has
seen with its first answer (from its database after a restart), so nothing is applied twice.
The window writes each call to a file (`outbox_path`, an `Outbox` as the minute-taker's) before
it is queued, and it is removed once answered: calls left there when the window closed are
sent when the conference is opened again. A short drop is ridden out: it
reconnects (after 0.25 s, doubling to 1 s), catches up from its last event number and sends what
waits; after `OFFLINE_AFTER` (30 s) the chair is told it is not connected, and it keeps
trying every 3 s. A link the hub refuses (wrong token) or a certificate that does not match is not
retried.

Runs in an asyncio loop (the window's network thread); callbacks are called in that loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import ssl
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import aiohttp
import platformdirs

from ..domain import events as ev
from ..domain.codec import event_from_record
from ..domain.errors import DomainError, EditConflict, OverrideRequired, SummaryConflict
from ..domain.interim import InterimRequired
from ..services.chair_link import ChairLink, ChairLinkError
from ..services.database import APP_NAME
from ..services.minutes_client import Outbox

log = logging.getLogger(__name__)
OFFLINE_AFTER = 30.0  # seconds of reconnecting before the chair is told it is not connected
WRONG_CERTIFICATE = ("The hub's certificate does not match the chair link: this may not be "
                     "the council's hub. Not connected; ask for a new link.")


class Connection(Enum):
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"  # reconnecting for longer than a short drop: still trying
    REFUSED = "refused"
    CLOSED = "closed"


@dataclass(frozen=True)
class ConnectionStatus:
    connection: Connection
    waiting: int  # calls not yet answered
    message: str = ""

    def text(self) -> str:
        if self.connection is Connection.LIVE:
            return "Connected to hub" + (f" (sending {self.waiting})" if self.waiting else "")
        if self.connection in (Connection.CONNECTING, Connection.RECONNECTING):
            word = "Connecting" if self.connection is Connection.CONNECTING else "Reconnecting"
            return f"{word}... (commands waiting: {self.waiting})"
        if self.connection is Connection.OFFLINE:
            return ("Not connected: the hub cannot be reached; still trying "
                    f"(commands waiting: {self.waiting})")
        return "Not connected" + (f": {self.message}" if self.message else "")


def parse_chair_link(text: str) -> ChairLink:
    """A chair link, with its token after `#chair=` (as `facilitator server-link` prints it)
    or in the query (`?chair=`), and the certificate's `sha256` in the fragment."""
    from urllib.parse import parse_qs, urlsplit, urlunsplit

    parts = urlsplit(text.strip())
    query = parse_qs(parts.query)
    if "chair" in query:
        fragment = f"chair={query['chair'][0]}" + (f"&{parts.fragment}" if parts.fragment
                                                   else "")
        text = urlunsplit((parts.scheme, parts.netloc, parts.path, "", fragment))
    return ChairLink.parse(text)


def outbox_path(link: ChairLink, data_dir: Path | None = None) -> Path:
    """Where the window keeps the calls of one conference not yet answered: the user's data
    folder, one file per conference (by its address on the hub, never its name)."""
    folder = data_dir or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    digest = hashlib.sha256(link.base_url.encode()).hexdigest()[:20]
    return folder / "chair-outbox" / f"{digest}.sqlite3"


def call_message(call_id: str, use_case: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"type": "call", "use_case": use_case, "args": args, "id": call_id}


def refusal_error(reply: dict[str, Any]) -> DomainError:
    """The hub's refusal as the exception the use case raised there."""
    message = str(reply.get("message", "refused"))
    match reply.get("kind"):
        case "OverrideRequired":
            return OverrideRequired(message, float(reply.get("protected_minutes", 0)),
                                    float(reply.get("needed_minutes", 0)))
        case "InterimRequired":
            return InterimRequired(message, str(reply.get("quorum_reason", "")),
                                   date.fromisoformat(str(reply["relist_due"])))
        case "SummaryConflict":
            return SummaryConflict(message, str(reply.get("current_text", "")),
                                   int(reply.get("current_version", 0)), ())
        case "EditConflict":
            return EditConflict(message, str(reply.get("current_text", "")),
                                int(reply.get("current_version", 0)))
    return DomainError(message)


def link_ssl(link: ChairLink) -> ssl.SSLContext | aiohttp.Fingerprint | bool:
    """How a chair link's hub is checked: its certificate pinned by the link's fingerprint
    (checked in the TLS handshake, before the token is sent), or one the computer trusts."""
    if not link.base_url.startswith("https"):
        return False
    if link.fingerprint:
        try:
            return aiohttp.Fingerprint(bytes.fromhex(link.fingerprint))
        except ValueError:
            raise ChairLinkError("the chair link's certificate fingerprint is not valid"
                                 ) from None
    return ssl.create_default_context()  # a certificate from an authority: checked


EventHandler = Callable[[int, ev.Event], None]
MessageHandler = Callable[[dict[str, Any]], None]
StatusHandler = Callable[[ConnectionStatus], None]
ReplyHandler = Callable[[str, dict[str, Any]], None]


class _Refused(Exception):
    pass


class _Resync(Exception):
    pass


class ChairChannelClient:
    def __init__(self, link: ChairLink, since: int, on_event: EventHandler,
                 on_message: MessageHandler, on_status: StatusHandler,
                 on_reply: ReplyHandler, stored: Outbox | None = None) -> None:
        """`stored`: the calls on disk (written before they are queued here, removed once
        answered); those left from before (the window closed offline) are sent first."""
        self.link = link
        self.last_number = since
        self.on_event = on_event
        self.on_message = on_message  # welcome, notice, partial, speech, hub_result
        self.on_status = on_status
        self.on_reply = on_reply
        self.connection = Connection.CONNECTING
        self.outbox: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.stored = stored
        for call_id, use_case, args in stored.pending() if stored is not None else ():
            self.outbox[call_id] = call_message(call_id, use_case, args)
        self.connections = 0  # sessions opened (the tests count reconnections)
        self.offline_after = OFFLINE_AFTER
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._stopped = False
        self._tasks: set[asyncio.Future[Any]] = set()

    # ---- in the client's loop -------------------------------------------------------------
    def send(self, call_id: str, message: dict[str, Any]) -> None:
        """Queue a call (or a hub request) and send it now if the channel is live."""
        self.outbox[call_id] = {**message, "id": call_id}
        self._status()
        if self.connection is Connection.LIVE and self._socket is not None:
            self._later(self._send(self._socket, self.outbox[call_id]))

    def _later(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _status(self, message: str = "") -> None:
        self.on_status(ConnectionStatus(self.connection, len(self.outbox), message))

    def stop(self) -> None:
        self._stopped = True
        self.connection = Connection.CLOSED
        if self._socket is not None:
            self._later(self._socket.close())

    async def run(self) -> None:
        delay = 0.25
        loop = asyncio.get_running_loop()
        dropped_at = loop.time()
        while not self._stopped:
            try:
                await self._session()
                delay = 0.25
            except _Refused as refused:
                self.connection = Connection.REFUSED
                self._status(str(refused))
                return
            except aiohttp.ServerFingerprintMismatch:
                self.connection = Connection.REFUSED
                self._status(WRONG_CERTIFICATE)
                return
            except (_Resync, TimeoutError, aiohttp.ClientError, OSError, ValueError) as dropped:
                log.info("chair's channel dropped: %s", dropped)
            self._socket = None
            if self._stopped:
                break
            if self.connection is Connection.LIVE:
                delay, dropped_at = 0.25, loop.time()
            long = loop.time() - dropped_at >= self.offline_after
            state = Connection.OFFLINE if long else Connection.RECONNECTING
            if state is not self.connection:
                self.connection = state
                self._status()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 3.0 if long else 1.0)  # a short drop: at least every 1 s
        self.connection = Connection.CLOSED
        self._status()

    def _ssl(self) -> ssl.SSLContext | aiohttp.Fingerprint | bool:
        return link_ssl(self.link)

    @property
    def url(self) -> str:
        """The channel's address: under the conference's prefix when the link has one."""
        return self.link.base_url.replace("http", "ws", 1) + "/chair/ws"

    async def _session(self) -> None:
        url = self.url
        headers = {"Authorization": f"Bearer {self.link.token}"}
        async with aiohttp.ClientSession() as client, client.ws_connect(
            url, ssl=self._ssl(), headers=headers, heartbeat=4, max_msg_size=0,
            timeout=aiohttp.ClientWSTimeout(ws_close=2),
        ) as socket:
            self.connections += 1
            await socket.send_json({"type": "hello", "since": self.last_number})
            try:
                async for message in socket:
                    if message.type is not aiohttp.WSMsgType.TEXT:
                        continue
                    data = json.loads(message.data)
                    if self._received(data) == "live":
                        self._socket = socket
                        self.connection = Connection.LIVE
                        self._status()
                        for waiting in list(self.outbox.values()):  # in order, again
                            await self._send(socket, waiting)
            finally:
                self._socket = None
        if not self._stopped:
            raise aiohttp.ClientConnectionError("the hub closed the chair's channel")

    @staticmethod
    async def _send(socket: aiohttp.ClientWebSocketResponse, message: dict[str, Any]) -> None:
        if not socket.closed:
            # a drop is seen by the reader; the call stays in the outbox
            with contextlib.suppress(ConnectionError, RuntimeError):
                await socket.send_json(message)

    def _received(self, data: dict[str, Any]) -> str:
        kind = str(data.get("type"))
        if kind == "event":
            number = int(data["number"])
            if number == self.last_number + 1:
                self.last_number = number
                self.on_event(number, event_from_record(data["event_type"], data["payload"]))
            elif number > self.last_number + 1:
                raise _Resync(f"event {number} after {self.last_number}: catching up again")
        elif kind in ("done", "refused", "hub_result"):
            call_id = str(data.get("id"))
            if self.outbox.pop(call_id, None) is not None:
                if self.stored is not None and kind != "hub_result":
                    self.stored.remove(call_id)
                self._status()
                self.on_reply(call_id, data)
        elif kind == "unauthorised":
            raise _Refused(str(data.get("message", "the hub refused this chair link")))
        elif kind != "live":
            self.on_message(data)
        return kind
