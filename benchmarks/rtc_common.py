"""Shared set-up for the WebRTC hub benchmarks (rtc_hub.py, rtc_latency.py).

A temporary database with a fictional conference of 12 remote video attendees, the hub run as
a separate process (`facilitator serve --headless --port 0`), and the chair's API. Everything
is on 127.0.0.1 and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# Every name is fictional.
REMOTE_NAMES = [
    "Ava Penrose", "Ben Hollis", "Cora Whitlow", "Dev Marston", "Esme Rook", "Finn Aldous",
    "Gwen Tarrant", "Hari Blythe", "Isla Fenwick", "Jonah Pell", "Kit Sayer", "Lena Voss",
    "Milo Renshaw", "Nia Coldwell", "Owen Barraclough", "Pia Stanmore",
]
REMOTE_ROLES = ["parent", "parent", "family_member", "social_worker", "police",
                "health_visitor", "school", "gp", "probation", "housing", "mental_health",
                "other_professional", "paediatrician", "midwife", "early_years", "legal"]


def conference_data(remote: int) -> dict[str, Any]:
    """A conference for `conference new`: the chair and a minute taker in the room and
    `remote` attendees joining by video, starting at the next quarter hour."""
    from facilitator.domain.calendar import Nation, subtract_working_days
    from facilitator.domain.clock import SystemClock
    from facilitator.services.conference_file import LOCAL_ZONE

    local = SystemClock().now().astimezone(LOCAL_ZONE).replace(second=0, microsecond=0)
    start = local + timedelta(minutes=15 - local.minute % 15)
    attendees: list[dict[str, Any]] = [
        {"name": "Helen Marsh", "role": "chair", "agency": "Safeguarding and Reviewing Unit",
         "state": "confirmed"},
        {"name": "Rob Kendal", "role": "minute_taker",
         "agency": "Safeguarding and Reviewing Unit", "state": "confirmed"},
    ]
    for index in range(remote):
        attendees.append({"name": REMOTE_NAMES[index], "role": REMOTE_ROLES[index],
                          "agency": "Fernbridge Benchmark Service", "mode": "video",
                          "state": "confirmed"})
    return {
        "kind": "initial", "nation": "england", "scheduled_start": start.isoformat(),
        "planned_minutes": 120, "venue": "Benchmark Room, Riverside House, Fernbridge",
        "strategy_discussion": subtract_working_days(start.date(), 10,
                                                     Nation.ENGLAND).isoformat(),
        "children": [{"id": "sky", "name": "Sky Penrose", "date_of_birth": "2019-05-01"}],
        "attendees": attendees,
    }


def create_conference(workdir: Path, remote: int = 12) -> tuple[Path, str]:
    """A fresh database in `workdir` holding one conference; returns (db path, id)."""
    import yaml

    db = workdir / "bench.sqlite3"
    spec = workdir / "conference.yaml"
    spec.write_text(yaml.safe_dump(conference_data(remote), sort_keys=False), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", "import sys; from facilitator.cli import main; "
         "sys.exit(main(sys.argv[1:]))", "--db", str(db), "conference", "new", str(spec)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"conference new failed: {out.stdout}{out.stderr}")
    return db, out.stdout.strip().splitlines()[-1]


def insecure_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the hub's own self-signed certificate, on 127.0.0.1
    return context


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), from /proc/<pid>/stat."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # fields 14 and 15 of stat(5)


def main_thread_schedstat(pid: int) -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for a CPU) of the process's main
    thread, the hub's event loop (from /proc/<pid>/schedstat, in nanoseconds)."""
    on_cpu, waiting, _slices = Path(f"/proc/{pid}/schedstat").read_text().split()
    return int(on_cpu) / 1e9, int(waiting) / 1e9


def udp_drops(pid: int) -> int:
    """Datagrams the kernel dropped because a UDP socket of this process had a full receive
    buffer (the process did not read fast enough), from /proc/net/udp and /proc/<pid>/fd."""
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    drops = 0
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if len(fields) >= 13 and fields[9] in inodes:
                    drops += int(fields[12])
    return drops


def machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot (from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def wait_for_quiet_machine(limit: float, most: float = 0.3, quiet_for: float = 3.0) -> float:
    """Wait (at most `limit` s) until the machine has been busy less than `most` cores for
    `quiet_for` s in a row (other work skews the figures). Returns the busy cores last seen."""
    deadline = time.monotonic() + limit
    quiet_since = time.monotonic()
    while True:
        before = machine_busy()
        time.sleep(0.5)
        busy = (machine_busy() - before) / 0.5
        now = time.monotonic()
        if busy >= most:
            quiet_since = now
        if now - quiet_since >= quiet_for or now >= deadline:
            return busy


async def chair_api(base_url: str, chair_token: str, method: str, path: str,
                    body: dict[str, Any] | None = None) -> Any:
    """The chair's API of one conference: `base_url` is the hub's own URL (`serve`) or the
    conference's under a hub server (https://host:port/c/<slug>); `path` e.g. /api/admit."""
    import aiohttp

    headers = {"Authorization": f"Bearer {chair_token}"}
    timeout = aiohttp.ClientTimeout(total=15)
    async with aiohttp.ClientSession(timeout=timeout) as client, client.request(
            method, base_url + path, json=body, headers=headers,
            ssl=insecure_context()) as response:
        data = await response.json()
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status} {data}")
        return data


