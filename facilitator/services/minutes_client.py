"""The minute-taker's side: a replica of the chair's conference, and an outbox on disk.

Edits are written to the outbox before they are sent, sent one at a time in order, and
removed only when the chair's app acknowledges them as durable. While offline the
minute-taker keeps working; on reconnect the outbox drains in order.
"""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp

from ..domain import events as ev
from ..domain.codec import event_from_record

log = logging.getLogger(__name__)


class LinkError(ValueError):
    """A minute-taker link that cannot be used; the message says why."""


@dataclass(frozen=True)
class MinutesLink:
    base_url: str  # https://host:port, or https://host/c/<slug> on a hub server
    token: str
    fingerprint: str | None  # sha256 of the chair's certificate, pinned

    @classmethod
    def parse(cls, text: str) -> MinutesLink:
        parts = urlsplit(text.strip())
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise LinkError("a minute-taker link starts with https://")
        fields = parse_qs(parts.fragment)
        token = (fields.get("token") or [""])[0]
        if len(token) < 20:
            raise LinkError("this minute-taker link has no valid token")
        pins = fields.get("sha256") or []
        # on a hub server the conference lives under a path: /c/<slug>/minutes
        path = parts.path.rstrip("/").removesuffix("/minutes")
        return cls(f"{parts.scheme}://{parts.netloc}{path}", token, pins[0] if pins else None)

    def format(self) -> str:
        extra = f"&sha256={self.fingerprint}" if self.fingerprint else ""
        return f"{self.base_url}/minutes#token={self.token}{extra}"


class SeatConnection(Enum):
    CONNECTING = "connecting"
    LIVE = "connected"
    OFFLINE = "offline"
    REFUSED = "refused"


@dataclass(frozen=True)
class SeatStatus:
    connection: SeatConnection
    pending: int
    message: str = ""

    def text(self) -> str:
        if self.connection is SeatConnection.REFUSED:
            return f"Not connected: {self.message}"
        if self.pending == 0 and self.connection is SeatConnection.LIVE:
            return "All edits saved to the chair"
        waiting = f"{self.pending} edit{'s' if self.pending != 1 else ''} waiting"
        if self.connection is SeatConnection.LIVE:
            return f"{waiting}, sending…"
        return f"{waiting} (offline: they are kept on this computer)"


