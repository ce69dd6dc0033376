"""WER of the speech sets spoken down the hub's real SIP line: what live transcription stores.

    .venv/bin/python benchmarks/asr_sip.py --set dev --limit 6
    .venv/bin/python benchmarks/asr_sip.py --set test [--callers 3] [--codec PCMU|PCMA|G722]
    .venv/bin/python benchmarks/asr_sip.py --set dev --limit 6 --offline   # + the codec path

The hub runs as `facilitator serve --headless --sip 127.0.0.1:PORT` in its own process with
transcription on (its default; FACILITATOR_ASR_MODEL picks the model, whisper-base unless
--model). A conference with one phone attendee per caller is created with the CLI, the meeting
started through the chair's API. Each caller is sipp (Debian's sip-tester): a SIP UA that is no
part of the product, dialling in with an INVITE, entering its attendee's PIN by SIP INFO, and,
once the chair's API has admitted it, playing its passages as one RTP stream from a pcap at real
time (sipp's play_pcap_audio paces packets by the capture's timestamps). The speech is encoded
to G.711 by sox (8 kHz, its own resampler and mu/A-law), not by the product's codec code, so the
product's line decodes and resamples what an independent encoder made; G.722 has no encoder
outside the product here, so --codec G722 uses facilitator's (as tests/sip/sipp.py does).
sipp rather than tests/sip/phone.py's ScriptedPhone: a real, separate process with its own SIP
stack and packet clock, so nothing of the caller shares the product's code or event loop.

Passages are shared among the callers (longest-first to the least loaded, each caller's in set
order), spoken one after another with --gap seconds of silence between, all callers at once.
When the calls have ended and the hub's database has gained no line for --quiet seconds (bounded
waits), the hub is stopped and its record read with the product's EventStore; each caller's
lines are attributed to the passage whose stretch of the call (extended half a gap each side)
holds the line's middle. WER is `asr_sets.wer_both` (raw, and with Whisper's English normaliser)
over all words of the set; "[not transcribed" lines are counted and score as nothing said.

Measured (whisper-base, PCMU, 3 callers, 5 s gaps):
  test, all 21 passages on a quiet machine (load average 1.1 before, 0.8 after; 345 s wall):
    WER raw 9.70%, normalised 6.64%, no gaps, against 9.50% / 6.58% offline (asr_sets.py's
    phone variant, the product's codec path).
On the 2 cores shared with other work:
  dev --limit 6 (377 words, 3.1 min; 130 s wall): WER raw 3.42%, normalised 2.38%, no gaps.
  test, all 21 passages (1,522 words, 13.2 min of speech; 378 s wall, load average 12-17):
    WER raw 17.63%, normalised 14.88%, with 10 "[not transcribed" gaps (73 s of speech
    dropped: the recogniser fell behind on a machine loaded 6-8 times over); an earlier run
    at load 10-13: 17.17% / 14.42%, 14 gaps. On the 16 passages without a gap: raw 7.92%,
    normalised 5.65%, against 7.36% / 5.46% for the offline codec path on the same passages
    (6.58% over all 21, as README.md has it). So the SIP path (sox's encoder, RTP at real
    time, the line's decoding, jitter buffer and resampling) costs about 0.2 points; what
    the live figure loses beyond that is speech dropped for CPU, not the phone line.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for entry in (str(HERE), str(ROOT)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

import speech_sets  # noqa: E402
from asr_sets import wer_both  # noqa: E402

# Every name is fictional.
CALLER_NAMES = ["Maya Penhallow", "Owen Tresize", "Priya Lanyon", "Rhys Carbis", "Tamsin Quick",
                "Idris Polglase", "Nell Chenoweth", "Sol Trewin"]
ADMITTED_BY_MS = 9000  # the PIN, the waiting room, admission and "you are in" before speaking
LEAD_SILENCE = 1.0


@dataclass
class Caller:
    name: str
    passages: list[Any] = field(default_factory=list)
    spans: list[tuple[float, float]] = field(default_factory=list)  # seconds into its stream
    pin: str = ""
    attendee_id: str = ""
    speaking_from: float = 0.0  # wall clock (time.time()) of its stream's first sample


def share(passages: tuple[Any, ...], callers: int) -> list[Caller]:
    out = [Caller(CALLER_NAMES[i]) for i in range(callers)]
    load = [0.0] * callers
    owner: dict[str, int] = {}
    for passage in sorted(passages, key=lambda p: -p.seconds):
        index = load.index(min(load))
        owner[passage.name] = index
        load[index] += passage.seconds
    for passage in passages:
        out[owner[passage.name]].passages.append(passage)
    return [c for c in out if c.passages]


def stream(caller: Caller, gap: float) -> np.ndarray:
    """The caller's speech at 16 kHz: lead silence, passages with `gap` s between, a tail."""
    rate = speech_sets.RATE
    pieces, at = [np.zeros(int(LEAD_SILENCE * rate), np.float32)], LEAD_SILENCE
    for passage in caller.passages:
        pieces.append(passage.audio.astype(np.float32))
        caller.spans.append((at, at + passage.seconds))
        pieces.append(np.zeros(int(gap * rate), np.float32))
        at += passage.seconds + gap
    return np.concatenate(pieces)