@dataclass
class HubProcess:
    process: subprocess.Popen[str]
    url: str
    chair_token: str
    workdir: Path
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu(self) -> float:
        return cpu_seconds(self.pid)

    async def api(self, method: str, path: str, body: dict[str, Any] | None = None
                  ) -> Any:
        return await chair_api(self.url, self.chair_token, method, path, body)

    async def links(self) -> list[dict[str, Any]]:
        return list((await self.api("GET", "/api/links"))["links"])

    async def admit_all(self) -> None:
        await self.api("POST", "/api/admit", {"all": True})

    async def state(self) -> dict[str, Any]:
        return dict(await self.api("GET", "/api/state"))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


# aioice leaves 127.0.0.1 out of its host candidates; the benchmarks keep media on loopback.
LOOPBACK_ONLY = ("import aioice.ice\n"
                 "aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ['127.0.0.1']\n")


def loopback_ice_only() -> None:
    """In this process: aiortc peers gather host candidates on 127.0.0.1 only."""
    exec(LOOPBACK_ONLY, {})


# Instruments the hub's audio path from inside its process (wrapping, not changing, its code):
# aiortc's audio jitter buffer hold time per frame, the onset of each click as it reaches the
# mixer and as it leaves in an encoded mix, the mixer's source buffer level at each tick, and
# the late ticks. Written as JSON to $RTC_BENCH_PROBE_OUT every 0.5 s.
AUDIO_PROBE = """
import json as _json, os as _os, sys as _sys, threading as _threading, time as _time
import numpy as _np

_PROBE = {"jb_hold_ms": [], "onset_in": [], "onset_out": [], "buffer_ms": [], "ticks": 0,
          "late_ticks": 0, "missing": []}
_ARRIVALS = {}
_LOUD = 0.02

def _loud(samples):
    return float(_np.sqrt(_np.mean(_np.square(samples, dtype=_np.float64)))) >= _LOUD

def _wrap(owner, name, make):
    # the hub's code moves on: a probe point that is gone is reported, not fatal
    original = getattr(owner, name, None)
    if original is None:
        _PROBE["missing"].append(f"{getattr(owner, '__name__', owner)}.{name}")
        return
    setattr(owner, name, make(original))

try:
    import aiortc.jitterbuffer as _jb
    from facilitator.services.rtc import hub as _hub, mixer as _mixer
except ImportError as _gone:
    _PROBE["missing"].append(str(_gone))
else:
    def _make_add(_add):
        def _probe_add(self, packet):
            if not self._is_video:
                _ARRIVALS.setdefault((id(self), packet.timestamp), _time.monotonic())
            pli, frame = _add(self, packet)
            if frame is not None and not self._is_video:
                arrived = _ARRIVALS.pop((id(self), frame.timestamp), None)
                if arrived is not None:
                    _PROBE["jb_hold_ms"].append(1000 * (_time.monotonic() - arrived))
            return pli, frame
        return _probe_add
    _wrap(_jb.JitterBuffer, "add", _make_add)

    _was_loud = {}
    def _make_incoming(_incoming):
        def _probe_incoming(self, source_id, samples, *args, **kwargs):
            loud = _loud(samples)
            if loud and not _was_loud.get(source_id):
                _PROBE["onset_in"].append(_time.monotonic())
            _was_loud[source_id] = loud
            return _incoming(self, source_id, samples, *args, **kwargs)
        return _probe_incoming
    _wrap(_hub.MediaHub, "_incoming_audio", _make_incoming)

    def _make_encode(_encode):
        def _probe_encode(self, samples, *args, **kwargs):
            loud = _loud(samples)
            if loud and not getattr(self, "_probe_loud", False):
                _PROBE["onset_out"].append(_time.monotonic())
            self._probe_loud = loud
            return _encode(self, samples, *args, **kwargs)
        return _probe_encode
    _wrap(_mixer.OpusMixEncoder, "encode", _make_encode)

    def _make_pop(_pop):
        def _probe_pop(self, *args, **kwargs):
            _PROBE["buffer_ms"].append(getattr(self, "_size", 0) / 48.0)
            return _pop(self, *args, **kwargs)
        return _probe_pop
    _wrap(_mixer.SourceBuffer, "pop_frame", _make_pop)

    def _make_tick(_tick):
        def _probe_tick(self, *args, **kwargs):
            _PROBE["ticks"] = getattr(self, "ticks", 0) + 1
            _PROBE["late_ticks"] = getattr(self, "late_ticks", 0)
            return _tick(self, *args, **kwargs)
        return _probe_tick
    _wrap(_hub.MediaHub, "_tick", _make_tick)

def _probe_dump():
    while True:
        _time.sleep(0.5)
        snapshot = {k: (list(v) if isinstance(v, list) else v) for k, v in _PROBE.items()}
        snapshot["buffer_ms"] = snapshot["buffer_ms"][-2000:]
        snapshot["jb_hold_ms"] = snapshot["jb_hold_ms"][-2000:]
        path = _os.environ["RTC_BENCH_PROBE_OUT"]
        with open(path + ".tmp", "w") as out:
            _json.dump(snapshot, out)
        _os.replace(path + ".tmp", path)
_threading.Thread(target=_probe_dump, daemon=True).start()
"""


