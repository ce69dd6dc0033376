"""CPU per phone caller: the hub with 8 browser peers (aiortc, audio), then 4 phone callers
(sipp, G.711 tone, PIN by SIP INFO) joining them, all admitted.

    .venv/bin/python benchmarks/sip.py [--seconds 10] [--codec PCMA|PCMU|G722]

The hub runs as `facilitator serve --headless --sip 127.0.0.1:PORT` in its own process; its
CPU time is read from /proc. Everything stays on 127.0.0.1 and every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PEERS, CALLERS = 8, 4
# Every name is fictional.
NAMES = ["Ava Penrose", "Ben Hollis", "Cora Whitlow", "Dev Marston", "Esme Rook", "Finn Aldous",
         "Gwen Tarrant", "Hari Blythe", "Isla Fenwick", "Jonah Pell", "Kit Sayer", "Lena Voss"]
LOOPBACK_ONLY = ("import aioice.ice\n"
                 "aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ['127.0.0.1']\n")


def cpu_seconds(pid: int) -> float:
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def conference_file(workdir: Path) -> Path:
    import yaml

    from facilitator.domain.calendar import Nation, subtract_working_days
    from facilitator.domain.clock import SystemClock

    start = SystemClock().now().replace(second=0, microsecond=0) + timedelta(minutes=5)
    attendees: list[dict[str, Any]] = [
        {"name": "Helen Marsh", "role": "chair", "agency": "Safeguarding and Reviewing Unit",
         "state": "confirmed"}]
    for index, name in enumerate(NAMES):
        attendees.append({"name": name, "role": "parent" if index >= PEERS else "school",
                          "agency": "Fernbridge Benchmark Service",
                          "mode": "phone" if index >= PEERS else "video",
                          "state": "confirmed"})
    data = {"kind": "initial", "nation": "england", "scheduled_start": start.isoformat(),
            "planned_minutes": 120, "venue": "Benchmark Room, Fernbridge",
            "strategy_discussion": subtract_working_days(start.date(), 10,
                                                         Nation.ENGLAND).isoformat(),
            "children": [{"id": "sky", "name": "Sky Penrose", "date_of_birth": "2019-05-01"}],
            "attendees": attendees}
    path = workdir / "conference.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def facilitator(workdir: Path, *args: str, popen: bool = False) -> Any:
    command = [sys.executable, "-c", LOOPBACK_ONLY + "import sys\nfrom facilitator.cli import "
               "main\nsys.exit(main(sys.argv[1:]))", "--db", str(workdir / "bench.sqlite3"),
               *args]
    if popen:
        # the hub's own cost: no speech recognition in its process (`serve --headless` now
        # transcribes unless told not to)
        env = {**os.environ, "FACILITATOR_TRANSCRIPTION": "off"}
        return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=env)
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=True)


async def measure(pid: int, seconds: float) -> float:
    """Cores the process used over `seconds` of wall time."""
    before, start = cpu_seconds(pid), time.monotonic()
    await asyncio.sleep(seconds)
    return (cpu_seconds(pid) - before) / (time.monotonic() - start)


async def scenario(workdir: Path, seconds: float, codec: str) -> None:
    import ssl

    import aiohttp

    from tests.rtc.peers import Peer, tone_power
    from tests.sip.sipp import Scenario, free_udp_port, run_sipp, tone_pcap

    exec(LOOPBACK_ONLY, {})
    conference_id = facilitator(workdir, "conference", "new",
                                str(conference_file(workdir))).stdout.strip().splitlines()[-1]
    sip_port = free_udp_port()
    hub = facilitator(workdir, "serve", "--headless", "--conference", conference_id,
                      "--port", "0", "--sip", f"127.0.0.1:{sip_port}", popen=True)
    try:
        url = token_file = ""
        deadline = time.monotonic() + 30
        while not (url and token_file) and time.monotonic() < deadline:
            line = await asyncio.to_thread(hub.stdout.readline)
            if match := re.search(r"listening on (\S+)", line):
                url = match.group(1)
            if match := re.search(r"token: in (\S+)", line):
                token_file = match.group(1)
        token = Path(token_file).read_text().strip()
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        headers = {"Authorization": f"Bearer {token}"}

        async def api(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
            async with aiohttp.ClientSession() as client, client.request(
                    method, url + path, json=body, headers=headers, ssl=context) as response:
                return await response.json()

        links = {link["name"]: link for link in (await api("GET", "/api/links"))["links"]}
        peers = [Peer(url, links[name]["path"].rsplit("/", 1)[1], 300.0 + 50 * i)
                 for i, name in enumerate(NAMES[:PEERS])]
        for peer in peers:
            await peer.connect()
            await peer.join()
        await api("POST", "/api/admit", {"all": True})
        await asyncio.sleep(3.0)
        idle = await measure(hub.pid, 2.0)
        base = await measure(hub.pid, seconds)
        print(f"hub with {PEERS} browser peers:              {base:.3f} cores")

        calls = []
        for index, name in enumerate(NAMES[PEERS:PEERS + CALLERS]):
            tone = tone_pcap(workdir, 1000.0 + 200 * index, seconds + 20, codec)
            call = (Scenario(free_udp_port(), codecs=(codec,)).pause(300)
                    .dtmf_info(links[name]["pin"] + "#").play(tone)
                    .pause(int((seconds + 14) * 1000)).bye())
            calls.append(asyncio.ensure_future(run_sipp(
                call.xml(), ("127.0.0.1", sip_port), workdir, timeout=seconds + 40)))
            await asyncio.sleep(0.2)
        for _ in range(100):
            state = await api("GET", "/api/state")
            if sum(p["waiting"] for p in state["people"]) >= CALLERS:
                break
            await asyncio.sleep(0.1)
        await api("POST", "/api/admit", {"all": True})
        await asyncio.sleep(4.0)  # the "you are now in the conference" prompts end
        loaded = await measure(hub.pid, seconds)
        heard = await peers[0].listen_for(1.0)
        audible = sum(tone_power(heard, 1000.0 + 200 * i) > 0.02 for i in range(CALLERS))
        print(f"hub with {PEERS} peers and {CALLERS} phone callers ({codec}): {loaded:.3f} cores")
        print(f"CPU per phone caller:                      {(loaded - base) / CALLERS:.4f} "
              f"cores ({(loaded - base) / CALLERS * 1000 / 50:.2f} ms per 20 ms tick)")
        print(f"(idle-to-measured drift check: {idle:.3f} cores in the first 2 s;"
              f" a browser peer hears {audible} of {CALLERS} callers' tones)")
        results = await asyncio.gather(*calls)
        print(f"sipp calls ended as scripted: {sum(r.ok for r in results)} of {CALLERS}")
        for peer in peers:
            await peer.close()
    finally:
        hub.terminate()
        try:
            hub.wait(timeout=10)
        except subprocess.TimeoutExpired:
            hub.kill()


def media_path_cost(codec: str, frames: int = 2000) -> float:
    """Microseconds of one caller's media work per 20 ms, in this process: the mix resampled
    to the codec's rate, encoded and packetised; a packet decoded and resampled to 48 kHz."""
    import numpy as np

    from facilitator.services.sip.codecs import (
        HUB_RATE,
        Chunker,
        Resampler,
        codec_for,
        to_float,
        to_pcm16,
    )
    from facilitator.services.sip.rtp import RtpPacket
    from facilitator.services.sip.sdp import BY_NAME

    spec = BY_NAME[codec]
    coder, down, up = codec_for(spec), Resampler(HUB_RATE, spec.sample_rate), \
        Resampler(spec.sample_rate, HUB_RATE)
    chunks = Chunker(spec.sample_rate // 50)
    mix = (0.3 * np.sin(2 * np.pi * 440 * np.arange(960) / HUB_RATE)).astype(np.float32)
    start = time.perf_counter()
    for index in range(frames):
        for chunk in chunks.push(down(mix)):
            data = RtpPacket(8, False, index & 0xFFFF, index * 160, 1,
                             coder.encode(to_pcm16(chunk))).encode()
            packet = RtpPacket.parse(data)
            assert packet is not None
            up(to_float(coder.decode(packet.payload)))
    return (time.perf_counter() - start) / frames * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="each measuring window")
    parser.add_argument("--codec", choices=("PCMA", "PCMU", "G722"), default="PCMA")
    args = parser.parse_args()
    for codec in ("PCMA", "G722"):
        print(f"media path per caller in-process ({codec}): "
              f"{media_path_cost(codec):.0f} us per 20 ms both ways")
    with tempfile.TemporaryDirectory(prefix="sip-bench-") as workdir:
        os.environ.setdefault("FACILITATOR_PROMPT_CACHE", str(Path(workdir) / "prompts"))
        asyncio.run(asyncio.wait_for(scenario(Path(workdir), args.seconds, args.codec),
                                     4 * args.seconds + 120))


if __name__ == "__main__":
    main()