def caller_pcap(workdir: Path, caller: Caller, audio: np.ndarray, codec: str) -> Path:
    from tests.sip.sipp import write_rtp_pcap

    stem = workdir / caller.name.replace(" ", "-").lower()
    if codec == "G722":
        from facilitator.services.sip.codecs import G722

        encoder = G722()
        pcm = np.clip(audio * 32767, -32768, 32767).astype(np.int16)
        payloads = [encoder.encode(pcm[i:i + 320]) for i in range(0, len(pcm) - 319, 320)]
        return write_rtp_pcap(stem.with_suffix(".pcap"), 9, payloads, 160)
    source, coded = stem.with_suffix(".f32"), stem.with_suffix(".g711")
    source.write_bytes(audio.astype("<f4").tobytes())
    subprocess.run(["sox", "-t", "raw", "-r", "16000", "-e", "floating-point", "-b", "32",
                    "-c", "1", str(source), "-t", "raw", "-r", "8000", "-c", "1", "-e",
                    "u-law" if codec == "PCMU" else "a-law", str(coded)],
                   check=True, capture_output=True, timeout=120)
    data = coded.read_bytes()
    payloads = [data[i:i + 160] for i in range(0, len(data) - 159, 160)]
    return write_rtp_pcap(stem.with_suffix(".pcap"), 0 if codec == "PCMU" else 8, payloads, 160)


def conference_file(workdir: Path, callers: list[Caller]) -> Path:
    import yaml

    from facilitator.domain.calendar import Nation, subtract_working_days
    from facilitator.domain.clock import SystemClock

    start = SystemClock().now().replace(second=0, microsecond=0) + timedelta(minutes=5)
    attendees: list[dict[str, Any]] = [
        {"name": "Helen Marsh", "role": "chair", "agency": "Safeguarding and Reviewing Unit",
         "state": "confirmed"}]
    attendees += [{"name": c.name, "role": "parent", "agency": "Fernbridge Benchmark Service",
                   "mode": "phone", "state": "confirmed"} for c in callers]
    data = {"kind": "initial", "nation": "england", "scheduled_start": start.isoformat(),
            "planned_minutes": 120, "venue": "Benchmark Room, Fernbridge",
            "strategy_discussion": subtract_working_days(start.date(), 10,
                                                         Nation.ENGLAND).isoformat(),
            "children": [{"id": "sky", "name": "Sky Penrose", "date_of_birth": "2019-05-01"}],
            "attendees": attendees}
    path = workdir / "conference.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def facilitator(db: Path, *args: str, env: dict[str, str] | None = None,
                popen: bool = False) -> Any:
    command = [sys.executable, "-c", "import sys\nfrom facilitator.cli import main\n"
               "sys.exit(main(sys.argv[1:]))", "--db", str(db), *args]
    if popen:
        return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=env)
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=True, env=env)


def recorded_lines(db: Path, conference_id: str) -> list[Any]:
    from facilitator.services.database import open_database
    from facilitator.services.store import EventStore

    store = EventStore(open_database(db))
    try:
        return list(store.load(conference_id).transcript())
    finally:
        store.db.close()


