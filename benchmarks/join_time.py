"""Time for a parent to join: link opened -> hears the meeting, directly and through TURN.

Run as root: it builds the council's deployment in miniature with Linux network namespaces
(tests/netns/deployment.py, the same networks, coturn and hub as tests/netns): the parent at
home behind NAT, DC Tom Reddaway in the council's network speaking a steady tone (the meeting
to be heard), the hub (`serve --headless`) and coturn in the DMZ. The parent joins with
headless Chromium (the real join page) and with an aiortc peer, by each path:

  direct     the page as it comes: the council's TURN URLs offered, ICE free to choose
             (it goes direct: home -> NAT -> the hub's own address)
  turn-udp   relay only (iceTransportPolicy "relay"), through coturn over UDP 3478
  turn-tcp   relay only, over TCP 3478
  turns-443  relay only, over TLS on 443

Each sample is two joins with Jade Thornbury's link, as a parent would:
  first join  link opened (page.goto / the signalling socket opened) -> the waiting screen,
              -> first audio packet (the hub sends silence while waiting: the call is up;
              aiortc: its first decoded frame, after its jitter buffer),
              the chair admits (the benchmark's POST /api/admit, once the call is up)
              -> first audio with Tom in it (the page: inbound totalAudioEnergy rising, i.e.
              played out; aiortc: first decoded frame above RMS 0.01)
  rejoin      she closes the page and opens the link again (admitted before, so no chair):
              link opened -> hears Tom
then the chair sends her back to the waiting room for the next sample. The browser's join
button is clicked as soon as it is enabled: a person's reading and clicking is not counted.
The selected candidate pair of every join is checked against the path.

    sudo .venv/bin/python benchmarks/join_time.py                  # 6 samples per path (~4 min)
    sudo .venv/bin/python benchmarks/join_time.py --joins 10 --clients browser
    sudo .venv/bin/python benchmarks/join_time.py --quick          # 1 sample, 2 paths (< 60 s)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.netns.deployment import (  # noqa: E402
    TURN_URLS,
    Deployment,
    deployment,
    selected_pair,
    trusting,
)
from tests.netns.network import NamespacesUnavailable  # noqa: E402
from tests.rtc.peers import Peer  # noqa: E402
from tests.rtc.test_browser import BROWSER_TONE, chromium, tone_wav  # noqa: E402
from tests.rtc.test_hub_audio import A_TONE, C_TONE, JADE, TOM  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from turn_common import SELECTED, relay_only  # noqa: E402

PATHS = {"direct": None, "turn-udp": TURN_URLS[0], "turn-tcp": TURN_URLS[1],
         "turns-443": TURN_URLS[2]}
EXPECTED = {"direct": ("host", "prflx", "srflx"), "turn-udp": ("relay/udp",),
            "turn-tcp": ("relay/tcp",), "turns-443": ("relay/tls",)}
LOUD_RMS = 0.01  # Tom's 0.3 tone through the mix arrives near 0.2; the silence is ~0
PAGE_LOUD = 5e-5  # inbound totalAudioEnergy gained between two polls (10 ms of Tom ~5e-4)

# In the page before its own script: a 10 ms poller stamping (Date.now) the waiting screen,
# the first audio packet and the first audio played out with Tom in it.
POLLER = """
(() => {
  const j = window.__join = {};
  let busy = false, energy = null;
  setInterval(async () => {
    const now = Date.now();
    const shown = (id) => { const e = document.getElementById(id); return e && !e.hidden; };
    if (!j.waiting && shown('waiting')) j.waiting = now;
    const pc = window.facilitator && window.facilitator.pc;
    if (!pc || busy) return;
    busy = true;
    try {
      let packets = 0, total = 0;
      (await pc.getStats()).forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') {
          packets += r.packetsReceived || 0; total += r.totalAudioEnergy || 0; }
      });
      if (packets > 0 && !j.packet) j.packet = now;
      if (energy !== null && total - energy > LOUD && !j.heard) j.heard = now;
      energy = total;
    } finally { busy = false; }
  }, 10);
})();
"""


@dataclass
class Sample:
    waiting: float = float("nan")  # link opened -> the waiting screen
    connected: float = float("nan")  # link opened -> first audio packet (the call is up)
    admitted_heard: float = float("nan")  # the chair admits -> hears Tom
    rejoin_heard: float = float("nan")  # admitted before: link opened -> hears Tom
    pair: str = ""


@dataclass
class TimedPeer(Peer):
    """tests/rtc's aiortc peer, stamping (time.time) messages and its first audio frames."""

    stamps: dict[str, float] = field(default_factory=dict)

    async def _listen(self) -> None:  # Peer's, each message stamped on arrival
        import aiohttp
        from aiortc import RTCSessionDescription

        assert self.ws is not None
        async for message in self.ws:
            if message.type is aiohttp.WSMsgType.TEXT:
                data = json.loads(message.data)
                data["_at"] = time.time()
                self.messages.append(data)
                if data.get("type") == "are_you_there":
                    await self.send({"type": "here"})
                if data.get("type") == "answer" and self.pc is not None:
                    await self.pc.setRemoteDescription(RTCSessionDescription(data["sdp"],
                                                                             "answer"))

    async def _read_audio(self, track: Any) -> None:
        from aiortc.mediastreams import MediaStreamError

        try:
            while True:
                frame = await track.recv()
                now = time.time()
                self.stamps.setdefault("packet", now)
                pcm = frame.to_ndarray().astype(np.float64) / 32768.0
                if np.sqrt(np.mean(np.square(pcm))) > LOUD_RMS:
                    self.stamps.setdefault("heard", now)
        except MediaStreamError:
            return


