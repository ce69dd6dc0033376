"""Speech recognition: word error rate and CPU cost per model, on the LibriVox clips.

    .venv/bin/python benchmarks/asr.py                 # WER, CPU-s per audio second, peak memory
    .venv/bin/python benchmarks/asr.py --realtime      # also: latency streamed in real time, and
                                                       # CPU with 12 sources, one speaking
    .venv/bin/python benchmarks/asr.py --realtime --material dev --model whisper-base
                                                       # the same on 4 dev-set passages (2.2 min)

--realtime runs the product's settings (AsrSettings' defaults, `--set-option` to change one);
--whisper-partials adds the once-a-second re-decode of the open utterance the product leaves
off. Before 2026-12-04 that re-decode was on by default here, and unnoticed it took the 12
sources from about 0.37 to 0.75 cores (measured 2026-12-04): the likely cause of the
"unexplained" spread between two quiet runs (0.46 and 0.76 cores).

WER on the dev and test speech sets (clean, room, phone, raw and normalised): asr_sets.py.

Each model runs in its own process (so peak memory is its own). The clips are Debian's
pocketsphinx-testdata LibriVox recordings (5 clips, 24.7 s, 71 words), fed in 100 ms pieces
through the same VAD and decoder as a live source. WER uses facilitator.services.asr.wer
(edit distance over normalised words). CPU seconds are the process's user+system time (all
threads) per second of audio. Targets on the 2-core reference machine: WER at most 5% (base),
final text p50 at most 1.5 s after speech ends, 12 sources with one speaking under 0.5 core.

Vosk runs with the Korean model on English speech: its WER means nothing and is not printed;
its CPU cost is real.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import time
import wave
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
MODELS = ("whisper-tiny.en", "whisper-base", "vosk-ko")


def clips() -> list[tuple[str, np.ndarray, str]]:
    out = []
    for line in (LIBRIVOX / "transcription").read_text().splitlines():
        match = re.match(r"<s>(.*)</s>\s*\((.*)\)", line.strip())
        if match:
            with wave.open(str(LIBRIVOX / f"{match.group(2)}.wav")) as w:
                audio = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
            out.append((match.group(2), audio, match.group(1).strip()))
    return out


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def dev_material(count: int = 4) -> list[tuple[str, np.ndarray, str]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import speech_sets

    return [(p.name, (p.audio * 32767).astype(np.int16), p.text)
            for p in speech_sets.passages("dev")[:count]]


def measure(model: str, realtime: bool, partials: bool = False, material_name: str = "librivox",
            options: list[str] | None = None) -> dict[str, Any]:
    from facilitator.services.asr import open_engine
    from facilitator.services.asr.engine import transcribe
    from facilitator.services.asr.wer import word_error_rate

    engine_name = "vosk" if model.startswith("vosk") else "whisper"
    began = time.perf_counter()
    from asr_sets import settings_from

    tuned = settings_from(options or [])
    engine = open_engine(replace(tuned, engine=engine_name, model=model))  # type: ignore[arg-type]
    result: dict[str, Any] = {"model": model, "load_s": time.perf_counter() - began}
    material = clips() if material_name == "librivox" else dev_material()
    audio_seconds = sum(len(a) for _, a, _ in material) / 16_000
    transcribe(engine, material[1][1])  # warm up (first-call allocations)
    start_cpu, start_wall = cpu(), time.perf_counter()
    hypotheses = [" ".join(f.text for f in transcribe(engine, audio)) for _, audio, _ in material]
    result["cpu_per_audio_s"] = (cpu() - start_cpu) / audio_seconds
    result["wall_per_audio_s"] = (time.perf_counter() - start_wall) / audio_seconds
    if engine_name == "whisper":
        result["wer"] = word_error_rate([t for _, _, t in material], hypotheses)
    result["audio_s"] = audio_seconds
    if realtime:
        result.update(stream_in_real_time(engine, material, model, partials, tuned))
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def stream_in_real_time(engine: Any, material: list[tuple[str, np.ndarray, str]],
                        model: str, with_partials: bool, tuned: Any) -> dict[str, Any]:
    """One speaker's clips (1 s apart) and 11 quiet sources, all pushed at the real rate."""
    from facilitator.domain.clock import SystemClock
    from facilitator.domain.transcript import UtteranceSource
    from facilitator.services.asr import (
        PartialText,
        RecognisedUtterance,
        TranscriptionPipeline,
    )

    if model.startswith("whisper"):
        engine.settings = replace(tuned, model=model,
                                  whisper_partials=with_partials or tuned.whisper_partials)
    finals: list[tuple[float, RecognisedUtterance]] = []
    partials: list[tuple[float, PartialText]] = []
    pipeline = TranscriptionPipeline(
        engine, SystemClock(),
        deliver=lambda u: finals.append((time.time(), u)),
        on_partial=lambda p: partials.append((time.time(), p)))
    speaker = pipeline.add_source("speaker", UtteranceSource.VIDEO, "speaker")
    quiet = [pipeline.add_source(f"quiet-{i}", UtteranceSource.VIDEO, f"quiet-{i}")
             for i in range(11)]
    pipeline.start()
    speech = np.concatenate([np.concatenate([a, np.zeros(16_000, np.int16)])
                             for _, a, _ in material])
    rng = np.random.default_rng(1)
    piece = 320  # 20 ms, as WebRTC delivers
    start_cpu = cpu()
    began = time.perf_counter()
    speech_starts: list[float] = []  # wall time when each clip's audio began to be pushed
    boundaries = np.cumsum([0] + [len(a) + 16_000 for _, a, _ in material])
    next_clip = 0
    for offset in range(0, len(speech), piece):
        if next_clip < len(material) and offset >= boundaries[next_clip]:
            speech_starts.append(time.time())
            next_clip += 1
        speaker.push(speech[offset:offset + piece], 16_000)
        for source in quiet:  # room tone at about -60 dBFS: the VAD runs, finds no speech
            source.push((rng.standard_normal(piece) * 0.001).astype(np.float32), 16_000)
        target = began + (offset + piece) / 16_000
        delay = target - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
    pipeline.wait_idle(60)
    elapsed = time.perf_counter() - began
    used = cpu() - start_cpu
    pipeline.stop(flush=False)
    # When the speech ended: the word times of the line's beam decode when there is one (a
    # greedy first line has no word times: its end is the utterance's, padding included).
    ended = {u.key: u.ended_at.timestamp() for _, u in finals if u.revision and u.key}
    final_latency = [  # after the speech ended; a line's first text (revisions come later)
        at - ended.get(u.key, u.ended_at.timestamp()) for at, u in finals if not u.revision]
    revised = [at - u.ended_at.timestamp() for at, u in finals if u.revision]
    # ... and by the audio itself: the last 10 ms of the line's stretch within 40 dB of the
    # speaker's loudest 10 ms (Whisper base's word times can be off by a few tenths)
    frames = speech[: len(speech) // 160 * 160].astype(np.float64).reshape(-1, 160)
    level = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-9)
    loud = level > level.max() - 40
    by_audio = []
    for at, u in finals:
        if u.revision:
            continue
        first = int((u.started_at - u.stream_started_at).total_seconds() * 100)
        last = int((u.ended_at - u.stream_started_at).total_seconds() * 100)
        voiced = np.flatnonzero(loud[max(0, first):max(0, last)])
        if len(voiced):
            end_s = (first + int(voiced[-1]) + 1) / 100
            by_audio.append(at - (u.stream_started_at.timestamp() + end_s))
    first_text = []
    for start in speech_starts:  # the first text of the utterance that began with this clip
        texts = [at - start for at, p in partials
                 if p.text and p.source_id == "speaker" and at >= start
                 and p.started_at.timestamp() >= start - 0.5]
        if texts:
            first_text.append(min(texts))
    return {
        "sources": 12,
        "cores_used_12_sources": used / elapsed,
        "final_latency_p50": _pct(final_latency, 50),
        "final_latency_p90": _pct(final_latency, 90),
        "final_latency_audio_p50": _pct(by_audio, 50),
        "final_latency_audio_p90": _pct(by_audio, 90),
        "first_partial_text_p50": _pct(first_text, 50),
        "first_partial_text_p90": _pct(first_text, 90),
        "finals": len(finals) - len(revised),
        "revision_latency_p50": _pct(revised, 50),
        "revisions": len(revised),
        "dropped": pipeline.stats.dropped_utterances,
    }


