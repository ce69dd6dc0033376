"""The quick greedy pass (facilitator/services/asr/quick_decode.py) against the same greedy
pass over Whisper's whole 30 s window: WER and encoder time per utterance.

    .venv/bin/python benchmarks/asr_quick.py --set dev --seconds 5 --variant room --context 8

Utterances are the set's prompts (benchmarks/speech_sets) in a seeded order, joined with
0.4 s pauses until each is longer than --seconds (never past 27 s, as the segmenter cuts),
with 0.4 s of silence either side (the segmenter's padding). Greedy, no timestamps, English,
Whisper base (int8, 2 threads). WER with Whisper's English normaliser. Times are wall-clock
seconds of one encode and one decode, on a machine that may be busy: compare the rows of
one run, not runs with each other.

Chosen on dev (5 s utterances, 72 of them): context 4 s room 14.34% (a repetition loop)
against 6.33% for the whole window; 6 s 6.52%; 8 s 6.33%; 10 s 6.42%; at 8 s clean and phone
3.91% against 3.82% (clean 3.63% at 4 s); 12 s utterances at 8 s: room 5.57/5.29%, phone
3.31/3.59%. The encoder 0.15-0.29 s against 0.52-1.1 s (a busy machine).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import speech_sets  # noqa: E402
from speech_sets.whisper_english import EnglishTextNormalizer  # noqa: E402

PAUSE = np.zeros(int(0.4 * speech_sets.RATE), np.float32)


def utterances(which: str, seconds: float, count: int) -> list[tuple[np.ndarray, str]]:
    prompts = speech_sets.prompts()
    families = set(speech_sets.split()[which])
    names = sorted(n for n in prompts if speech_sets._family(n) in families)
    random.Random(1).shuffle(names)
    out: list[tuple[np.ndarray, str]] = []
    pieces: list[np.ndarray] = []
    texts: list[str] = []
    longest = 27 * speech_sets.RATE  # the segmenter cuts at 28 s, under Whisper's window
    for name in names[:count]:
        _family, audio, text = prompts[name]
        if len(audio) > longest:
            continue
        if pieces and sum(len(p) for p in pieces) + len(audio) > longest:
            out.append((np.concatenate([PAUSE, *pieces]), " ".join(texts)))
            pieces, texts = [], []
        pieces += [audio, PAUSE]
        texts.append(text)
        if sum(len(p) for p in pieces) > seconds * speech_sets.RATE:
            out.append((np.concatenate([PAUSE, *pieces]), " ".join(texts)))
            pieces, texts = [], []
    return out


def variant_of(audio: np.ndarray, kind: str, seed: int) -> np.ndarray:
    if kind == "room":
        return speech_sets.room(audio, seed).astype(np.float32)
    if kind == "phone":
        return speech_sets.to_16k(speech_sets.phone(audio), 48_000).astype(np.float32)
    return audio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="dev", choices=("dev", "test"))
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--prompts", type=int, default=160)
    parser.add_argument("--variant", default="clean", choices=speech_sets.VARIANTS)
    parser.add_argument("--context", type=float, action="append",
                        help="seconds after the speech (repeatable; default 8)")
    args = parser.parse_args()
    from faster_whisper import WhisperModel

    from facilitator.services.asr.quick_decode import QuickDecoder
    from facilitator.services.asr.wer import edit_distance

    normalise = EnglishTextNormalizer()
    model = WhisperModel(str(HERE.parent / "models" / "whisper-base"), device="cpu",
                         compute_type="int8", cpu_threads=2, num_workers=1)
    quick = QuickDecoder(model)
    items = [(variant_of(a, args.variant, i), t)
             for i, (a, t) in enumerate(utterances(args.set, args.seconds, args.prompts))]
    for context in [0.0] + (args.context or [8.0]):
        errors = words = 0
        took = 0.0
        for audio, reference in items:
            began = time.perf_counter()
            found = quick.decode(audio, "en", context if context else 30.0)
            took += time.perf_counter() - began
            hypothesis = found.text if found else ""
            ref, hyp = normalise(reference).split(), normalise(hypothesis).split()
            errors += edit_distance(ref, hyp)
            words += len(ref)
        label = "whole 30 s window" if not context else f"context {context:g} s"
        print(f"{args.set} {args.variant} {label:>18}: {len(items)} utterances, "
              f"WER {100 * errors / max(words, 1):.2f}%, {took / len(items):.3f} s per decode",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