async def wait_stamp(stamps: dict[str, float], key: str, timeout: float = 20) -> float:
    deadline = time.monotonic() + timeout
    while key not in stamps:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {key!r} within {timeout} s")
        await asyncio.sleep(0.005)
    return stamps[key]


# ---- aiortc ------------------------------------------------------------------------------
def aiortc_options(path: str) -> dict[str, Any]:
    url = PATHS[path]
    if url is None:
        return {}
    return {"relay_only": True, "use_url": lambda u, chosen=url: u == chosen}


async def aiortc_open(net: Deployment, path: str) -> tuple[TimedPeer, float]:
    peer = TimedPeer(net.hub.url, net.tokens[JADE], A_TONE, **aiortc_options(path))
    opened = time.time()
    await peer.connect()
    await peer.join()
    return peer, opened


def aiortc_sample(net: Deployment, path: str) -> Sample:
    sample = Sample()
    peers: list[TimedPeer] = []
    certificate = net.coturn.folder / "turn-tls" / "server-cert.pem"
    try:
        with trusting(certificate):
            peer, opened = net.home.run(aiortc_open(net, path))
        peers.append(peer)
        net.home.run(peer.wait_for(lambda m: m.get("state") == "waiting"))
        sample.waiting = state_seen(peer, "waiting") - opened
        try:
            sample.connected = net.home.run(wait_stamp(peer.stamps, "packet")) - opened
        except TimeoutError as failed:
            raise TimeoutError(f"{failed}; {ice_state(peer)}") from None
        kind, transport = selected_pair(peer)
        sample.pair = f"relay/{transport}" if kind == "relay" else kind
        admitted = time.time()
        net.chair("POST", "/api/admit", {"all": True})
        sample.admitted_heard = net.home.run(wait_stamp(peer.stamps, "heard")) - admitted
        net.home.run(peer.close())
        time.sleep(0.3)  # the hub lets the link go
        with trusting(certificate):
            again, opened = net.home.run(aiortc_open(net, path))
        peers.append(again)
        sample.rejoin_heard = net.home.run(wait_stamp(again.stamps, "heard")) - opened
        send_back(net)
    finally:
        for each in peers:
            net.home.run(each.close())
    return sample


def ice_state(peer: Peer) -> str:
    """What aiortc's ICE made of it, for a join that never got its call up."""
    if peer.pc is None:
        return "no call"
    connection = peer.pc.getTransceivers()[0].sender.transport.transport._connection
    pairs = [f"{p.local_candidate.type}->{p.remote_candidate.type} {p.state.name}"
             for p in connection._check_list]
    return (f"ICE {peer.pc.iceConnectionState}, local candidates "
            f"{[c.type for c in connection.local_candidates]}, pairs {pairs}")


def state_seen(peer: Peer, state: str) -> float:
    """When the hub's message saying `state` arrived (stamped by the listener below)."""
    for message in peer.messages:
        if message.get("state") == state:
            return float(message["_at"])
    raise AssertionError(f"no {state} message")


# ---- Chromium ----------------------------------------------------------------------------
async def page_open(browser: Any, url: str, path: str) -> tuple[Any, float]:
    page = await browser.new_page()
    await page.add_init_script(relay_only(PATHS[path]))
    await page.add_init_script(POLLER.replace("LOUD", repr(PAGE_LOUD)))
    opened = time.time()
    await page.goto(url)
    await page.wait_for_selector("#join-audio:not([disabled])", timeout=15000)
    await page.wait_for_function("!!window.facilitator.stream", timeout=15000)
    await page.click("#join-audio")
    return page, opened


async def page_stamp(page: Any, key: str, timeout: float = 20) -> float:
    handle = await page.wait_for_function(f"window.__join.{key}", timeout=timeout * 1000)
    return float(await handle.json_value()) / 1000.0


def browser_sample(net: Deployment, browser: Any, path: str) -> Sample:
    sample = Sample()
    url = f"{net.hub.url}/join/{net.tokens[JADE]}"
    pages: list[Any] = []
    try:
        page, opened = net.home.run(page_open(browser, url, path))
        pages.append(page)
        sample.waiting = net.home.run(page_stamp(page, "waiting")) - opened
        sample.connected = net.home.run(page_stamp(page, "packet")) - opened
        sample.pair = net.home.run(page.evaluate(SELECTED)) or "?"
        admitted = time.time()
        net.chair("POST", "/api/admit", {"all": True})
        sample.admitted_heard = net.home.run(page_stamp(page, "heard")) - admitted
        net.home.run(page.close())
        time.sleep(0.3)
        again, opened = net.home.run(page_open(browser, url, path))
        pages.append(again)
        sample.rejoin_heard = net.home.run(page_stamp(again, "heard")) - opened
        send_back(net)
    finally:
        for each in pages:
            if not each.is_closed():
                net.home.run(each.close())
    return sample


