"""Names as hints to Whisper: name accuracy and WER on SYNTHETIC speech, with and without.

    nice -n 10 .venv/bin/python benchmarks/asr_names.py                  # all voices, both
    nice -n 10 .venv/bin/python benchmarks/asr_names.py --voice espeak:en-gb --beam 5

Sentences a chair or a parent would say, holding the demo conference's fictional names
(assets/conference-sample.yaml: attendees, children, agencies, places; plus one agency the chair
might enter, Harrowby Children's Services), are spoken by Debian's SYNTHETIC voices (espeak-ng,
and flite where installed: no installable recording of real people says these names) and
decoded as the recogniser decodes one utterance's final (faster-whisper's transcribe,
language "en", no VAD filter, no conditioning, word times), each both clean (the voice's own
rate, resampled to 16 kHz) and through the phone path (speech_sets.phone: 8 kHz G.711 mu-law, up to
the hub's 48 kHz and back to 16 kHz). Each is decoded greedily and with beam 5, without hints
and with the conference's names as faster-whisper's `hotwords` (and, with --prompt, as
`initial_prompt`).

Names: the share of the names said in the sentences that the hypothesis spells exactly
(the name's words, in order, after Whisper's English normaliser). WER: over all words, after
the normaliser. Every figure here is on synthetic speech; benchmarks/asr_sets.py --set dev
--demo-hints checks whether hints harm real speech.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import speech_sets  # noqa: E402
from speech_sets.whisper_english import EnglishTextNormalizer  # noqa: E402

_NORMALISE = EnglishTextNormalizer()

# What the hints would be for the demo conference: its attendees' and children's names, the
# agencies, and the places entered (venue, addresses), as the conference holds them.
CONFERENCE_HINTS = (
    "Maisie Thornbury", "Alfie Thornbury", "Helen Marsh", "Rob Kendal", "Jade Thornbury",
    "Liam Ashcombe", "Carys Bell", "Priya Okonedo", "Martin Hale", "Tom Reddaway",
    "Sian Pritchard", "Gareth Lowe", "Anita Varga", "Zofia Nowak",
    "Safeguarding and Reviewing Unit", "Fernbridge Family Advocacy",
    "Fernbridge Children's Services", "Public Protection Unit", "Fernbridge Community Health",
    "Hollin Lane Primary School", "Millbrook Surgery", "Fernbridge Interpreting Service",
    "Harrowby Children's Services", "Riverside House", "Fernbridge", "Millbrook Road",
    "Quarry Lane", "Hollinford",
)

# (sentence, the names in it that are scored)
SENTENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Good morning everyone, this conference is about Maisie Thornbury and Alfie Thornbury.",
     ("Maisie Thornbury", "Alfie Thornbury")),
    ("I will ask Priya Okonedo to read her report first.", ("Priya Okonedo",)),
    ("Jade Thornbury is joining us on the phone with Carys Bell supporting her.",
     ("Jade Thornbury", "Carys Bell")),
    ("Liam Ashcombe will speak through the interpreter, Zofia Nowak.",
     ("Liam Ashcombe", "Zofia Nowak")),
    ("Detective Constable Tom Reddaway from the Public Protection Unit has joined by video.",
     ("Tom Reddaway", "Public Protection Unit")),
    ("Sian Pritchard from Fernbridge Community Health visited the family last week.",
     ("Sian Pritchard", "Fernbridge Community Health")),
    ("Gareth Lowe says Maisie is settled at Hollin Lane Primary School.",
     ("Gareth Lowe", "Maisie", "Hollin Lane Primary School")),
    ("Doctor Anita Varga at Millbrook Surgery sent a written report.",
     ("Anita Varga", "Millbrook Surgery")),
    ("Harrowby Children's Services held the case before the family moved to Hollinford.",
     ("Harrowby Children's Services", "Hollinford")),
    ("Alfie has been staying with his nan on Quarry Lane since October.",
     ("Alfie", "Quarry Lane")),
    ("Martin Hale is the manager at Fernbridge Children's Services.",
     ("Martin Hale", "Fernbridge Children's Services")),
    ("I want Maisie and Alfie to come home to Millbrook Road.",
     ("Maisie", "Alfie", "Millbrook Road")),
    ("Helen Marsh is chairing and Rob Kendal is taking the minutes today at Riverside House.",
     ("Helen Marsh", "Rob Kendal", "Riverside House")),
    ("Carys from Fernbridge Family Advocacy helped me write down what I want to say.",
     ("Carys", "Fernbridge Family Advocacy")),
)

ESPEAK_VOICES = ("en-gb", "en-us", "en-gb-x-rp", "en-gb-scotland", "en-029")
FLITE_VOICES = ("kal16", "slt", "rms", "awb")


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        return data.astype(np.float32) / 32768.0, wav.getframerate()


def speak(voice: str, text: str, folder: Path) -> np.ndarray:
    """16 kHz float32 speech of `text` in a synthetic voice ("espeak:en-gb", "flite:slt")."""
    from facilitator.services.asr.resample import Resampler

    kind, name = voice.split(":", 1)
    out = folder / "speech.wav"
    if kind == "espeak":
        command = ["espeak-ng", "-v", name, "-w", str(out), text]
    else:
        command = ["flite", "-voice", name, "-t", text, "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    audio, rate = read_wav(out)
    silence = np.zeros(rate // 4, dtype=np.float32)  # a VAD's padding either side
    audio = np.concatenate([silence, audio, silence])
    return audio if rate == speech_sets.RATE else Resampler()(audio, rate)


def voices(wanted: list[str] | None) -> list[str]:
    if wanted:
        return wanted
    found = [f"espeak:{v}" for v in ESPEAK_VOICES] if shutil.which("espeak-ng") else []
    if shutil.which("flite"):
        found += [f"flite:{v}" for v in FLITE_VOICES]
    return found


def named(reference_name: str, hypothesis: str) -> bool:
    name = _NORMALISE(reference_name).split()
    words = _NORMALISE(hypothesis).split()
    return any(words[i:i + len(name)] == name for i in range(len(words) - len(name) + 1))


def decode(model: Any, audio: np.ndarray, beam: int, hints: str | None, how: str) -> str:
    extra: dict[str, Any] = {}
    if hints and how == "hotwords":
        extra["hotwords"] = hints
    elif hints and how == "prompt":
        extra["initial_prompt"] = hints
    segments, _info = model.transcribe(  # as WhisperEngine.decode makes a line's final
        audio, language="en", beam_size=beam, word_timestamps=True,
        condition_on_previous_text=False, vad_filter=False, without_timestamps=False, **extra)
    return " ".join(s.text.strip() for s in segments if s.text.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voice", action="append", help="espeak:VOICE or flite:VOICE")
    parser.add_argument("--beam", action="append", type=int, help="1 and 5 unless given")
    parser.add_argument("--variant", action="append", choices=("clean", "phone"))
    parser.add_argument("--prompt", action="store_true",
                        help="also the hints as initial_prompt instead of hotwords")
    parser.add_argument("--model", default="whisper-base")
    parser.add_argument("--show", action="store_true", help="print misheard names")
    return run(parser.parse_args())


def run(args: argparse.Namespace) -> int:
    from facilitator.services.asr import AsrSettings, open_engine
    from facilitator.services.asr.wer import edit_distance

    engine: Any = open_engine(AsrSettings(model=args.model, whisper_partials=False))
    model = engine.model
    hints = ", ".join(CONFERENCE_HINTS)
    hows = ["none", "hotwords"] + (["prompt"] if args.prompt else [])
    beams = args.beam or [1, 5]
    variants = args.variant or ["clean", "phone"]
    began = time.perf_counter()
    # (variant, beam, how) -> [names right, names, word errors, words, loops]
    totals: dict[tuple[str, int, str], list[int]] = {}
    per_voice: dict[tuple[str, str, int, str], list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for voice in voices(args.voice):
            for sentence, names in SENTENCES:
                clean = speak(voice, sentence, Path(tmp))
                for kind in variants:
                    audio = clean if kind == "clean" else speech_sets.to_16k(
                        speech_sets.phone(clean), speech_sets.PHONE_RATE)
                    reference = _NORMALISE(sentence).split()
                    for beam in beams:
                        for how in hows:
                            text = decode(model, audio, beam, hints if how != "none" else None,
                                          how)
                            right = sum(named(n, text) for n in names)
                            hyp = _NORMALISE(text).split()
                            errors = edit_distance(reference, hyp)
                            loop = int(len(hyp) > 2 * len(reference))
                            row = [right, len(names), errors, len(reference), loop]
                            for key, table in (((kind, beam, how), totals),
                                               ((voice, kind, beam, how), per_voice)):
                                kept = table.setdefault(key, [0, 0, 0, 0, 0])  # type: ignore
                                for i, v in enumerate(row):
                                    kept[i] += v
                            if args.show and right < len(names):
                                print(f"  [{voice} {kind} beam {beam} {how}] {text}")
    print(f"{args.model}, SYNTHETIC voices ({', '.join(voices(args.voice))}), "
          f"{len(SENTENCES)} sentences, {sum(len(n) for _s, n in SENTENCES)} names each")
    print(f"{'variant':<8} {'beam':>4} {'hints':<9} {'names right':>12} {'WER norm':>9} "
          f"{'loops':>5}")
    for (kind, beam, how), (right, count, errors, words, loops) in sorted(totals.items()):
        print(f"{kind:<8} {beam:>4} {how:<9} {right / count:>12.1%} {errors / words:>9.2%} "
              f"{loops:>5}")
    print("per voice (names right / WER):")
    for (voice, kind, beam, how), (right, count, errors, words, _l) in sorted(per_voice.items()):
        print(f"  {voice:<22} {kind:<6} beam {beam} {how:<9} {right / count:6.1%} "
              f"{errors / words:7.2%}")
    print(f"({time.perf_counter() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
