"""`facilitator server` SIGKILLed after it stored a call of the chair's window but before the
window had its answer: started again, the call sent again (same id, as the window's outbox
does) is answered with the first answer and not applied twice. Also: the window's channel
reaches a conference through the server's front door (`/c/<slug>/chair/ws`)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp

from facilitator.domain.clock import SystemClock
from facilitator.services.chair_link import ChairLink
from facilitator.services.database import open_database
from facilitator.services.rtc.media_loop import new_media_loop
from facilitator.services.store import EventStore

from ..rtc.harness import prepared_conference
from .hosting import insecure
from .server_process import ServerProcess, facilitator
from .test_host_process import free_port

TEXT = "Said once, stored once, even across a crash."
CALL = {"type": "call", "id": "crash-call-1", "use_case": "add_note",
        "args": {"speaker_id": None, "text": TEXT, "editor": "chair"}}


async def channel(link: ChairLink, until: str) -> dict[str, Any]:
    """Open the chair's channel, catch up, send CALL; the first message of type `until`."""
    url = link.base_url.replace("https", "wss", 1) + "/chair/ws"
    headers = {"Authorization": f"Bearer {link.token}"}
    async with aiohttp.ClientSession() as client, client.ws_connect(
            url, headers=headers, ssl=insecure()) as socket:
        await socket.send_json({"type": "hello", "since": 0})
        live = False
        async for message in socket:
            data = json.loads(message.data)
            if data["type"] == "live" and not live:
                live = True
                await socket.send_json(CALL)
            elif live and data["type"] == until:
                return dict(data)
    raise AssertionError("the channel closed")


def notes(db: Path, conference_id: str) -> list[int]:
    store = EventStore(open_database(db))
    try:
        log = store.load(conference_id).log
    finally:
        store.db.close()
    return [n for n, e in enumerate(log, start=1) if getattr(e, "text", "") == TEXT]


def test_a_call_stored_before_a_sigkill_is_answered_once_after_the_restart(
        tmp_path: Path) -> None:
    db = tmp_path / "server.sqlite3"
    conference_id = prepared_conference(db, SystemClock())
    port = free_port()
    server = ServerProcess(db, port, "--shard", "k")
    try:
        link = ChairLink.parse(facilitator(db, "server-link", conference_id))
        with asyncio.Runner(loop_factory=new_media_loop) as runner:
            # the event is stored (it is on the feed only once on disk): killed at once,
            # before the window reads the answer
            stored = runner.run(channel(link, "event"))
            server.kill()
        assert stored["event_type"] == "UtteranceRecorded"
        assert notes(db, conference_id) == [stored["number"]]

        server = ServerProcess(db, port, "--shard", "k")
        with asyncio.Runner(loop_factory=new_media_loop) as runner:
            answer = runner.run(channel(link, "done"))
        assert answer == {"type": "done", "id": CALL["id"], "numbers": [stored["number"]]}
        assert notes(db, conference_id) == [stored["number"]], "applied twice"
        print(f"stored as event {stored['number']}, SIGKILLed, restarted: the call sent again "
              f"was answered {answer['numbers']} and applied once")
    finally:
        assert server.stop() in (0, -9)