async def call_in(hub: Any, db: Path, conference_id: str, callers: list[Caller],
                  workdir: Path, gap: float, codec: str, quiet: float) -> list[Any]:
    import ssl

    import aiohttp

    from tests.sip.sipp import Scenario, free_udp_port, run_sipp

    url = token_file = ""
    deadline = time.monotonic() + 120
    while not (url and token_file) and time.monotonic() < deadline:
        line = await asyncio.to_thread(hub.stdout.readline)
        if match := re.search(r"listening on (\S+)", line):
            url = match.group(1)
        if match := re.search(r"token: in (\S+)", line):
            token_file = match.group(1)
    assert url and token_file, "the hub did not start"
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    headers = {"Authorization": f"Bearer {Path(token_file).read_text().strip()}"}

    async def api(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        async with aiohttp.ClientSession() as client, client.request(
                method, url + path, json=body, headers=headers, ssl=context) as response:
            return await response.json()

    links = {link["name"]: link for link in (await api("GET", "/api/links"))["links"]}
    for caller in callers:
        caller.pin, caller.attendee_id = links[caller.name]["pin"], links[caller.name][
            "attendee_id"]
    await api("POST", "/api/start")
    calls = []
    for caller in callers:
        audio = stream(caller, gap)
        pcap = caller_pcap(workdir, caller, audio, codec)
        seconds = len(audio) / speech_sets.RATE
        scenario = (Scenario(free_udp_port(), codecs=(codec,)).pause(300)
                    .dtmf_info(caller.pin + "#").pause(ADMITTED_BY_MS).play(pcap)
                    .pause(int(seconds * 1000) + 1000).bye())
        caller.speaking_from = time.time() + 0.3 + ADMITTED_BY_MS / 1000
        calls.append(asyncio.ensure_future(run_sipp(
            scenario.xml(), ("127.0.0.1", SIP_PORT[0]), workdir, timeout=seconds + 60)))
        await asyncio.sleep(0.2)
    admitted: set[str] = set()
    for _ in range(80):  # 8 s, within ADMITTED_BY_MS of the first call
        state = await api("GET", "/api/state")
        admitted = {p["id"] for p in state["people"] if p["in_meeting"]}
        if any(p["waiting"] for p in state["people"]):
            await api("POST", "/api/admit", {"all": True})
        if all(c.attendee_id in admitted for c in callers):
            break
        await asyncio.sleep(0.1)
    missing = [c.name for c in callers if c.attendee_id not in admitted]
    print(f"admitted {len(callers) - len(missing)} of {len(callers)} callers in time"
          + (f" (not: {', '.join(missing)})" if missing else ""))
    results = await asyncio.gather(*calls)
    print(f"sipp calls ended as scripted: {sum(r.ok for r in results)} of {len(callers)}")
    for result in results:
        if not result.ok:
            print(result.output[-1500:])
    # the recogniser catches up: until no line is added for `quiet` s (at most 5 min)
    count, still_since, give_up = -1, time.monotonic(), time.monotonic() + 300
    while time.monotonic() < give_up:
        now = len(await asyncio.to_thread(recorded_lines, db, conference_id))
        if now != count:
            count, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= quiet:
            break
        await asyncio.sleep(1.0)
    return await asyncio.to_thread(recorded_lines, db, conference_id)


SIP_PORT = [0]


def attribute(callers: list[Caller], lines: list[Any], gap: float
              ) -> tuple[dict[str, list[str]], int, int, list[float], set[str]]:
    """Each passage's recognised text; the count of "[not transcribed" lines and of lines no
    passage holds; each caller's first line's start less its first passage's (s); the
    passages a "[not transcribed" line falls in."""
    said: dict[str, list[str]] = {p.name: [] for c in callers for p in c.passages}
    gapped: set[str] = set()
    gaps = stray = 0
    offsets = []
    for caller in callers:
        own = sorted((u for u in lines if u.speaker_id == caller.attendee_id),
                     key=lambda u: u.started_at)
        if own:
            offsets.append(own[0].started_at.timestamp() - caller.speaking_from
                           - caller.spans[0][0])
        for line in own:
            gaps += bool(line.not_transcribed or line.text.startswith("[not transcribed"))
            middle = (line.started_at.timestamp() + line.ended_at.timestamp()) / 2 \
                - caller.speaking_from
            for passage, (start, end) in zip(caller.passages, caller.spans, strict=True):
                if start - gap / 2 <= middle < end + gap / 2:
                    if line.not_transcribed or line.text.startswith("[not transcribed"):
                        gapped.add(passage.name)
                    else:
                        said[passage.name].append(line.text)
                    break
            else:
                stray += 1
    stray += sum(u.speaker_id not in {c.attendee_id for c in callers} for u in lines)
    return said, gaps, stray, offsets, gapped


def offline_codec_path(passages: tuple[Any, ...], model: str) -> dict[str, str]:
    """Each passage's text as asr_sets.py --variant phone decodes it (the product's codec code
    offline, the live pipeline's segmenter and decoder in this process)."""
    from dataclasses import replace

    from asr_sets import settings_from

    from facilitator.services.asr import open_engine
    from facilitator.services.asr.engine import transcribe

    engine = open_engine(replace(settings_from([]), model=model))
    return {p.name: " ".join(f.text for f in transcribe(
        engine, speech_sets.to_16k(*speech_sets.variant(p, "phone")))) for p in passages}


def run(args: argparse.Namespace) -> int:
    from tests.sip.sipp import free_udp_port

    began, load_before = time.perf_counter(), os.getloadavg()[0]
    passages = speech_sets.passages(args.set)[:args.limit]
    callers = share(passages, args.callers)
    with tempfile.TemporaryDirectory(prefix="asr-sip-") as name:
        workdir = Path(name)
        db = workdir / "hub.sqlite3"
        env = {**os.environ, "FACILITATOR_ASR_MODEL": args.model,
               "FACILITATOR_PROMPT_CACHE": str(workdir / "prompts")}
        env.pop("FACILITATOR_TRANSCRIPTION", None)
        conference_id = facilitator(db, "conference", "new",
                                    str(conference_file(workdir, callers)),
                                    env=env).stdout.strip().splitlines()[-1]
        SIP_PORT[0] = free_udp_port()
        hub = facilitator(db, "serve", "--headless", "--conference", conference_id,
                          "--port", "0", "--sip", f"127.0.0.1:{SIP_PORT[0]}", env=env,
                          popen=True)
        try:
            lines = asyncio.run(asyncio.wait_for(call_in(
                hub, db, conference_id, callers, workdir, args.gap, args.codec, args.quiet),
                sum(p.seconds for p in passages) / len(callers) + 900))
        finally:
            hub.send_signal(signal.SIGTERM)
            try:
                hub.wait(timeout=30)
            except subprocess.TimeoutExpired:
                hub.kill()
        lines = recorded_lines(db, conference_id)
    said, gaps, stray, offsets, gapped = attribute(callers, lines, args.gap)
    dropped = sum((u.ended_at - u.started_at).total_seconds() for u in lines
                  if u.not_transcribed)
    references = [p.text for c in callers for p in c.passages]
    hypotheses = [" ".join(said[p.name]) for c in callers for p in c.passages]
    raw, normalised = wer_both(references, hypotheses)
    words = sum(len(r.split()) for r in references)
    audio = sum(p.seconds for p in passages)
    print(f"{args.model} through a live SIP call ({args.codec}, {len(callers)} callers at once) "
          f"on {args.set}: {len(passages)} passages, {words} words, {audio / 60:.1f} min; "
          f"load average before / after {load_before:.1f} / {os.getloadavg()[0]:.1f}")
    print(f"WER raw {raw:.2%}, normalised {normalised:.2%}; {len(lines)} lines stored, "
          f"{gaps} '[not transcribed' gaps ({dropped:.0f} s), {stray} lines outside any "
          f"passage, {sum(not said[p.name] for p in passages)} passages with no line")
    whole = [(p.text, " ".join(said[p.name])) for c in callers for p in c.passages
             if p.name not in gapped]
    if gapped and whole:
        kept_raw, kept_normalised = wer_both([r for r, _ in whole], [h for _, h in whole])
        print(f"  on the {len(whole)} passages without a gap: WER raw {kept_raw:.2%}, "
              f"normalised {kept_normalised:.2%} (offline codec path on them: --offline)")
    print("first line's start after its passage's, per caller: "
          + ", ".join(f"{o:+.2f} s" for o in offsets))
    if args.show:
        for caller in callers:
            for passage in caller.passages[:2]:
                print(f"    REF {passage.text}\n    HYP {' '.join(said[passage.name])}")
    print(f"(wall time {time.perf_counter() - began:.0f} s)")
    if args.offline:
        offline = offline_codec_path(passages, args.model)
        raw, normalised = wer_both([p.text for p in passages], [offline[p.name] for p in passages])
        print(f"offline codec path (asr_sets.py --variant phone), same passages: WER raw "
              f"{raw:.2%}, normalised {normalised:.2%}")
        if gapped and whole:
            kept = [p for p in passages if p.name not in gapped]
            raw, normalised = wer_both([p.text for p in kept], [offline[p.name] for p in kept])
            print(f"  on the {len(kept)} passages without a gap: WER raw {raw:.2%}, "
                  f"normalised {normalised:.2%}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("dev", "test"), default="dev")
    parser.add_argument("--limit", type=int, help="only the first N passages")
    parser.add_argument("--callers", type=int, default=3, choices=range(1, 9),
                        metavar="1-8", help="callers speaking at once (default 3)")
    parser.add_argument("--codec", choices=("PCMU", "PCMA", "G722"), default="PCMU")
    parser.add_argument("--gap", type=float, default=5.0,
                        help="seconds of silence between a caller's passages")
    parser.add_argument("--quiet", type=float, default=15.0,
                        help="seconds without a new line that mean the recogniser is done")
    parser.add_argument("--model", default="whisper-base")
    parser.add_argument("--show", action="store_true", help="two examples per caller")
    parser.add_argument("--offline", action="store_true",
                        help="also the offline codec path's WER (asr_sets.evaluate, phone)")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
