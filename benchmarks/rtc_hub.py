"""The media hub's cost: server CPU and video frames delivered, forwarding vs aiortc's relay.

For N = 2, 4, 8, 12 remote peers, each sending Opus audio and 640x480 VP8 at 30 fps and
receiving the N-1 other cameras (N-1 video slots) and its mix-minus, the hub runs as its own
process (`facilitator serve --headless --no-room-audio`, a temporary database with a
fictional conference of 12 remote video attendees) once with the VP8 forwarder (default) and
once with `--video-mode relay` (aiortc's MediaRelay: decode once, re-encode per receiver).

Measured over a steady-state window after everyone is admitted and video flows:
  server CPU s/s   utime+stime of the hub process (all threads) / wall seconds
  delivered        VP8 frames received / frames the other peers sent in the window. Each frame
                   carries a trailer (sender, number) after its VP8 data, so with forwarding
                   the frames sent in the window are counted wherever and whenever (1.5 s
                   grace) they arrive; relaying re-encodes them, so there the receivers'
                   counts over the same window are compared instead ("by count")
  client CPU s/s   the same for the client processes together (so a reader can judge whether
                   the clients, not the hub, were the limit)
Also per case: RTP packets/s through the hub and its CPU per packet, audio packets delivered,
key frames the senders were asked for, datagrams the kernel dropped because a socket's receive
buffer was full (hub and clients), the hub's event-loop thread on a CPU and waiting for one
(/proc/<pid>/schedstat), and the load on the machine outside the hub and the clients (other
processes and the kernel's loopback networking). On a shared machine the last two explain
most bad figures: --quiet-wait S waits for a quieter machine first, --nice -5 runs the hub and
the clients ahead of other work (root), --py-spy BIN profiles the hub in each window.

The clients are cheap on purpose: they send a VP8 clip encoded once (640x480, 30 fps, about
500 kbit/s, a key frame at its start and whenever a receiver asks for one) and Opus packets
encoded once, so aiortc's sender only packetizes; they count received frames without decoding
them (the receiver's decoder queue is replaced, as the hub's forwarder does) and run on the
hub's event loop, which reads every waiting datagram when a socket is readable (asyncio reads
one). Two peers send a tone and the
others a quiet room (--talkers; -1 makes everyone talk, so every listener gets a mix of its
own: the mixer's worst case). --fps sends fewer frames of the same sizes.

    .venv/bin/python benchmarks/rtc_hub.py                  # all N, both modes (~2.7 min)
    .venv/bin/python benchmarks/rtc_hub.py --peers 12 --modes forward --window 10

Everything is on 127.0.0.1 (the hub and the clients gather loopback ICE candidates only), and
every step is bounded in time; the client processes exit by themselves after a deadline.
RTC_BENCH_HUB_PREAMBLE=FILE runs FILE in the hub's process first (to try a change to the hub
on a scratch basis without editing it).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import fractions
import json
import os
import pickle
import queue
import shutil
import statistics
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import numpy as np
from aiortc import MediaStreamTrack

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rtc_common as common

FPS = 30
WIDTH, HEIGHT = 640, 480
VIDEO_BITRATE = 500_000  # aiortc's own default target for VP8
CLIP_FRAMES = 4 * FPS
VIDEO_TIME_BASE = fractions.Fraction(1, 90000)
AUDIO_TIME_BASE = fractions.Fraction(1, 48000)
TONES = [300 + 40 * i for i in range(16)]  # whole cycles per second: the 1 s loop is seamless


# ---- the clip, encoded once -------------------------------------------------------------
def encode_clip(path: Path) -> dict[str, Any]:
    """VP8 frames (key frame first) and, per tone, 50 Opus packets of 20 ms."""
    codec = av.CodecContext.create("libvpx", "w")
    codec.width, codec.height = WIDTH, HEIGHT
    codec.pix_fmt = "yuv420p"
    codec.time_base = fractions.Fraction(1, FPS)
    codec.framerate = fractions.Fraction(FPS, 1)
    codec.bit_rate = VIDEO_BITRATE
    codec.gop_size = 10 * CLIP_FRAMES  # one key frame, at the start
    codec.options = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0",
                     "auto-alt-ref": "0", "error-resilient": "1"}
    rng = np.random.default_rng(7)
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
    frames: list[bytes] = []
    for index in range(CLIP_FRAMES):
        # a moving gradient, a moving square and some sensor-like noise
        image = np.empty((HEIGHT, WIDTH, 3), np.uint8)
        image[..., 0] = (xx + 4 * index) % 256
        image[..., 1] = (yy + 2 * index) % 256
        image[..., 2] = 128
        x0 = (index * 7) % (WIDTH - 120)
        image[180:300, x0:x0 + 120] = (240, 200, 40)
        image = np.clip(image + rng.integers(-6, 7, image.shape), 0, 255).astype(np.uint8)
        frame = av.VideoFrame.from_ndarray(image, format="rgb24").reformat(format="yuv420p")
        frame.pts = index
        frame.time_base = codec.time_base
        frames.extend(bytes(p) for p in codec.encode(frame))
    frames.extend(bytes(p) for p in codec.encode(None))
    frames = frames[:CLIP_FRAMES]
    if frames[0][0] & 1:
        raise RuntimeError("the clip does not start with a key frame")

    opus: dict[int, list[bytes]] = {}
    for tone in [0, *TONES]:  # 0: silence, for the peers who are not talking
        encoder = av.CodecContext.create("libopus", "w")
        encoder.sample_rate = 48000
        encoder.layout = "mono"
        encoder.format = "s16"
        encoder.bit_rate = 32000
        encoder.time_base = AUDIO_TIME_BASE
        packets: list[bytes] = []
        for index in range(60):
            t = (np.arange(960) + index * 960) / 48000
            pcm = (0.2 * np.sin(2 * np.pi * tone * t) * 32767).astype(np.int16)
            if tone == 0:  # a quiet room: faint noise, well under the mixer's -50 dBFS
                pcm = rng.integers(-3, 4, 960).astype(np.int16)
            audio = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
            audio.sample_rate = 48000
            audio.pts = index * 960
            audio.time_base = AUDIO_TIME_BASE
            packets.extend(bytes(p) for p in encoder.encode(audio))
        opus[tone] = packets[-50:]
    clip = {"video": frames, "opus": opus}
    path.write_bytes(pickle.dumps(clip))
    bits = sum(len(f) for f in frames) * 8 / (len(frames) / FPS)
    return {"frames": len(frames), "kbps": bits / 1000, "keyframe_bytes": len(frames[0])}


# ---- client worker (a separate process) -------------------------------------------------
def run_worker(config_path: str) -> int:
    """The clients run on the hub's own event loop, which reads every waiting datagram when a
    socket wakes it: a loop busy sending otherwise drains each socket more slowly than 11 video
    streams fill it, the kernel drops datagrams, and the clients would be the bottleneck."""
    from facilitator.services.rtc.media_loop import new_media_loop

    common.loopback_ice_only()
    config = json.loads(Path(config_path).read_text())
    clip = pickle.loads(Path(config["clip"]).read_bytes())
    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        return runner.run(_worker(config, clip))


async def _worker(config: dict[str, Any], clip: dict[str, Any]) -> int:
    peers = [BenchPeer(config["url"], p["token"], p["index"], config["slots"], clip,
                       config["talkers"], config["fps"]) for p in config["peers"]]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + config["deadline"]

    async def bounded_join(peer: BenchPeer) -> str | None:
        try:
            await asyncio.wait_for(peer.join(), 30)
            return None
        except Exception as failed:  # reported to the orchestrator, which gives up
            return f"{peer.index}: {failed!r}"

    errors = [e for e in await asyncio.gather(*(bounded_join(p) for p in peers)) if e]
    print(json.dumps({"joined": len(peers) - len(errors), "errors": errors}), flush=True)
    lines: asyncio.Queue[str] = asyncio.Queue()

    def read_stdin() -> None:  # a daemon thread: never keeps the process alive
        for text in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, text)
        loop.call_soon_threadsafe(lines.put_nowait, "")

    threading.Thread(target=read_stdin, daemon=True).start()
    try:
        while loop.time() < deadline:
            try:
                line = await asyncio.wait_for(lines.get(), deadline - loop.time())
            except TimeoutError:
                break
            command = line.strip()
            if command in ("", "quit"):
                break
            if command == "mark":
                print(json.dumps({
                    "t": time.monotonic(), "cpu": common.cpu_seconds(os.getpid()),
                    "peers": {p.index: await p.counters() for p in peers},
                }), flush=True)
            elif command.startswith("count "):
                # {sender: [first, end)}: per receiver, that sender's frames in the range
                ranges = {int(k): v for k, v in json.loads(command[6:]).items()}
                print(json.dumps({p.index: {
                    sender: sum(1 for n in p.numbers.get(sender, ()) if first <= n < end)
                    for sender, (first, end) in ranges.items() if sender != p.index}
                    for p in peers}), flush=True)
    finally:
        await asyncio.wait_for(asyncio.gather(*(p.close() for p in peers),
                                              return_exceptions=True), 10)
    return 0


# Each frame sent carries a trailer after the VP8 data (decoders never read that far: the
# encoder pads its last partition), so a receiver knows whose frame it is and its number.
# Forwarding passes it through; relaying re-encodes and drops it (counts are used instead).
TRAILER = struct.Struct(">HBI")  # magic, sender index, frame number
MAGIC = 0xFC0F


class LoopedVideoTrack(MediaStreamTrack):
    """The pre-encoded clip as av.Packet at 30 fps; restarts at its key frame on request."""

    kind = "video"

    def __init__(self, frames: list[bytes], sender: int, fps: int = FPS) -> None:
        super().__init__()
        self.frames = frames
        self.sender = sender
        self.fps = fps
        self.index = 0
        self.sent = 0
        self.keyframe_requests = 0
        self._start: float | None = None

    def request_keyframe(self) -> None:
        self.keyframe_requests += 1
        self.index = 0

    async def recv(self) -> av.Packet:  # type: ignore[type-arg]
        loop = asyncio.get_running_loop()
        if self._start is None:
            self._start = loop.time()
        wait = self._start + self.sent / self.fps - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        packet = av.Packet(self.frames[self.index] + TRAILER.pack(MAGIC, self.sender, self.sent))
        packet.pts = self.sent * (90000 // self.fps)
        packet.time_base = VIDEO_TIME_BASE
        self.index = (self.index + 1) % len(self.frames)
        self.sent += 1
        return packet


class LoopedAudioTrack(MediaStreamTrack):
    """Pre-encoded Opus packets every 20 ms."""

    kind = "audio"

    def __init__(self, packets: list[bytes]) -> None:
        super().__init__()
        self.packets = packets
        self.sent = 0
        self._start: float | None = None

    async def recv(self) -> av.Packet:  # type: ignore[type-arg]
        loop = asyncio.get_running_loop()
        if self._start is None:
            self._start = loop.time()
        wait = self._start + self.sent * 0.02 - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        packet = av.Packet(self.packets[self.sent % len(self.packets)])
        packet.pts = self.sent * 960
        packet.time_base = AUDIO_TIME_BASE
        self.sent += 1
        return packet


class CountingQueue(queue.Queue):  # type: ignore[type-arg]
    """Stands in for a client receiver's decoder queue: counts frames, decodes nothing."""

    def __init__(self, counts: dict[str, int], slot: str,
                 numbers: dict[int, list[int]]) -> None:
        super().__init__()
        self.counts = counts
        self.slot = slot
        self.numbers = numbers  # sender index -> numbers of their frames received

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        if item is None:  # the receiver is stopping: let its decoder thread end
            super().put(item, block, timeout)
            return
        codec, frame = item
        name = codec.name.lower()
        self.counts[name] = self.counts.get(name, 0) + 1
        self.counts[self.slot] = self.counts.get(self.slot, 0) + 1
        data = frame.data
        if name == "vp8" and len(data) > TRAILER.size:
            magic, sender, number = TRAILER.unpack_from(data, len(data) - TRAILER.size)
            if magic == MAGIC:
                self.numbers.setdefault(sender, []).append(number)


