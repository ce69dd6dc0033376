"""WER on the dev and test speech sets (benchmarks/speech_sets), clean, room and phone.

    .venv/bin/python benchmarks/asr_sets.py --set dev                 # all of dev, 3 variants
    .venv/bin/python benchmarks/asr_sets.py --set dev --limit 6 --variant clean
    .venv/bin/python benchmarks/asr_sets.py --set test --set-option beam_size=1   # a setting
    .venv/bin/python benchmarks/asr_sets.py --set test --gains 0.98,1,1.02    # with its spread

Each passage is fed in 100 ms pieces through the same segmenter and decoder as a live source
(`facilitator.services.asr.engine.transcribe`; with --live, every decode a live source is offered
while a pause runs on is done too, and the lines are read as revised: on dev's first 8 passages,
phone, the same 1.77% as without, at 0.31 instead of 0.19 CPU-s per audio s); the phone
variant reaches it as a caller does, at the hub's 48 kHz resampled to 16 kHz. WER is printed
raw (lower case, no punctuation: facilitator.services.asr.wer) and with Whisper's English text
normaliser (speech_sets/whisper_english), over all words of the set. CPU seconds are this process's
user+system time per second of audio. Names: the share of the reference's capitalised words
(names, agencies, places) that the hypothesis has, after the normaliser.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import speech_sets  # noqa: E402
from speech_sets.whisper_english import EnglishTextNormalizer  # noqa: E402

_NORMALISE = EnglishTextNormalizer()


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def wer_both(references: list[str], hypotheses: list[str]) -> tuple[float, float]:
    from facilitator.services.asr.wer import edit_distance, normalise

    pairs = list(zip(references, hypotheses, strict=True))
    raw = sum(edit_distance(normalise(r), normalise(h)) for r, h in pairs)
    raw_words = sum(len(normalise(r)) for r in references)
    whisper = sum(edit_distance(_NORMALISE(r).split(), _NORMALISE(h).split())
                  for r, h in pairs)
    whisper_words = sum(len(_NORMALISE(r).split()) for r in references)
    return raw / max(raw_words, 1), whisper / max(whisper_words, 1)


def settings_from(options: list[str]) -> Any:
    """AsrSettings with `name=value` overrides (`vad.pad_ms=400` for the segmenter's)."""
    from facilitator.services.asr import AsrSettings

    settings = AsrSettings(whisper_partials=False)
    for option in options:
        key, value = option.split("=", 1)
        typed: Any = json.loads(value) if value[:1].isdigit() or value in (
            "true", "false") else value
        if key.startswith("vad."):
            settings = replace(settings, vad=replace(settings.vad, **{key[4:]: typed}))
        else:
            settings = replace(settings, **{key: typed})
    return settings


def chain_from(options: list[str]) -> Any:
    """The room's ChainSettings with `name=value` overrides (`noise_suppression=false`)."""
    from facilitator.services.room_audio import ChainSettings, EchoMode

    settings = ChainSettings()
    for option in options:
        key, value = option.split("=", 1)
        typed: Any = EchoMode(value) if key == "echo" else json.loads(value)
        settings = replace(settings, **{key: typed})
    return settings


def plain_decode(engine: Any, audio: Any) -> str:
    """The baseline the issue measured: faster-whisper's own transcribe over the whole passage
    in one call (beam 5, its own Silero VAD filter, each window conditioned on the last)."""
    segments, _info = engine.model.transcribe(audio, language="en", beam_size=5,
                                              vad_filter=True)
    return " ".join(s.text.strip() for s in segments if s.text.strip())


def evaluate(which: str, variants: list[str], limit: int | None, options: list[str],
             model: str, plain: bool = False, live: bool = False,
             hints: tuple[str, ...] = (), gains: tuple[float, ...] = (1.0,),
             chain: Any = None) -> dict[str, Any]:
    from facilitator.services.asr import open_engine
    from facilitator.services.asr.engine import transcribe

    settings = replace(settings_from(options), model=model)
    engine = open_engine(settings)
    if hints:  # to every beam decode (a line's final), as faster-whisper's hotwords
        given = engine.model.transcribe  # type: ignore[attr-defined]

        def hinted(audio: Any, **options: Any) -> Any:
            if options.get("beam_size", 1) > 1 and options.get("task") != "translate":
                options["hotwords"] = ", ".join(hints)
            return given(audio, **options)

        engine.model.transcribe = hinted  # type: ignore[attr-defined]
    passages = speech_sets.passages(which)[:limit]
    transcribe(engine, passages[0].audio[: 16_000 * 3])  # warm up
    out: dict[str, Any] = {"set": which, "passages": len(passages), "options": options,
                           "model": model,
                           "audio_s": sum(p.seconds for p in passages)}
    for kind in variants:
        runs = []
        for gain in gains:  # the same speech a fraction of a decibel louder or softer
            if kind == speech_sets.ROOM_HUB:  # louder at the microphone, before the chain
                audio = [speech_sets.to_16k(*speech_sets.room_hub(
                    p.audio, speech_sets.seed_of(p), gain, chain)) for p in passages]
            else:
                audio = [(speech_sets.to_16k(*speech_sets.variant(p, kind)) * gain)
                         .astype(np.float32) for p in passages]
            start = cpu()
            hypotheses = [plain_decode(engine, a) if plain else
                          " ".join(f.text for f in transcribe(engine, a, live=live))
                          for a in audio]
            used = cpu() - start
            raw, whisper = wer_both([p.text for p in passages], hypotheses)
            runs.append({"gain": gain, "wer_raw": raw, "wer_whisper": whisper,
                         "cpu_per_audio_s": used / out["audio_s"],
                         "examples": list(zip([p.text for p in passages[:2]],
                                              hypotheses[:2], strict=True))})
        out[kind] = {key: float(np.mean([r[key] for r in runs]))
                     for key in ("wer_raw", "wer_whisper", "cpu_per_audio_s")}
        out[kind]["runs"] = runs
        out[kind]["examples"] = runs[0]["examples"]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("dev", "test"), default="dev")
    parser.add_argument("--variant", action="append",
                        choices=(*speech_sets.VARIANTS, speech_sets.ROOM_HUB),
                        help=f"{speech_sets.ROOM_HUB}: the room variant through the room's "
                             "processing chain at 48 kHz, as the hub's room source reaches the "
                             "recogniser (not in the default three)")
    parser.add_argument("--chain-option", action="append", default=[], metavar="NAME=VALUE",
                        help=f"a ChainSettings field for {speech_sets.ROOM_HUB} "
                             "(noise_suppression=false, noise_level=0, echo=off); repeatable")
    parser.add_argument("--limit", type=int, help="only the first N passages (quick iteration)")
    parser.add_argument("--model", default="whisper-base")
    parser.add_argument("--set-option", action="append", default=[], metavar="NAME=VALUE",
                        help="an AsrSettings field (vad.NAME for the segmenter's); repeatable")
    parser.add_argument("--show", action="store_true", help="print two examples per variant")
    parser.add_argument("--plain", action="store_true",
                        help="the baseline: each passage decoded whole by faster-whisper's own "
                             "transcribe (beam 5, VAD filter), not the live pipeline")
    parser.add_argument("--live", action="store_true",
                        help="cut and decode as a live source is when the recogniser keeps up "
                             "(every decode during a pause done at once; the lines as revised)")
    parser.add_argument("--gains", default="1",
                        help="comma-separated gains (e.g. 0.98,1,1.02): the set is decoded once "
                             "at each, and the mean and each run printed. A change of 0.2 dB, "
                             "which nobody hears, moves dev room WER from 4.87%% to 6.07%%: "
                             "compare settings by the mean over several")
    parser.add_argument("--demo-hints", action="store_true",
                        help="the demo conference's names as hints (asr_names.py), which the "
                             "speech sets never say: do they harm WER?")
    args = parser.parse_args()
    began = time.perf_counter()
    hints: tuple[str, ...] = ()
    if args.demo_hints:
        from asr_names import CONFERENCE_HINTS
        hints = CONFERENCE_HINTS
    result = evaluate(args.set, args.variant or list(speech_sets.VARIANTS), args.limit,
                      args.set_option, args.model, args.plain, args.live, hints,
                      tuple(float(g) for g in args.gains.split(",")),
                      chain_from(args.chain_option))
    how = "plain whole-passage decode" if args.plain else \
        "the live pipeline, as live" if args.live else "the live pipeline"
    print(f"{args.model} ({how}) on {args.set}: {result['passages']} passages, "
          f"{result['audio_s'] / 60:.1f} min; options: {' '.join(args.set_option) or 'defaults'}"
          f"{'; room chain: ' + ' '.join(args.chain_option) if args.chain_option else ''}"
          f"{'; hints: the demo conference names' if hints else ''}")
    print(f"{'variant':<8} {'WER raw':>8} {'WER norm':>9} {'CPU-s/audio-s':>14}")
    for kind in args.variant or speech_sets.VARIANTS:
        r = result[kind]
        print(f"{kind:<8} {r['wer_raw']:>8.2%} {r['wer_whisper']:>9.2%} "
              f"{r['cpu_per_audio_s']:>14.3f}")
        if len(r["runs"]) > 1:
            each = ", ".join(f"x{run['gain']:g}: {run['wer_raw']:.2%} / {run['wer_whisper']:.2%}"
                             for run in r["runs"])
            spread = max(run["wer_whisper"] for run in r["runs"]) - \
                min(run["wer_whisper"] for run in r["runs"])
            print(f"{'':<8} (mean of {len(r['runs'])}: {each}; normalised spread "
                  f"{spread:.2%})")
        if args.show:
            for ref, hyp in r["examples"]:
                print(f"    REF {ref}\n    HYP {hyp}")
    print(f"({time.perf_counter() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