def _serve_has(option: str) -> bool:
    """Whether `facilitator serve` knows this option (the command line evolves)."""
    return option in (ROOT / "facilitator" / "cli.py").read_text(encoding="utf-8")


def niceness(value: int) -> Any:
    """For Popen(preexec_fn=...): run the child at this nice value (negative needs root)."""
    if value == 0:
        return None
    return lambda: os.setpriority(os.PRIO_PROCESS, 0, value)


def start_hub(db: Path, conference_id: str, video_mode: str = "forward",
              timeout: float = 30.0, probe_out: Path | None = None,
              nice: int = 0, room_audio: bool = False,
              transcription: bool = False, extra_args: tuple[str, ...] = ()) -> HubProcess:
    """`facilitator serve --headless --port 0` in its own process (ICE on 127.0.0.1 only);
    waits until it listens. With `probe_out`, AUDIO_PROBE instruments the hub's audio path;
    `nice` sets its scheduling priority (e.g. -5 ahead of other work on a shared machine).
    The room's own microphone and loudspeakers stay off unless `room_audio`: only remote
    people take part. Speech recognition (which `serve --headless` now runs, in the hub's own
    process) stays off unless `transcription`: the figures are the hub's own cost.
    `extra_args` go to `serve` as they are (e.g. --turn URL --turn-secret-file F)."""
    workdir = db.parent
    log_path = workdir / f"hub-{video_mode}-{int(time.time() * 1000)}.log"
    log_file = log_path.open("w")
    # RTC_BENCH_HUB_PREAMBLE: a Python file run in the hub's process first (to try a change
    # to the hub on a scratch basis, or to instrument it further)
    preamble = os.environ.get("RTC_BENCH_HUB_PREAMBLE")
    extra = f"exec(open({preamble!r}).read())\n" if preamble else ""
    env = dict(os.environ)
    if not transcription:
        env["FACILITATOR_TRANSCRIPTION"] = "off"
    if probe_out is not None:
        extra = AUDIO_PROBE + extra
        env["RTC_BENCH_PROBE_OUT"] = str(probe_out)
    process = subprocess.Popen(
        [sys.executable, "-u", "-c",
         LOOPBACK_ONLY + extra + "import sys\nfrom facilitator.cli import main\n"
         "sys.exit(main(sys.argv[1:]))", "--db", str(db), "serve", "--headless",
         "--conference", conference_id, "--port", "0", "--video-mode", video_mode,
         *([] if room_audio or not _serve_has("--no-room-audio") else ["--no-room-audio"]),
         *extra_args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=log_file, text=True, env=env,
        preexec_fn=niceness(nice))
    assert process.stdout is not None
    url = token_file = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (url is None or token_file is None):
        line = process.stdout.readline()
        if not line:
            break
        if match := re.search(r"listening on (\S+)", line):
            url = match.group(1)
        if match := re.search(r"token: in (.+)$", line.strip()):
            token_file = match.group(1)
    if url is None or token_file is None:
        process.kill()
        raise RuntimeError(f"the hub did not start: see {log_path}")
    token = Path(token_file).read_text(encoding="utf-8").strip()
    return HubProcess(process, url, token, workdir, log_path)


@contextlib.contextmanager
def temp_workdir(prefix: str) -> Any:
    with tempfile.TemporaryDirectory(prefix=prefix) as name:
        yield Path(name)


async def wait_until(predicate: Any, timeout: float, interval: float = 0.1) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return True
        await asyncio.sleep(interval)
    return False


def chromium_args(audio_wav: Path | None = None) -> list[str]:
    """As in tests/rtc/test_browser.py (fake devices, no permission prompt, 127.0.0.1 only)."""
    args = [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--ignore-certificate-errors", "--autoplay-policy=no-user-gesture-required",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
    ]
    if audio_wav is not None:
        args.append(f"--use-file-for-fake-audio-capture={audio_wav}")
    return args


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))