@dataclass
class BenchPeer:
    url: str
    token: str
    index: int
    slots: int
    clip: dict[str, Any]
    talkers: int  # peers with index < talkers send a tone, the others near-silence; -1: all
    fps: int = FPS
    received: dict[str, int] = field(default_factory=dict)
    numbers: dict[int, list[int]] = field(default_factory=dict)
    pc: Any = None
    session: Any = None
    ws: Any = None
    video: Any = None
    audio: Any = None
    state: str = ""
    _listener: asyncio.Task[None] | None = None

    async def join(self) -> None:
        import aiohttp
        from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
        from aiortc.rtcconfiguration import RTCBundlePolicy

        self.session = aiohttp.ClientSession()
        ws_url = self.url.replace("http", "ws", 1) + f"/ws?token={self.token}"
        self.ws = await self.session.ws_connect(ws_url, ssl=common.insecure_context())
        hello = await self.ws.receive_json()
        assert hello["type"] == "hello", hello
        await self.ws.send_json({"type": "join", "mode": "video"})
        state = await self.ws.receive_json()
        assert state["type"] == "state", state
        self.pc = RTCPeerConnection(RTCConfiguration(
            iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE))
        talking = self.talkers < 0 or self.index < self.talkers
        tone = TONES[self.index % len(TONES)] if talking else 0
        self.audio = LoopedAudioTrack(self.clip["opus"][tone])
        self.video = LoopedVideoTrack(self.clip["video"], self.index, self.fps)
        self.pc.addTransceiver(self.audio, direction="sendrecv")
        video_sender = self.pc.addTransceiver(self.video, direction="sendonly").sender
        video_sender._send_keyframe = self.video.request_keyframe  # a PLI restarts the clip
        for _ in range(self.slots):
            self.pc.addTransceiver("video", direction="recvonly")
        self.pc.on("track", self._on_track)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        await self.ws.send_json({"type": "offer", "sdp": self.pc.localDescription.sdp})
        while True:
            message = await self.ws.receive_json()
            if message["type"] == "answer":
                await self.pc.setRemoteDescription(RTCSessionDescription(message["sdp"],
                                                                         "answer"))
                break
            if message["type"] == "state":
                self.state = message["state"]
        self._listener = asyncio.ensure_future(self._listen())

    def _on_track(self, track: Any) -> None:
        # Runs inside setRemoteDescription, before the receiver starts its decoder thread.
        for transceiver in self.pc.getTransceivers():
            if transceiver.receiver.track is track:
                transceiver.receiver._RTCRtpReceiver__decoder_queue = CountingQueue(
                    self.received, f"mid{transceiver.mid}", self.numbers)

    async def _listen(self) -> None:
        import aiohttp

        async for message in self.ws:
            if message.type is aiohttp.WSMsgType.TEXT:
                data = json.loads(message.data)
                if data.get("type") == "state":
                    self.state = data["state"]

    async def packet_counts(self) -> tuple[int, int]:
        """RTP packets this peer has sent and received (aiortc's own statistics)."""
        sent = received = 0
        if self.pc is not None:
            for item in (await self.pc.getStats()).values():
                if item.type == "outbound-rtp":
                    sent += item.packetsSent or 0
                elif item.type == "inbound-rtp":
                    received += item.packetsReceived or 0
        return sent, received

    async def counters(self) -> dict[str, Any]:
        packets_sent, packets_received = await self.packet_counts()
        return {"packets_sent": packets_sent, "packets_received": packets_received,
                "video_sent": self.video.sent if self.video else 0,
                "audio_sent": self.audio.sent if self.audio else 0,
                "video_recv": self.received.get("vp8", 0),
                "audio_recv": self.received.get("opus", 0),
                "keyframe_requests": self.video.keyframe_requests if self.video else 0,
                "slots": {k: v for k, v in self.received.items() if k.startswith("mid")},
                "state": self.state}

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
        if self.pc is not None:
            await self.pc.close()
        if self.ws is not None:
            await self.ws.close()
        if self.session is not None:
            await self.session.close()