class Outbox:
    """Commands not yet acknowledged, on disk, in order (encrypted: they hold the minutes)."""

    def __init__(self, path: Path) -> None:
        from .database import connect
        from .log_guard import GuardedDatabase

        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.db = GuardedDatabase(connect(path, check_same_thread=False))
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        if not self.db["pending"].exists():
            self.db["pending"].create(  # type: ignore[union-attr]
                {"seq": int, "id": str, "name": str, "args": str}, pk="seq")
        self.db.guard_log(path)  # an edit is acknowledged once it is in a linked file

    def add(self, name: str, args: dict[str, Any], command_id: str | None = None) -> str:
        """Written (and on disk) before this returns; its id (a new one unless given)."""
        command_id = command_id or uuid.uuid4().hex
        with self._lock, self.db.atomic():
            self.db.execute("INSERT INTO pending (id, name, args) VALUES (?, ?, ?)",
                            [command_id, name, json.dumps(args)])
        return command_id

    def first(self) -> tuple[str, str, dict[str, Any]] | None:
        with self._lock:
            row = self.db.execute(
                "SELECT id, name, args FROM pending ORDER BY seq LIMIT 1").fetchone()
        return (row[0], row[1], json.loads(row[2])) if row else None

    def remove(self, command_id: str) -> None:
        with self._lock, self.db.atomic():
            self.db.execute("DELETE FROM pending WHERE id = ?", [command_id])

    def count(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT count(*) FROM pending").fetchone()[0])

    def pending(self) -> list[tuple[str, str, dict[str, Any]]]:
        with self._lock:
            rows = self.db.execute("SELECT id, name, args FROM pending ORDER BY seq").fetchall()
        return [(r[0], r[1], json.loads(r[2])) for r in rows]


EventHandler = Callable[[int, ev.Event], None]
StatusHandler = Callable[[SeatStatus], None]
ResultHandler = Callable[[str, str, dict[str, Any], dict[str, Any]], None]


class MinutesClient:
    """Runs in an asyncio loop; callbacks are called in that loop (the GUI marshals them)."""

    def __init__(self, link: MinutesLink, outbox: Outbox, on_event: EventHandler,
                 on_status: StatusHandler, on_result: ResultHandler) -> None:
        self.link = link
        self.outbox = outbox
        self.on_event = on_event
        self.on_status = on_status
        self.on_result = on_result
        self.last_number = 0
        self.connection = SeatConnection.CONNECTING
        self._wake = asyncio.Event()
        self._stopped = False
        self._replies: dict[str, asyncio.Future[dict[str, Any]]] = {}

    def _ssl(self) -> ssl.SSLContext | bool:
        if not self.link.base_url.startswith("https"):
            return False
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # self-signed: checked by its pinned fingerprint
        return context

    def _status(self, message: str = "") -> None:
        self.on_status(SeatStatus(self.connection, self.outbox.count(), message))

    def kick(self) -> None:
        """Something was added to the outbox (call in the client's loop)."""
        self._wake.set()
        self._status()

    async def run(self) -> None:
        delay = 0.5
        while not self._stopped:
            try:
                await self._session()
                delay = 0.5
            except _Refused as refused:
                self.connection = SeatConnection.REFUSED
                self._status(str(refused))
                return
            except (TimeoutError, aiohttp.ClientError, OSError) as dropped:
                log.info("minute-taker connection dropped: %s", dropped)
            if self._stopped:
                return
            self.connection = SeatConnection.OFFLINE
            self._status()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    def stop(self) -> None:
        self._stopped = True
        self._wake.set()

    async def _session(self) -> None:
        url = self.link.base_url.replace("http", "ws", 1) + f"/minutes/ws?token={self.link.token}"
        async with aiohttp.ClientSession() as client, client.ws_connect(
            url, ssl=self._ssl(), heartbeat=10, max_msg_size=0
        ) as socket:
            self._check_pin(socket)
            await socket.send_json({"type": "hello", "since": self.last_number})
            reader: asyncio.Future[Any] = asyncio.ensure_future(self._read(socket))
            try:
                await self._send_outbox(socket, reader)
            finally:
                reader.cancel()
                for future in self._replies.values():
                    future.cancel()
                self._replies.clear()

    def _check_pin(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        if self.link.fingerprint is None:
            return
        transport = socket.get_extra_info("ssl_object")
        der = transport.getpeercert(binary_form=True) if transport else None
        import hashlib
        if der is None or hashlib.sha256(der).hexdigest() != self.link.fingerprint:
            raise _Refused("the chair's certificate does not match the link (not the chair's "
                           "computer?)")

    async def _read(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        async for message in socket:
            if message.type is not aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            kind = data.get("type")
            if kind == "event":
                number = int(data["number"])
                if number == self.last_number + 1:
                    self.last_number = number
                    self.on_event(number, event_from_record(data["event_type"], data["payload"]))
            elif kind == "live":
                self.connection = SeatConnection.LIVE
                self._status()
                self._wake.set()
            elif kind in ("ack", "conflict", "refused") and data.get("id") in self._replies:
                self._replies.pop(data["id"]).set_result(data)
            elif kind == "refused":
                raise _Refused(str(data.get("message", "refused")))
        raise aiohttp.ClientConnectionError("the chair's app closed the connection")

    async def _send_outbox(self, socket: aiohttp.ClientWebSocketResponse,
                           reader: asyncio.Future[Any]) -> None:
        while not self._stopped:
            if reader.done():
                reader.result()  # raises why the connection ended
            item = self.outbox.first() if self.connection is SeatConnection.LIVE else None
            if item is None:
                self._wake.clear()
                waiter: asyncio.Future[Any] = asyncio.ensure_future(self._wake.wait())
                await asyncio.wait([waiter, reader], return_when=asyncio.FIRST_COMPLETED)
                waiter.cancel()
                continue
            command_id, name, args = item
            reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
            self._replies[command_id] = reply
            await socket.send_json({"type": "command", "id": command_id, "name": name,
                                    "args": args})
            await asyncio.wait([reply, reader], return_when=asyncio.FIRST_COMPLETED)
            if not reply.done():
                continue  # the connection ended; the command stays in the outbox
            self.outbox.remove(command_id)
            self._status()
            self.on_result(command_id, name, args, reply.result())


class _Refused(Exception):
    pass
