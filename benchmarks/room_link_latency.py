"""Audio latency between the meeting room and a remote parent through a hub server.

A real `ConferenceHost` (`facilitator server`) on 127.0.0.1 with one conference; the chair's
computer's room link (`meeting/room_link_client.py`) joins it as the room, its sound devices
replaced at the `RoomAudio` boundary (so no sound card latency is counted: add the devices'
own, ~40-60 ms with RoomAudio's 40 ms jitter buffer and 50 ms device latency); a parent is a
real aiortc peer. Clicks (20 ms of 1 kHz) are sent every 0.6 s:

- room -> remote: from the moment the room's processed microphone hands a click to the link
  until the parent's decoded audio has it (link, hub mixer, Opus twice, two jitter buffers);
- remote -> room: from the parent's track producing the click until the room's loudspeaker
  frames (what `RoomAudio.push_output` is given) have it.

    nice -n 10 .venv/bin/python benchmarks/room_link_latency.py [--clicks 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiortc.mediastreams import MediaStreamError

from facilitator.meeting.room_link_client import RoomLinkClient, RoomLinkState
from facilitator.services.chair_link import ChairLink
from facilitator.services.rtc.media_loop import new_media_loop
from tests.meeting.hosting import JADE, running_host
from tests.rtc.peers import RATE, Peer, SpeechTrack

CLICK = (0.5 * np.sin(2 * np.pi * 1000 * np.arange(960) / RATE)).astype(np.float32)
LOUD = 0.05  # RMS of a frame with the click in it (the click's is 0.35)


class ClickRoom:
    """The room's sound at the RoomAudio boundary: silence with clicks, timed."""

    def __init__(self) -> None:
        self.on_frame: Any = lambda frame: None
        self.sent: list[float] = []
        self.heard: list[float] = []
        self.click_next = False

    def start(self) -> bool:
        return True

    def stop(self) -> None:
        return None

    def push_output(self, samples: np.ndarray) -> None:
        if float(np.sqrt(np.mean(np.square(samples)))) > LOUD:
            self.heard.append(time.monotonic())

    async def speak(self, clicks: int, every: float) -> None:
        start, tick = time.monotonic(), 0
        next_click = start + 1.0
        while len(self.sent) < clicks:
            now = time.monotonic()
            if now >= next_click:
                self.sent.append(now)
                self.on_frame(CLICK)
                next_click += every
            else:
                self.on_frame(np.zeros(960, np.float32))
            tick += 1
            await asyncio.sleep(max(0.0, start + tick * 0.02 - time.monotonic()))


class TimedPeer(Peer):
    heard_at: list[float]

    async def _read_audio(self, track: Any) -> None:
        try:
            while True:
                frame = await track.recv()
                pcm = frame.to_ndarray().reshape(-1, len(frame.layout.channels)).mean(axis=1)
                if float(np.sqrt(np.mean(np.square(pcm / 32768.0)))) > LOUD:
                    self.heard_at.append(time.monotonic())
        except MediaStreamError:
            return


def onsets(times: list[float], gap: float = 0.2) -> list[float]:
    """The first loud frame of each click."""
    result: list[float] = []
    for t in times:
        if not result or t - result[-1] > gap:
            result.append(t)
    return result


def latencies(sent: list[float], heard: list[float], window: float = 0.5) -> list[float]:
    found = []
    for s in sent:
        after = [h - s for h in heard if 0 <= h - s < window]
        if after:
            found.append(min(after))
    return found


def report(what: str, sent: list[float], heard: list[float]) -> None:
    values = sorted(latencies(sent, onsets(heard)))
    if not values:
        print(f"{what}: no click heard of {len(sent)}")
        return
    ms = [v * 1000 for v in values]
    print(f"{what}: {len(ms)}/{len(sent)} clicks heard, median {np.median(ms):.0f} ms, "
          f"p90 {np.percentile(ms, 90):.0f} ms, min {ms[0]:.0f}, max {ms[-1]:.0f}")


async def measure(clicks: int, every: float) -> None:
    with tempfile.TemporaryDirectory(prefix="room-link-") as workdir:
        async with running_host(Path(workdir), conferences=1) as (host, (conference,)):
            room = ClickRoom()
            link = ChairLink(conference.base_url, conference.chair_token(), host.fingerprint)
            client = RoomLinkClient(link, room)  # type: ignore[arg-type]
            running = asyncio.ensure_future(client.run())
            while client.state is not RoomLinkState.LINKED:
                await asyncio.sleep(0.05)
            voice = SpeechTrack()
            jade = TimedPeer(conference.base_url, conference.token(JADE), 440.0,
                             microphone=voice)
            jade.heard_at = []
            await conference.join_and_admit(jade)
            await asyncio.sleep(1.0)
            await room.speak(clicks, every)  # the room clicks; Jade listens
            await asyncio.sleep(0.5)
            parent_sent = []
            for _ in range(clicks):  # Jade clicks; the room listens (loop time: monotonic)
                done = voice.say((CLICK * 32767).astype(np.int16))
                parent_sent.append(done - 0.02)
                await asyncio.sleep(every)
            await asyncio.sleep(0.5)
            print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            report("room -> remote parent (through the hub server)", room.sent, jade.heard_at)
            report("remote parent -> room loudspeakers", parent_sent, room.heard)
            client.stop()
            await running
            await jade.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--every", type=float, default=0.6)
    args = parser.parse_args()
    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        runner.run(measure(args.clicks, args.every))
    return 0


if __name__ == "__main__":
    sys.exit(main())