# ---- the orchestrator -------------------------------------------------------------------
class Worker:
    def __init__(self, workdir: Path, name: str, url: str, peers: list[dict[str, Any]],
                 slots: int, clip: Path, deadline: float, talkers: int, nice: int = 0,
                 fps: int = FPS) -> None:
        config = workdir / f"{name}.json"
        config.write_text(json.dumps({"url": url, "peers": peers, "slots": slots,
                                      "clip": str(clip), "deadline": deadline,
                                      "talkers": talkers, "fps": fps}))
        self.log = (workdir / f"{name}.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-u", __file__, "--worker", str(config)], cwd=common.ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
            preexec_fn=common.niceness(nice))

    async def read(self, timeout: float) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(
            None, self.process.stdout.readline), timeout)
        if not line:
            raise RuntimeError(f"client worker ended (exit {self.process.poll()})")
        return dict(json.loads(line))

    async def mark(self) -> dict[str, Any]:
        return await self.ask("mark")

    async def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return await self.read(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.write("quit\n")
                self.process.stdin.flush()
                self.process.wait(timeout=15)
            except (subprocess.TimeoutExpired, BrokenPipeError):
                self.process.kill()
                self.process.wait(timeout=5)


@dataclass
class Result:
    peers: int
    mode: str
    server_cpu: float
    delivered: int
    expected: int
    min_receiver: float
    client_cpu: float
    sent_fps: float
    audio_pct: float
    keyframe_requests: int
    other_cpu: float  # busy cores on the machine outside the hub and the clients
    loop_cpu: float  # the hub's main thread (event loop) on a CPU, s/s
    loop_wait: float  # ... runnable but waiting for a CPU, s/s
    exact: bool  # frames matched by number (forwarding), else counted over the window
    packet_rate: float  # RTP packets/s into and out of the hub (as the clients counted them)
    hub_drops: int  # datagrams dropped at the hub's sockets (receive buffer full)
    client_drops: int

    @property
    def us_per_packet(self) -> float:
        return 1e6 * self.server_cpu / self.packet_rate if self.packet_rate else 0.0

    @property
    def pct(self) -> float:
        return 100.0 * self.delivered / self.expected if self.expected else 0.0


def copy_db(template: Path, target_dir: Path) -> Path:
    target_dir.mkdir()
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(template) + suffix)
        if source.exists():
            shutil.copy(source, target_dir / (template.name + suffix))
    return target_dir / template.name