def send_back(net: Deployment) -> None:
    links = net.chair("GET", "/api/links")["links"]
    jade = next(link["attendee_id"] for link in links if link["name"] == JADE)
    try:
        net.chair("POST", "/api/send-back", {"attendee_id": jade})
    except AssertionError as refused:  # after a failed join: she may be waiting already
        if "409" not in str(refused):
            raise
    time.sleep(0.3)


# ---- the run ---------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summary(values: list[float]) -> str:
    good = [v for v in values if v == v]
    if not good:
        return f"{'-':>17}"
    return f"{1000 * statistics.median(good):5.0f} /{1000 * percentile(good, 0.9):5.0f} ms"


def run(net: Deployment, args: argparse.Namespace, folder: Path
        ) -> dict[tuple[str, str], list[Sample]]:
    tom = Peer(net.hub.url, net.tokens[TOM], C_TONE)  # in the council's network, speaking
    net.council.run(tom.connect())
    net.council.run(tom.join())
    net.chair("POST", "/api/admit", {"all": True})
    net.council.run(tom.wait_for(lambda m: m.get("state") == "in_meeting"))
    results: dict[tuple[str, str], list[Sample]] = {}
    playwright = browser = None
    try:
        if "browser" in args.clients:
            from playwright.async_api import async_playwright

            async def start() -> tuple[Any, Any]:
                started = await async_playwright().start()  # on the home's thread: at home
                return started, await chromium(started, tone_wav(folder / "voice.wav",
                                                                 BROWSER_TONE, 300))

            playwright, browser = net.home.run(start())
        for client in args.clients:
            for path in args.paths:
                samples = results.setdefault((client, path), [])
                for index in range(args.joins + 1):  # the first one warms up, uncounted
                    try:
                        sample = (browser_sample(net, browser, path) if client == "browser"
                                  else aiortc_sample(net, path))
                    except Exception as failed:  # said, counted as failed, and on
                        print(f"  {client} {path}: join {index} failed: {failed!r}",
                              flush=True)
                        sample = Sample(pair="failed")
                        send_back(net)
                    if index:
                        samples.append(sample)
                    print(f"  {client:<7} {path:<9} {index or 'warm-up':>7}: "
                          f"waiting {sample.waiting:5.2f} s, call up {sample.connected:5.2f} s, "
                          f"admitted -> heard {sample.admitted_heard:5.2f} s, rejoin -> heard "
                          f"{sample.rejoin_heard:5.2f} s  [{sample.pair}]", flush=True)
    finally:
        if browser is not None:
            net.home.run(browser.close())
            net.home.run(playwright.stop())
        net.council.run(tom.close())
    return results


def report(results: dict[tuple[str, str], list[Sample]]) -> None:
    print()
    print(f"{'client':<8}{'path':<11}{'n':>3}{'failed':>7}  {'waiting screen':>17}  "
          f"{'call up':>17}  {'admitted->heard':>17}  {'link->heard (rejoin)':>20}  pairs")
    print(f"{'':<29}  {'p50 / p90, from the link opened':>37}")
    for (client, path), samples in results.items():
        pairs = sorted({s.pair for s in samples if s.pair != "failed"})
        wrong = [p for p in pairs if p not in EXPECTED[path]]
        failed = sum(1 for s in samples if s.pair == "failed")
        print(f"{client:<8}{path:<11}{len(samples):>3}{failed:>7}  "
              f"{summary([s.waiting for s in samples])}  "
              f"{summary([s.connected for s in samples])}  "
              f"{summary([s.admitted_heard for s in samples])}  "
              f"{summary([s.rejoin_heard for s in samples]):>20}  {', '.join(pairs)}"
              f"{'  NOT THE PATH ASKED FOR' if wrong else ''}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--joins", type=int, default=6, help="samples per client and path")
    parser.add_argument("--paths", default=",".join(PATHS))
    parser.add_argument("--clients", default="browser,aiortc")
    parser.add_argument("--quick", action="store_true",
                        help="1 sample, direct and TURN over TCP (a smoke run, < 60 s)")
    args = parser.parse_args()
    if args.quick:
        args.joins, args.paths = 1, "direct,turn-tcp"
    args.paths = args.paths.split(",")
    args.clients = args.clients.split(",")
    unknown = [p for p in args.paths if p not in PATHS]
    if unknown:
        parser.error(f"unknown paths {unknown}: choose from {', '.join(PATHS)}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="join-time-bench-") as name:
        try:
            with deployment(Path(name)) as net:
                print(f"deployment up in {time.monotonic() - started:.1f} s (namespaces, "
                      f"coturn, the hub)", flush=True)
                results = run(net, args, Path(name))
        except NamespacesUnavailable as why:
            print(f"cannot build the networks here (run as root): {why}")
            return 2
    report(results)
    print(f"total run time {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
