"""Browser-to-browser audio latency through the hub: direct, and through TURN over UDP and TCP.

benchmarks/rtc_latency.py's measurement (page A's clicks, scheduled on its audio clock, found
again in what page B plays; both pages in one headless Chromium, so their clocks agree), with
the council's TURN server in the path: coturn (Debian's `coturn`) started here by its PID on
127.0.0.1 with its own configuration (the shared-secret scheme, relaying to 127.0.0.1 only),
and the hub (`serve --headless`) given its URLs and secret as a council's would be. Per path:

  direct     both pages as they come (TURN offered, ICE free to choose: host candidates)
  turn-udp   both pages relay only (iceTransportPolicy "relay") through coturn over UDP
  turn-tcp   both pages relay only through coturn over TCP

so through TURN a click goes page A -> coturn -> the hub -> coturn -> page B. Each page's
selected candidate pair is checked against the path. The paths take turns (--rounds), so
load from other work on a shared machine falls on all of them alike. Everything is on
127.0.0.1: this measures what TURN itself adds (coturn's relaying, TCP's framing and, on a
lossy network, its head-of-line blocking, which loopback does not have), not a network's
distance.

    .venv/bin/python benchmarks/turn_latency.py            # 3 rounds x 3 paths x 20 clicks (~4 min)
    .venv/bin/python benchmarks/turn_latency.py --quick    # 1 round, 6 clicks (< 60 s)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rtc_common as common
import rtc_latency as clicks
from turn_common import SELECTED, relay_only

TURNSERVER = shutil.which("turnserver") or "/usr/bin/turnserver"
PATHS = ("direct", "turn-udp", "turn-tcp")

def free_port() -> int:
    """A port free on 127.0.0.1 for both UDP and TCP (coturn listens on both)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = int(tcp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port on 127.0.0.1")


class LoopbackCoturn:
    """coturn on 127.0.0.1, its own files in `folder`; stopped by the PID started here."""

    def __init__(self, folder: Path, secret: str) -> None:
        self.folder = folder
        self.port = free_port()
        relay = 50000 + secrets.randbelow(140) * 100  # 100 relay ports, away from others'
        config = folder / "turnserver.conf"
        config.write_text("\n".join([
            "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", f"listening-port={self.port}",
            f"min-port={relay}", f"max-port={relay + 99}", "no-tls", "no-dtls",
            "use-auth-secret", f"static-auth-secret={secret}", "realm=turn.council.test",
            "no-cli", "fingerprint", "no-multicast-peers",
            "allow-loopback-peers",  # the hub is on 127.0.0.1 here...
            "denied-peer-ip=0.0.0.0-255.255.255.255", "allowed-peer-ip=127.0.0.1",  # ...only
            "no-software-attribute", f"userdb={folder / 'turndb'}",
            f"pidfile={folder / 'turnserver.pid'}", f"log-file={folder / 'turnserver.log'}",
            "simple-log", ""]))
        self.process = subprocess.Popen([TURNSERVER, "-c", str(config)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self._listening():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"coturn did not start: {self.log()[-2000:]}")
            time.sleep(0.1)

    def _listening(self) -> bool:
        out = subprocess.run(["ss", "-Hltn", f"src 127.0.0.1:{self.port}"],
                             capture_output=True, text=True, check=False).stdout
        return f":{self.port}" in out

    def urls(self) -> dict[str, str]:
        return {"turn-udp": f"turn:127.0.0.1:{self.port}?transport=udp",
                "turn-tcp": f"turn:127.0.0.1:{self.port}?transport=tcp"}

    def log(self) -> str:
        path = self.folder / "turnserver.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


async def open_page(browser: Any, url: str, turn_url: str | None) -> Any:
    page = await browser.new_page()
    await page.add_init_script(relay_only(turn_url))
    await page.goto(url)
    await page.wait_for_selector("#join-audio:not([disabled])", timeout=15000)
    await page.wait_for_function("!!window.facilitator.stream", timeout=15000)
    await page.click("#join-audio")
    # the first time to the waiting room; after that, admitted before, straight in
    await page.wait_for_selector("#waiting:not([hidden]), #meeting:not([hidden])",
                                 timeout=15000)
    return page


async def one_path(browser: Any, hub: common.HubProcess, links: list[dict[str, Any]],
                   turn_url: str | None, args: argparse.Namespace) -> dict[str, Any]:
    pages = [await open_page(browser, hub.url + link["path"], turn_url) for link in links[:2]]
    try:
        if any([await page.is_visible("#waiting") for page in pages]):
            try:
                await hub.admit_all()
            except RuntimeError as refused:  # the page was on its way in: nobody waits
                if "409" not in str(refused):
                    raise
        for page in pages:
            await page.wait_for_selector("#meeting:not([hidden])", timeout=15000)
            await page.wait_for_function(
                "window.facilitator.pc && window.facilitator.pc.connectionState === "
                "'connected' && document.getElementById('sound').srcObject", timeout=20000)
        pairs = [await page.evaluate(SELECTED) for page in pages]
        page_a, page_b = pages
        await asyncio.sleep(args.settle)
        for page in pages:
            await page.evaluate(clicks.INSTALL, [clicks.DETECTOR, clicks.THRESHOLD])
        await page_b.evaluate(clicks.LISTEN)
        await asyncio.sleep(0.5)
        before = await page_b.evaluate(clicks.INBOUND)
        await page_a.evaluate(clicks.SEND_CLICKS, [args.clicks, args.interval])
        await asyncio.sleep(1.0 + args.clicks * args.interval + 1.5)
        after = await page_b.evaluate(clicks.INBOUND)
        sent = [c["wall"] for c in await page_a.evaluate("window.__bench.clicks")]
        heard = [c["wall"] for c in await page_b.evaluate("window.__bench.clicks")]
    finally:
        for page in pages:
            await page.close()
    emitted = (after.get("emitted") or 0) - (before.get("emitted") or 0)
    buffer = ((after["jitterBufferDelay"] - before["jitterBufferDelay"]) / emitted * 1000
              if emitted > 0 else float("nan"))
    return {"latencies": clicks.match(sent, heard, args.interval * 1000 - 50),
            "sent": len(sent), "pairs": pairs, "buffer": buffer,
            "rtt": 1000 * after["rtt"] if after.get("rtt") is not None else float("nan")}


async def measure(args: argparse.Namespace) -> int:
    from playwright.async_api import async_playwright

    started = time.monotonic()
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min average, 2 cores shared)", flush=True)
    results: dict[str, list[dict[str, Any]]] = {path: [] for path in args.paths}
    with common.temp_workdir("turn-latency-bench-") as workdir:
        secret = secrets.token_hex(16)
        secret_file = workdir / "turn-secret"
        secret_file.write_text(secret + "\n")
        secret_file.chmod(0o600)
        coturn = LoopbackCoturn(workdir, secret)
        hub = None
        try:
            urls = coturn.urls()
            db, conference_id = common.create_conference(workdir, 2)
            hub = common.start_hub(db, conference_id, extra_args=(
                "--turn", urls["turn-udp"], "--turn", urls["turn-tcp"],
                "--turn-secret-file", str(secret_file)))
            links = await hub.links()
            silence = clicks.silent_wav(workdir / "silence.wav", 600)
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=common.CHROMIUM,
                    args=[*common.chromium_args(silence), "--allow-loopback-in-peer-connection"])
                try:
                    for round_ in range(args.rounds):
                        for path in args.paths:
                            try:
                                result = await one_path(browser, hub, links, urls.get(path),
                                                        args)
                            except Exception as failed:  # said, and on to the next
                                print(f"  round {round_ + 1} {path:<9} FAILED: {failed!r}",
                                      flush=True)
                                await asyncio.sleep(1.0)
                                continue
                            results[path].append(result)
                            latencies = result["latencies"]
                            print(f"  round {round_ + 1} {path:<9} pages {result['pairs']}: "
                                  f"{len(latencies)}/{result['sent']} clicks, median "
                                  f"{statistics.median(latencies) if latencies else 0:4.0f} ms,"
                                  f" max {max(latencies) if latencies else 0:4.0f} ms; page B's"
                                  f" jitter buffer {result['buffer']:3.0f} ms, round trip to "
                                  f"the hub {result['rtt']:4.1f} ms", flush=True)
                            await asyncio.sleep(1.0)  # the hub lets the links go
                finally:
                    await browser.close()
        finally:
            if hub is not None:
                hub.stop()
            coturn.stop()
    report(results, args)
    print(f"load after: {os.getloadavg()[0]:.2f}; total run time "
          f"{time.monotonic() - started:.0f} s")
    return 0


