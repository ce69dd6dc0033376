"""What load makes transcription fall behind (and mark gaps in the transcript).

    .venv/bin/python benchmarks/asr_backlog.py                   # 1, 2, 4, 6 people at once
    .venv/bin/python benchmarks/asr_backlog.py --speakers 3 --seconds 60 --set-option beam_size=1

N sources speak at the same time, without stopping (dev-set passages, one after another, each
source starting at a different passage), pushed in real time in 20 ms pieces as the hub does,
for `--seconds`; then the pipeline gets 30 s to catch up. Printed per N: seconds of speech
marked "[not transcribed]" (dropped: past max_pending_utterances waiting, or max_inbox_s of a
source's audio), the most utterances ever waiting, and the process's CPU (cores). A meeting
has one person speaking most of the time; overlapping speech is short. The pipeline decodes
one utterance at a time on the 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import speech_sets  # noqa: E402
from asr_sets import settings_from  # noqa: E402


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(speakers: int, seconds: float, options: list[str]) -> dict[str, float]:
    from facilitator.domain.clock import SystemClock
    from facilitator.domain.transcript import UtteranceSource
    from facilitator.services.asr import TranscriptionPipeline, open_engine

    settings = replace(settings_from(options), model="whisper-base")
    engine = open_engine(settings)
    gaps: list[float] = []
    pipeline = TranscriptionPipeline(engine, SystemClock(), deliver=lambda u: None,
                                     on_gap=lambda g: gaps.append(g.seconds), settings=settings)
    passages = speech_sets.passages("dev")
    streams = []
    for index in range(speakers):
        audio = np.concatenate([p.audio for p in passages[index * 3:] + passages[:index * 3]])
        streams.append((pipeline.add_source(f"s{index}", UtteranceSource.VIDEO, f"s{index}"),
                        audio[: int(seconds * 16_000)]))
    pipeline.start()
    piece = 320
    start_cpu, began = cpu(), time.perf_counter()
    for offset in range(0, int(seconds * 16_000), piece):
        for source, audio in streams:
            source.push(audio[offset:offset + piece], 16_000)
        delay = began + (offset + piece) / 16_000 - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
    for source, _ in streams:
        source.end()
    pipeline.wait_idle(30)
    used, elapsed = cpu() - start_cpu, time.perf_counter() - began
    pipeline.stop(flush=False)
    return {"speakers": speakers, "speech_s": seconds * speakers,
            "not_transcribed_s": sum(gaps), "gaps": len(gaps),
            "max_waiting": pipeline.stats.max_backlog, "cores": used / elapsed,
            "refinements_given_up": pipeline.stats.dropped_refinements}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speakers", type=int, action="append")
    parser.add_argument("--seconds", type=float, default=45.0)
    parser.add_argument("--set-option", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    print(f"whisper-base, {args.seconds:.0f} s of continuous speech per source; options: "
          f"{' '.join(args.set_option) or 'defaults'}")
    print(f"{'speaking at once':>16} {'not transcribed':>16} {'gaps':>5} {'max waiting':>12} "
          f"{'cores':>6} {'better texts given up':>22}")
    for speakers in args.speakers or [1, 2, 4, 6]:
        r = run(speakers, args.seconds, args.set_option)
        print(f"{speakers:>16} {r['not_transcribed_s']:>9.1f} s of {r['speech_s']:.0f}"
              f" {r['gaps']:>5} {r['max_waiting']:>12} {r['cores']:>6.2f}"
              f" {r['refinements_given_up']:>22}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