def summarize_profile(path: Path, top: int = 25) -> None:
    """Print the hottest functions of a py-spy raw (collapsed stacks) profile."""
    own: collections.Counter[str] = collections.Counter()
    within: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        samples = int(count)
        total += samples
        frames = stack.split(";")
        own[frames[-1]] += samples
        for frame in set(frames):
            within[frame] += samples
    print(f"  hub profile: {total} samples (py-spy, 100 Hz, busy threads only)")
    for title, counter in (("self", own), ("inclusive", within)):
        print(f"  -- {title}")
        for frame, samples in counter.most_common(top):
            print(f"  {100 * samples / total:5.1f}%  {frame}")


def merged(marks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The workers' marks as one {peer index: counters}."""
    return {k: v for m in marks for k, v in m["peers"].items()}


async def run_case(template_db: Path, conference_id: str, workdir: Path, clip: Path,
                   peers: int, mode: str, window: float, warmup: float, procs: int,
                   py_spy: str | None = None, talkers: int = 2, nice: int = 0,
                   fps: int = FPS) -> Result:
    run_dir = workdir / f"run-{peers}-{mode}"
    hub = common.start_hub(copy_db(template_db, run_dir), conference_id, video_mode=mode,
                           nice=nice)
    workers: list[Worker] = []
    try:
        links = (await hub.links())[:peers]
        tokens = [{"token": link["path"].rsplit("/", 1)[1], "index": i}
                  for i, link in enumerate(links)]
        count = max(1, min(procs, peers))
        for w in range(count):
            workers.append(Worker(run_dir, f"clients-{w}", hub.url, tokens[w::count],
                                  peers - 1, clip, deadline=warmup + window + 60,
                                  talkers=talkers, nice=nice, fps=fps))
        joined = await asyncio.gather(*(w.read(40) for w in workers))
        errors = [e for j in joined for e in j["errors"]]
        if errors:
            raise RuntimeError(f"peers failed to join: {errors}")
        await hub.admit_all()

        async def flowing() -> bool:
            marks = await asyncio.gather(*(w.mark() for w in workers))
            counts = [c for m in marks for c in m["peers"].values()]
            return all(c["state"] == "in_meeting" and c["video_recv"] > 0 for c in counts)

        if not await common.wait_until(flowing, 20, 0.5):
            raise RuntimeError("video did not reach every peer within 20 s")
        await asyncio.sleep(warmup)
        cpu0, wall0, busy0 = hub.cpu(), time.monotonic(), common.machine_busy()
        sched0 = common.main_thread_schedstat(hub.pid)
        profile = run_dir / "hub-profile.txt"
        spy = None if not py_spy else subprocess.Popen(
            [py_spy, "record", "-p", str(hub.pid), "-d", str(int(window)), "-r", "100",
             "--nonblocking", "-f", "raw", "-o", str(profile)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        before = await asyncio.gather(*(w.mark() for w in workers))
        drops0 = (common.udp_drops(hub.pid),
                  sum(common.udp_drops(w.process.pid) for w in workers))
        await asyncio.sleep(window)
        drops1 = (common.udp_drops(hub.pid),
                  sum(common.udp_drops(w.process.pid) for w in workers))
        cpu1, wall1, busy1 = hub.cpu(), time.monotonic(), common.machine_busy()
        sched1 = common.main_thread_schedstat(hub.pid)
        after = await asyncio.gather(*(w.mark() for w in workers))
        if spy is not None:
            try:
                spy.wait(timeout=15)
            except subprocess.TimeoutExpired:
                spy.kill()
                spy.wait(timeout=5)
        # the frames sent during the window, wherever they arrive (a little later)
        start, end = merged(before), merged(after)
        await asyncio.sleep(1.5)
        ranges = {k: [start[k]["video_sent"], end[k]["video_sent"]] for k in end}
        numbered: dict[str, dict[str, int]] = {}
        for answer in await asyncio.gather(*(w.ask("count " + json.dumps(ranges))
                                             for w in workers)):
            numbered.update(answer)
        if os.environ.get("RTC_BENCH_DEBUG"):
            for mark in after:
                for key, value in mark["peers"].items():
                    print(key, value, flush=True)
        wall = wall1 - wall0
    finally:
        for worker in workers:
            worker.stop()
        hub.stop()
    if py_spy and profile.exists():
        summarize_profile(profile)

    delta = {k: {f: end[k][f] - start[k][f] for f in ("video_sent", "audio_sent",
                                                      "video_recv", "audio_recv",
                                                      "keyframe_requests", "packets_sent",
                                                      "packets_received")}
             for k in end}
    # every packet the clients sent went into the hub, every one they got came out of it
    packets = sum(d["packets_sent"] + d["packets_received"] for d in delta.values())
    sent_total = sum(d["video_sent"] for d in delta.values())
    exact = sum(sum(c.values()) for c in numbered.values()) > 0  # the trailers came through
    per_receiver = []
    delivered = 0
    for key, d in delta.items():
        expected = sent_total - d["video_sent"]  # every other peer's camera, one slot each
        got = sum(numbered[key].values()) if exact else d["video_recv"]
        delivered += got
        per_receiver.append(got / expected if expected else 0.0)
    expected = sent_total * (peers - 1)
    client_cpu = sum(b["cpu"] for b in after) - sum(a["cpu"] for a in before)
    client_wall = statistics.mean(a["t"] - b["t"] for a, b in zip(after, before, strict=True))
    audio_expected = len(delta) * wall / 0.02
    other = (busy1 - busy0 - (cpu1 - cpu0) - client_cpu) / wall
    return Result(peers, mode, (cpu1 - cpu0) / wall, delivered, expected,
                  100 * min(per_receiver), client_cpu / client_wall,
                  sent_total / len(delta) / wall,
                  100 * sum(d["audio_recv"] for d in delta.values()) / audio_expected,
                  sum(d["keyframe_requests"] for d in delta.values()), max(0.0, other),
                  (sched1[0] - sched0[0]) / wall, (sched1[1] - sched0[1]) / wall, exact,
                  packets / wall, drops1[0] - drops0[0], drops1[1] - drops0[1])


async def orchestrate(args: argparse.Namespace) -> int:
    started = time.monotonic()
    peers_list = [int(p) for p in args.peers.split(",")]
    modes = args.modes.split(",")
    print(f"machine: {os.cpu_count()} cores; video {WIDTH}x{HEIGHT} VP8 sent at {args.fps} fps "
          f"(clip encoded at {FPS} fps, ~{VIDEO_BITRATE // 1000} kbit/s); Opus 20 ms; "
          f"window {args.window:.0f} s after {args.warmup:.0f} s warm-up; "
          f"clients in up to {args.procs} processes; "
          f"talkers: {'all' if args.talkers < 0 else args.talkers}; nice {args.nice}",
          flush=True)
    results: list[Result] = []
    with common.temp_workdir("rtc-hub-bench-") as workdir:
        clip = workdir / "clip.pickle"
        info = encode_clip(clip)
        print(f"clip: {info['frames']} frames, {info['kbps']:.0f} kbit/s, key frame "
              f"{info['keyframe_bytes']} bytes", flush=True)
        db, conference_id = common.create_conference(workdir, max(12, max(peers_list)))
        for peers in peers_list:
            for mode in modes:
                if args.quiet_wait > 0:
                    busy = common.wait_for_quiet_machine(args.quiet_wait)
                    if busy >= 0.3:
                        print(f"  (the machine is busy with other work: {busy:.2f} cores)",
                              flush=True)
                case_start = time.monotonic()
                try:
                    result = await run_case(db, conference_id, workdir, clip, peers, mode,
                                            args.window, args.warmup, args.procs,
                                            args.py_spy, args.talkers, args.nice,
                                            args.fps)
                except Exception as failed:
                    print(f"N={peers} {mode}: FAILED {failed!r}", flush=True)
                    if args.keep_logs:
                        shutil.copytree(workdir, args.keep_logs, dirs_exist_ok=True)
                    continue
                results.append(result)
                print(f"N={peers:<2} {mode:<7} server {result.server_cpu:5.2f} s/s (event loop "
                      f"{result.loop_cpu:4.2f}, waiting for a CPU {result.loop_wait:4.2f})  "
                      f"{result.packet_rate:5.0f} RTP packets/s in+out, "
                      f"{result.us_per_packet:4.0f} us of hub CPU each  "
                      f"video {result.pct:6.2f}% {'by number' if result.exact else 'by count'} "
                      f"(worst receiver {result.min_receiver:6.2f}%)"
                      f"  sent {result.sent_fps:4.1f} fps/peer  audio {result.audio_pct:5.1f}%"
                      f"  PLI at clients {result.keyframe_requests}"
                      f"  UDP drops: hub {result.hub_drops}, clients {result.client_drops}"
                      f"  clients {result.client_cpu:4.2f} s/s  others {result.other_cpu:4.2f}"
                      f"  ({time.monotonic() - case_start:.0f} s)", flush=True)
        if args.keep_logs:
            shutil.copytree(workdir, args.keep_logs, dirs_exist_ok=True)
    print()
    print(f"{'N':>3}  {'mode':<8} {'server CPU s/s':>14}  {'frames delivered/expected':>27}"
          f"  {'client CPU s/s':>14}  {'other load':>10}  {'hub loop waits':>14}"
          f"  {'hub UDP drops':>13}")
    for r in results:
        print(f"{r.peers:>3}  {r.mode:<8} {r.server_cpu:>14.2f}  "
              f"{r.delivered:>9}/{r.expected:<9} ({r.pct:6.2f}%)  {r.client_cpu:>14.2f}"
              f"  {r.other_cpu:>10.2f}  {r.loop_wait:>14.2f}  {r.hub_drops:>13}")
    by_key = {(r.peers, r.mode): r for r in results}
    print("(other load: busy cores outside the hub and the clients, incl. kernel networking; "
          "hub loop waits: s/s its event-loop thread was runnable but had no CPU)")
    print()
    for peers in peers_list:
        forward, relay = by_key.get((peers, "forward")), by_key.get((peers, "relay"))
        if forward and relay and forward.server_cpu > 0:
            # relaying drops frames once it saturates: per frame delivered is the fairer ratio
            per_frame = ((relay.server_cpu / relay.delivered) /
                         (forward.server_cpu / forward.delivered)
                         if relay.delivered and forward.delivered else float("nan"))
            print(f"N={peers:<2} relay/forward server CPU ratio: "
                  f"{relay.server_cpu / forward.server_cpu:5.1f}x per second, "
                  f"{per_frame:5.1f}x per frame delivered")
    target = by_key.get((12, "forward"))
    if target:
        ok = target.pct >= 99.0 and target.server_cpu < 1.0
        print(f"target (12 video peers, forwarding: >= 99% delivered under 1.0 core): "
              f"{'met' if ok else 'MISSED'} ({target.pct:.2f}%, {target.server_cpu:.2f} s/s)")
    print(f"total run time {time.monotonic() - started:.0f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", default="2,4,8,12", help="comma-separated N")
    parser.add_argument("--modes", default="forward,relay")
    parser.add_argument("--window", type=float, default=10.0, help="steady-state seconds")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--procs", type=int, default=2, help="client processes")
    parser.add_argument("--quiet-wait", type=float, default=0.0, metavar="S",
                        help="before each case, wait up to S s for other work to stop")
    parser.add_argument("--talkers", type=int, default=2,
                        help="peers sending a tone (the rest send near-silence); -1: all")
    parser.add_argument("--fps", type=int, default=FPS,
                        help="video frames per second each peer sends (the clip's frames "
                        "keep their 30 fps sizes)")
    parser.add_argument("--nice", type=int, default=0,
                        help="run the hub and the clients at this nice value (-5: ahead of "
                        "other work on a shared machine; negative needs root)")
    parser.add_argument("--py-spy", metavar="BIN",
                        help="profile the hub during each window with this py-spy binary")
    parser.add_argument("--keep-logs", metavar="DIR", help="copy the hub and client logs here")
    parser.add_argument("--worker", metavar="CONFIG", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return run_worker(args.worker)
    return asyncio.run(orchestrate(args))


if __name__ == "__main__":
    sys.exit(main())
