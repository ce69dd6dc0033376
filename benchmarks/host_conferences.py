"""A hub server's cost per conference: CPU and memory of `facilitator server` with K
conferences running, each with P remote people on audio (aiortc peers sending a tone).

The server is its own process (a temporary database of K fictional conferences, TLS,
transcription off); the peers run in this process on the media loop, so their Opus encoding
and decoding is not counted against the server. For each K in turn, another conference is
started on demand (its people join through the server's front door and are admitted by its
chair's API), then, after a settling second, over a steady window:

  server CPU s/s   utime+stime of the server process / wall seconds
  RSS MiB          the server's resident memory
  start ms         the first request of the new conference (its join page): the on-demand
                   start of its runtime included

    .venv/bin/python benchmarks/host_conferences.py                 # K = 1..4, P = 4
    .venv/bin/python benchmarks/host_conferences.py --conferences 6 --people 3 --window 10

Video is not sent here (benchmarks/rtc_hub.py measures one hub's video forwarding: 0.10-0.20
core for 2 video peers, 0.64-0.87 for 12); a conference's video adds that on top.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.rtc_common import cpu_seconds  # noqa: E402
from facilitator.domain.clock import SystemClock  # noqa: E402
from facilitator.services.chair_link import ChairLink  # noqa: E402
from facilitator.services.rtc.media_loop import new_media_loop  # noqa: E402
from tests.meeting.hosting import HostedConference, get  # noqa: E402
from tests.meeting.server_process import ServerProcess, facilitator  # noqa: E402
from tests.meeting.test_host_process import free_port  # noqa: E402
from tests.rtc.harness import prepared_conference  # noqa: E402
from tests.rtc.peers import Peer  # noqa: E402

NAMES = ("Jade Thornbury", "Liam Ashcombe", "DC Tom Reddaway", "Priya Okonedo")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def measure(server: ServerProcess, conferences: list[HostedConference], people: int,
                  window: float) -> None:
    pid = server.process.pid
    peers: list[Peer] = []
    print(f"{'K':>3} {'people':>6} {'start ms':>9} {'server CPU s/s':>15} {'RSS MiB':>8}")
    base_cpu, began = cpu_seconds(pid), time.monotonic()
    await asyncio.sleep(window)
    idle = (cpu_seconds(pid) - base_cpu) / (time.monotonic() - began)
    print(f"{0:>3} {0:>6} {'':>9} {idle:>15.3f} {rss_mib(pid):>8.1f}")
    for k, conference in enumerate(conferences, start=1):
        started = time.perf_counter()
        status, _ = await get(f"{conference.base_url}/join/{conference.token(NAMES[0])}")
        start_ms = (time.perf_counter() - started) * 1000
        assert status == 200
        mine = [conference.peer(NAMES[i % len(NAMES)], 300.0 + 150 * i)
                for i in range(people)]
        await conference.join_and_admit(*mine)
        peers += mine
        await asyncio.sleep(1.0)
        base_cpu, began = cpu_seconds(pid), time.monotonic()
        await asyncio.sleep(window)
        used = (cpu_seconds(pid) - base_cpu) / (time.monotonic() - began)
        print(f"{k:>3} {k * people:>6} {start_ms:>9.0f} {used:>15.3f} {rss_mib(pid):>8.1f}",
              flush=True)
    for peer in peers:
        await peer.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conferences", type=int, default=4)
    parser.add_argument("--people", type=int, default=4, help="per conference, at most 4")
    parser.add_argument("--window", type=float, default=8.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="host-bench-") as folder:
        db = Path(folder) / "server.sqlite3"
        ids = [prepared_conference(db, SystemClock()) for _ in range(args.conferences)]
        server = ServerProcess(db, free_port())
        try:
            conferences = [HostedConference(cid, ChairLink.parse(
                facilitator(db, "server-link", cid)).base_url, db) for cid in ids]
            with asyncio.Runner(loop_factory=new_media_loop) as runner:
                runner.run(measure(server, conferences, min(args.people, len(NAMES)),
                                   args.window))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