def _pct(values: list[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return float(statistics.quantiles(values, n=100, method="inclusive")[q - 1])


def _fmt(value: Any, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realtime", action="store_true",
                        help="also stream in real time with 12 sources (about 35 s per model)")
    parser.add_argument("--model", action="append", choices=MODELS,
                        help="only this model (repeatable)")
    parser.add_argument("--whisper-partials", action="store_true",
                        help="with --realtime: also re-decode the open utterance for partial "
                             "text every second (AsrSettings.whisper_partials; off in the "
                             "product: it takes the 12 sources from about 0.37 to 0.75 cores)")
    parser.add_argument("--no-partials", action="store_true",
                        help=argparse.SUPPRESS)  # the default now: kept for old command lines
    parser.add_argument("--material", choices=("librivox", "dev"), default="librivox",
                        help="the LibriVox clips (24.7 s) or 4 passages of the dev set")
    parser.add_argument("--set-option", action="append", default=[], metavar="NAME=VALUE",
                        help="an AsrSettings field (vad.NAME for the segmenter's); repeatable")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.realtime, args.whisper_partials, args.material,
                                 args.set_option)))
        return 0
    if not (LIBRIVOX / "transcription").is_file():
        print(f"benchmarks/asr.py: {LIBRIVOX} is missing: apt-get install pocketsphinx-testdata",
              file=sys.stderr)
        return 1
    material = clips() if args.material == "librivox" else dev_material()
    print(f"speech recognition on {len(material)} {args.material} clips "
          f"({sum(len(a) for _, a, _ in material) / 16_000:.1f} s), {datetime.now():%Y-%m-%d}; "
          f"options: {' '.join(args.set_option) or 'defaults'}")
    header = f"{'model':<16} {'WER':>6} {'CPU-s/audio-s':>14} {'wall/audio-s':>13} " \
             f"{'load s':>7} {'peak MB':>8}"
    if args.realtime:
        header += f" {'final p50/p90 s':>16} {'1st text p50/p90 s':>19} {'cores, 12 src':>14}"
    print(header)
    for model in args.model or MODELS:
        command = [sys.executable, __file__, "--one", model] + (["--realtime"] * args.realtime) \
            + (["--whisper-partials"] * args.whisper_partials) + ["--material", args.material] \
            + [f"--set-option={o}" for o in args.set_option]
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            print(f"{model:<16} failed: {run.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(run.stdout.strip().splitlines()[-1])
        line = (f"{model:<16} {_fmt(r.get('wer'), '.1%'):>6} {r['cpu_per_audio_s']:>14.3f} "
                f"{r['wall_per_audio_s']:>13.3f} {r['load_s']:>7.1f} {r['peak_rss_mb']:>8.0f}")
        if args.realtime:
            line += (f" {_fmt(r['final_latency_p50'], '.2f'):>7} / "
                     f"{_fmt(r['final_latency_p90'], '.2f'):<6}"
                     f" {_fmt(r['first_partial_text_p50'], '.2f'):>8} / "
                     f"{_fmt(r['first_partial_text_p90'], '.2f'):<8}"
                     f" {r['cores_used_12_sources']:>14.2f}"
                     f"  (by the audio's end p50/p90 {_fmt(r['final_latency_audio_p50'], '.2f')}"
                     f" / {_fmt(r['final_latency_audio_p90'], '.2f')} s; "
                     f"{r['finals']} lines, {r['revisions']} revised, revision p50 "
                     f"{_fmt(r['revision_latency_p50'], '.2f')} s, {r['dropped']} dropped)")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
