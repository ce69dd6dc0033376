"""`facilitator server` as a council runs it: killed and started again, it loses nothing it
acknowledged, and every link it gave out still opens the same conference."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from facilitator.domain.clock import SystemClock
from facilitator.services.chair_link import ChairLink
from facilitator.services.database import open_database
from facilitator.services.rtc.media_loop import new_media_loop
from facilitator.services.store import EventStore

from ..rtc.harness import prepared_conference
from .hosting import insecure
from .server_process import ServerProcess, facilitator


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def post_notes(link: ChairLink, acknowledged: list[str]) -> None:
    """Typed lines, one after another, as fast as the server answers; those answered 200."""
    headers = {"Authorization": f"Bearer {link.token}"}
    async with aiohttp.ClientSession() as client:
        while True:
            text = "acknowledged line " + secrets.token_hex(6)
            body = {"name": "add_note", "args": {
                "utterance_id": secrets.token_hex(8), "text": text, "speaker_id": None,
                "at": datetime.now(UTC).isoformat()}}
            try:
                async with client.post(link.api("command"), json=body, headers=headers,
                                       ssl=insecure()) as response:
                    if response.status == 200:
                        acknowledged.append(text)
            except aiohttp.ClientError:
                return  # the server has gone


def test_killed_and_restarted_the_server_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db = tmp_path / "server.sqlite3"
    first, second = (prepared_conference(db, SystemClock()) for _ in range(2))
    port = free_port()
    server = ServerProcess(db, port, "--shard", "k")
    try:
        link = ChairLink.parse(facilitator(db, "server-link", first[:8]))
        assert link.base_url.startswith(f"https://127.0.0.1:{port}/c/k-")
        assert link.fingerprint and first not in link.base_url
        other = ChairLink.parse(facilitator(db, "server-link", second))
        assert other.base_url != link.base_url

        acknowledged: list[str] = []

        async def until_killed() -> None:
            posting = asyncio.ensure_future(post_notes(link, acknowledged))
            while len(acknowledged) < 10:
                await asyncio.sleep(0.05)
            server.kill()  # SIGKILL, mid-stream
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(posting, 10)
        with asyncio.Runner(loop_factory=new_media_loop) as runner:
            runner.run(until_killed())
        assert server.started() == [first]

        store = EventStore(open_database(db))
        stored = {u.text for u in store.load(first).utterances.values()}
        store.db.close()
        lost = [text for text in acknowledged if text not in stored]
        print(f"{len(acknowledged)} lines acknowledged before SIGKILL, {len(lost)} lost")
        assert not lost

        server = ServerProcess(db, port, "--shard", "k")
        assert ChairLink.parse(facilitator(db, "server-link", first)) == link, \
            "the chair's link changed when the server restarted"

        async def after() -> None:
            headers = {"Authorization": f"Bearer {link.token}"}
            async with aiohttp.ClientSession() as client, client.get(
                    link.api("state"), headers=headers, ssl=insecure()) as response:
                assert response.status == 200
        with asyncio.Runner(loop_factory=new_media_loop) as runner:
            runner.run(after())
        assert server.started() == [first]
    finally:
        assert server.stop() in (0, -9)
