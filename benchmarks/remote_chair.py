"""The chair's window on a remote hub, over the chair's channel on loopback (HTTPS, pinned):
opening (connect and receive the log), a use case's round trip (call -> events stored ->
answer), and a drop: from the network coming back to the queued calls answered.

The hub and the client share this process's loop (two cores shared with other work): the
figures are the channel's own cost, not a real network's."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from facilitator.cli import demo_data
from facilitator.domain.clock import SystemClock
from facilitator.meeting.remote_client import ChairChannelClient, Connection
from facilitator.meeting.runtime import MeetingOptions, MeetingRuntime
from facilitator.meeting.settings import ServeSettings
from facilitator.meeting.use_case_codec import encode_call
from facilitator.services.chair_link import ChairLink
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore
from tests.tcp_proxy import TcpProxy

ROUNDS = 200
LOG_LINES = 3000


async def until(condition: Any, timeout: float = 30.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError
        await asyncio.sleep(0.001)


async def main(folder: Path) -> None:
    db_path = folder / "hub.sqlite3"
    store = EventStore(open_database(db_path))
    clock = SystemClock()
    conference = store.create(build_conference(demo_data(clock.now()), clock.now()))
    store.db.close()
    runtime = await MeetingRuntime(db_path, conference.id, clock, MeetingOptions(
        serve=ServeSettings(port=0), transcription=False, room_microphone=False,
        certificate_dir=folder / "certs")).start()
    meeting = runtime.api
    meeting.start_meeting()
    for n in range(LOG_LINES):
        meeting.add_note(None, f"line {n} of a long meeting's transcript", "chair")
    running = runtime.server
    assert running is not None
    proxy = await TcpProxy(int(running.url.rsplit(":", 1)[1])).start()
    link = ChairLink(f"https://127.0.0.1:{proxy.port}", running.chair_token,
                     running.server.fingerprint)
    answered: dict[str, float] = {}
    events = [0]

    def on_event(number: int, event: Any) -> None:
        events[0] = number

    def on_reply(call_id: str, reply: dict[str, Any]) -> None:
        assert reply["type"] == "done", reply
        answered[call_id] = time.perf_counter()

    client = ChairChannelClient(link, 0, on_event, lambda data: None, lambda status: None,
                                on_reply)
    start = time.perf_counter()
    task = asyncio.ensure_future(client.run())
    await until(lambda: client.connection is Connection.LIVE)
    opened = time.perf_counter() - start
    log_size = events[0]

    round_trips = []
    for n in range(ROUNDS):
        call_id = uuid.uuid4().hex
        start = time.perf_counter()
        client.send(call_id, {"type": "call", **encode_call(
            "add_note", (None, f"remote line {n}", "chair"), {})})
        await until(lambda call_id=call_id: call_id in answered)
        round_trips.append((answered[call_id] - start) * 1000)

    reconnects = []
    for _ in range(5):
        await proxy.cut()
        await until(lambda: client.connection is not Connection.LIVE)
        queued = []
        for n in range(2):
            call_id = uuid.uuid4().hex
            queued.append(call_id)
            client.send(call_id, {"type": "call", **encode_call(
                "add_note", (None, f"queued {n}", "chair"), {})})
        await asyncio.sleep(1.0)  # a one-second drop
        back = time.perf_counter()
        await proxy.restore()
        await until(lambda queued=queued: all(q in answered for q in queued))
        reconnects.append((time.perf_counter() - back) * 1000)

    client.stop()
    task.cancel()
    await proxy.cut()
    await runtime.stop()
    print(f"open: connect + catch-up of {log_size} events: {opened * 1000:.0f} ms")
    print(f"use case round trip (add_note, {ROUNDS}): median "
          f"{statistics.median(round_trips):.1f} ms, p95 "
          f"{statistics.quantiles(round_trips, n=20)[18]:.1f} ms")
    print(f"1 s drop, 2 calls queued: network back -> both answered: median "
          f"{statistics.median(reconnects):.0f} ms, max {max(reconnects):.0f} ms "
          f"(retries after 0.25 s, doubling to 1 s)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        from facilitator.services.rtc.media_loop import new_media_loop

        with asyncio.Runner(loop_factory=new_media_loop) as runner:
            runner.run(main(Path(folder)))