def report(results: dict[str, list[dict[str, Any]]], args: argparse.Namespace) -> None:
    expected = {"direct": ("host", "prflx"), "turn-udp": ("relay/udp",),
                "turn-tcp": ("relay/tcp",)}
    print()
    print(f"{'path':<10} {'clicks':>7}  {'median':>7} {'p95':>5} {'max':>5}  "
          f"{'round medians':>24}  {'page B buffer':>13}  {'without it':>10}  pairs")
    for path, runs in results.items():
        every = [v for r in runs for v in r["latencies"]]
        if not every:
            print(f"{path:<10} no click arrived")
            continue
        medians = [statistics.median(r["latencies"]) for r in runs if r["latencies"]]
        pairs = sorted({p or "?" for r in runs for p in r["pairs"]})
        wrong = [p for p in pairs if p not in expected[path]]
        buffers = [r["buffer"] for r in runs if r["buffer"] == r["buffer"]]
        # page B's adaptive jitter buffer grows with the machine's load: each round's median
        # less its buffer compares the paths with less of that noise
        without = [statistics.median(r["latencies"]) - r["buffer"] for r in runs
                   if r["latencies"] and r["buffer"] == r["buffer"]]
        print(f"{path:<10} {len(every):>3}/{sum(r['sent'] for r in runs):<3}  "
              f"{statistics.median(every):5.0f}ms {clicks.percentile(every, 0.95):5.0f} "
              f"{max(every):5.0f}  {' '.join(f'{m:.0f}' for m in medians):>24}  "
              f"{statistics.median(buffers) if buffers else float('nan'):10.0f} ms  "
              f"{statistics.median(without) if without else float('nan'):7.0f} ms  "
              f"{', '.join(pairs)}{'  NOT THE PATH ASKED FOR' if wrong else ''}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="each path this many times")
    parser.add_argument("--paths", default=",".join(PATHS))
    parser.add_argument("--clicks", type=int, default=20, help="clicks per path per round")
    parser.add_argument("--interval", type=float, default=0.8)
    parser.add_argument("--settle", type=float, default=2.0)
    parser.add_argument("--quick", action="store_true", help="1 round of 6 clicks (< 60 s)")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.clicks, args.settle = 1, 6, 1.0
    args.paths = args.paths.split(",")
    if unknown := [p for p in args.paths if p not in PATHS]:
        parser.error(f"unknown paths {unknown}: choose from {', '.join(PATHS)}")
    budget = 60 + args.rounds * len(args.paths) * (25 + args.clicks * args.interval)
    return asyncio.run(asyncio.wait_for(measure(args), budget))


if __name__ == "__main__":
    sys.exit(main())
