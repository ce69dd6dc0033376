"""Minute-taker seat latency on loopback (target under 200 ms for both):
an utterance finalised at the chair's app -> in the minute-taker's replica, and
an edit sent by the minute-taker -> acknowledged as durable by the chair's app."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from facilitator.cli import demo_data
from facilitator.domain.clock import SystemClock
from facilitator.domain.events import Event, UtteranceRecorded
from facilitator.domain.transcript import UtteranceSource
from facilitator.meeting.runtime import MeetingOptions, MeetingRuntime
from facilitator.meeting.settings import ServeSettings
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.minutes_client import MinutesClient, MinutesLink, Outbox
from facilitator.services.store import EventStore

ROUNDS = 100


async def main(folder: Path) -> None:
    db_path = folder / "chair.sqlite3"
    store = EventStore(open_database(db_path))
    clock = SystemClock()
    conference = store.create(build_conference(demo_data(clock.now()), clock.now()))
    store.db.close()
    # the chair's app as the window and `serve --headless` compose it, in this loop
    runtime = await MeetingRuntime(db_path, conference.id, clock, MeetingOptions(
        serve=ServeSettings(port=0), transcription=False, room_microphone=False,
        certificate_dir=folder / "certs")).start()
    meeting = runtime.api
    meeting.start_meeting()
    minute_taker = runtime.minute_taker_link()
    assert minute_taker is not None, "the demo conference has no minute-taker"
    link = MinutesLink.parse(minute_taker)
    arrived: dict[str, float] = {}
    acked: dict[str, float] = {}

    def on_event(number: int, event: Event) -> None:
        if isinstance(event, UtteranceRecorded):
            arrived[event.utterance_id] = time.perf_counter()

    def on_result(command_id: str, name: str, args: dict[str, Any], reply: Any) -> None:
        acked[command_id] = time.perf_counter()

    outbox = Outbox(folder / "outbox.sqlite3")
    client = MinutesClient(link, outbox, on_event, lambda status: None, on_result)
    task = asyncio.ensure_future(client.run())
    while client.connection.value != "connected":
        await asyncio.sleep(0.01)
    to_replica, to_ack = [], []
    for n in range(ROUNDS):
        now = clock.now()
        start = time.perf_counter()
        utterance_id = meeting.record_recognised_line(None, UtteranceSource.ROOM, now, now,
                                                      f"line {n}", 0.9)
        assert utterance_id is not None
        while utterance_id not in arrived:
            await asyncio.sleep(0.001)
        to_replica.append((arrived[utterance_id] - start) * 1000)
        start = time.perf_counter()
        command_id = outbox.add("edit_utterance", {"utterance_id": utterance_id,
                                                   "text": f"line {n}, edited",
                                                   "base_version": 1})
        client.kick()
        while command_id not in acked:
            await asyncio.sleep(0.001)
        to_ack.append((acked[command_id] - start) * 1000)
    client.stop()
    task.cancel()
    await runtime.stop()
    for name, values in (("utterance -> minute-taker", to_replica),
                         ("edit -> acknowledged (durable)", to_ack)):
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"{name:<32} median {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms "
              f"(target < 200 ms, {ROUNDS} rounds)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(main(Path(folder)))
