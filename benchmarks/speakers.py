"""In-room speaker identification: accuracy, unknown-speaker rejection and CPU per utterance.

    .venv/bin/python benchmarks/speakers.py              # the figures
    .venv/bin/python benchmarks/speakers.py --calibrate  # also refit SLOPE / MIDPOINT (speakers.py)

Voices: five espeak-ng voices (accent + voice variant, each utterance with its own pitch and
speed jitter), of which three are enrolled from four "introductions" sentences each and two are
never enrolled; and real speech: the LibriVox reader of Debian's pocketsphinx-testdata (enrolled
from two clips, tested on the other three) against the other real speakers of that package
(goforward, numbers, something, the five "cards" clips, tidigits dhd), never enrolled.

Printed: the confusion matrix of the test sentences (rows: who spoke; columns: who was named,
"unknown" = None), accuracy on enrolled voices, how often an un-enrolled voice or noise comes back
as unknown, accuracy by utterance length, and CPU seconds per utterance (process time of
voiceprint + scoring, one thread). --calibrate fits the logistic P(same | cosine) on a separate
draw (other sentences, other jitter) with balanced classes and prints the constants.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = Path("/usr/share/pocketsphinx/test/data")
VOICES = {  # name: (espeak-ng voice, pitch, words per minute)
    "gb-david": ("en+david", 45, 155),
    "us-alicia": ("en-us+Alicia", 60, 170),
    "sc-iven": ("en-gb-scotland+iven", 40, 150),
    "rp-victor": ("en-gb-x-rp+victor", 50, 165),
    "us-shelby": ("en-us+shelby", 55, 160),
}
ENROLLED = ("gb-david", "us-alicia", "sc-iven")
INTRODUCTIONS = [
    "Hello everyone, my name is on the sheet, and I am here for the local authority.",
    "I have been the allocated worker for this family since the spring.",
    "Thank you for inviting me; I will share the report from our service.",
    "I am happy for my contribution to be recorded in the minutes today.",
]
SENTENCES = [
    "The school has noticed that attendance dropped sharply after the half term.",
    "We need to agree a plan that keeps the children safe at home.",
    "The health visitor saw the baby last week and the weight was fine.",
    "I would like to add that the parents have engaged well with the nursery.",
    "There were two incidents reported to the police over the summer.",
    "Can we make sure that the family's views are recorded in the minutes?",
    "The core group should meet within ten working days of this meeting.",
    "My main worry is the drinking and what happens in the evenings.",
    "The child told her teacher that she feels frightened when there is shouting.",
    "I agree with the recommendation for a child protection plan under neglect.",
    "Mum has started the parenting course and has attended every session so far.",
    "Dad says he is willing to work with us but he has missed two appointments.",
]
CALIBRATION = [
    "Could you tell us how the children have been since the last review?",
    "We visited the house on Tuesday and it was clean and warm.",
    "The younger child is still waiting for a speech and language assessment.",
    "I think the risk has reduced, but it has not gone away.",
    "The grandmother has offered to help with the school runs each morning.",
    "Police attended the address again at the weekend after a call from a neighbour.",
]


def espeak(voice: str, text: str, pitch: int, speed: int) -> np.ndarray:
    from facilitator.services.asr.resample import Resampler

    out = subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed),
                          "--stdout", text], capture_output=True, check=True, timeout=60).stdout
    with wave.open(io.BytesIO(out)) as w:
        audio = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
        rate = w.getframerate()
    return Resampler()(audio, rate)


def say(name: str, texts: list[str], seed: int) -> list[np.ndarray]:
    voice, pitch, speed = VOICES[name]
    rng = np.random.default_rng(seed + sum(map(ord, name)))
    return [espeak(voice, t, pitch + int(rng.integers(-8, 9)), speed + int(rng.integers(-20, 21)))
            for t in texts]


def read(path: Path) -> np.ndarray:
    if path.suffix == ".raw":
        return np.fromfile(path, dtype=np.int16).astype(np.float32) / 32768
    with wave.open(str(path)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32) \
            / 32768


def real_speech() -> tuple[list[np.ndarray], list[np.ndarray], dict[str, np.ndarray]]:
    """LibriVox reader: (enrolment clips, test clips); other real speakers by name."""
    reader = [read(p) for p in sorted((DATA / "librivox").glob("*.wav"))]
    others = {name: read(DATA / f"{name}.raw") for name in ("goforward", "numbers", "something")}
    others["tidigits-dhd"] = read(DATA / "tidigits" / "dhd.2934z.raw")
    for path in sorted((DATA / "cards").glob("*.wav")):
        others[f"cards-{path.stem}"] = read(path)
    return [reader[0], reader[3]], [reader[1], reader[2], reader[4]], others


def noises(seed: int = 7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = np.arange(int(1.5 * 16000)) / 16000
    white = rng.normal(0, 0.05, len(t))
    brown = np.cumsum(rng.normal(0, 0.01, len(t)))
    return {"white noise": white, "brown noise": brown / np.abs(brown).max() * 0.2,
            "mains hum": 0.1 * np.sin(2 * np.pi * 50 * t) + 0.03 * np.sin(2 * np.pi * 150 * t),
            "door knock": np.where((t % 0.3) < 0.02, rng.normal(0, 0.3, len(t)), 0.0)}


def gaussian_calibration(same: np.ndarray, different: np.ndarray) -> tuple[float, float]:
    """(slope, midpoint): the log likelihood ratio of two normal score distributions, linearised
    where it crosses zero (a logistic fit diverges when the classes do not overlap)."""
    mt, st, mn, sn = same.mean(), same.std(), different.mean(), different.std()

    def llr(x: float) -> float:
        return float(-((x - mt) / st) ** 2 / 2 - np.log(st) + ((x - mn) / sn) ** 2 / 2
                     + np.log(sn))

    low, high = mn, mt
    for _ in range(60):  # bisection: llr rises from the different-speaker to the same-speaker mean
        middle = (low + high) / 2
        low, high = (middle, high) if llr(middle) < 0 else (low, middle)
    slope = (llr(low + 0.01) - llr(low - 0.01)) / 0.02
    return slope, low


def calibrate() -> None:
    from facilitator.services.asr.speakers import SpeakerIdentifier

    identifier = SpeakerIdentifier.load()
    prints = {n: [identifier.voiceprint(a) for a in say(n, INTRODUCTIONS, 11)] for n in VOICES}
    enrol, test, others = real_speech()
    prints["librivox"] = [identifier.voiceprint(a) for a in enrol]
    centroids = {}
    for name, items in prints.items():
        mean = np.mean([p.vector for p in items if p is not None], axis=0)
        centroids[name] = mean / np.linalg.norm(mean)
    trials = [(n, identifier.voiceprint(a)) for n in VOICES for a in say(n, CALIBRATION, 23)]
    trials += [("librivox", identifier.voiceprint(a)) for a in test]
    trials += [(n, identifier.voiceprint(a)) for n, a in others.items()]
    same: dict[str, list[float]] = {"synthetic": [], "real": []}
    different: dict[str, list[float]] = {"synthetic": [], "real": [], "real vs synthetic": []}
    for speaker, voiceprint in trials:
        if voiceprint is None:
            continue
        for name, centroid in centroids.items():
            score = float(voiceprint.vector @ centroid)
            real = (speaker not in VOICES, name not in VOICES)
            if speaker == name:
                same["real" if real[0] else "synthetic"].append(score)
            else:
                different["real" if all(real) else "synthetic" if not any(real)
                          else "real vs synthetic"].append(score)
    for label, groups in (("same speaker", same), ("different speakers", different)):
        for group, scores in groups.items():
            values = np.array(scores)
            print(f"  {label:18} {group:17} n={len(values):3d}  min {values.min():.3f}  p5 "
                  f"{np.percentile(values, 5):.3f}  median {np.median(values):.3f}  p95 "
                  f"{np.percentile(values, 95):.3f}  max {values.max():.3f}")
    hard = np.array(different["synthetic"] + different["real"])
    slope, midpoint = gaussian_calibration(np.array(same["synthetic"] + same["real"]), hard)
    print(f"fitted (same vs different among real, and among synthetic voices): SLOPE = "
          f"{slope:.1f}, MIDPOINT = {midpoint:.3f}  (speakers.py)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calibrate", action="store_true")
    args = parser.parse_args()
    from facilitator.services.asr.speakers import MIDPOINT, SLOPE, SpeakerIdentifier

    began = time.perf_counter()
    identifier = SpeakerIdentifier.load()
    print(f"speaker model loaded in {time.perf_counter() - began:.2f} s; calibration SLOPE "
          f"{SLOPE}, MIDPOINT {MIDPOINT}, min_confidence {identifier.settings.min_confidence}\n")
    if args.calibrate:
        calibrate()
    enrol_real, test_real, others = real_speech()
    for name in ENROLLED:
        enrolment, skipped = identifier.enrol(name, say(name, INTRODUCTIONS, 1))
        print(f"enrolled {name:10} {enrolment.seconds:5.1f} s of speech in "
              f"{enrolment.segments} utterances ({skipped} skipped)")
    enrolment, _ = identifier.enrol("librivox", enrol_real)
    print(f"enrolled {'librivox':10} {enrolment.seconds:5.1f} s of speech in "
          f"{enrolment.segments} utterances (real speech)\n")

    trials = [(n, a) for n in VOICES for a in say(n, SENTENCES, 2)]
    trials += [("librivox", a) for a in test_real] + [("real-other", a) for a in others.values()]
    columns = [*ENROLLED, "librivox", "unknown"]
    rows = [*VOICES, "librivox", "real-other"]
    confusion = {r: dict.fromkeys(columns, 0) for r in rows}
    cpu, audio_s, confidences = [], [], []
    for speaker, audio in trials:
        began = time.process_time()
        guess = identifier.identify(audio)
        cpu.append(time.process_time() - began)
        audio_s.append(len(audio) / 16000)
        confusion[speaker][guess.attendee_id or "unknown"] += 1
        if guess.attendee_id == speaker:
            confidences.append(guess.confidence)
    print("confusion (rows: who spoke, columns: who was named)")
    print(" " * 12 + "".join(f"{c:>11}" for c in columns))
    for row in rows:
        print(f"{row:12}" + "".join(f"{confusion[row][c]:11d}" for c in columns))
    known = [r for r in rows if r in columns]
    right = sum(confusion[r][r] for r in known)
    total = sum(sum(confusion[r].values()) for r in known)
    unknown_rows = [r for r in rows if r not in columns]
    rejected = sum(confusion[r]["unknown"] for r in unknown_rows)
    strangers = sum(sum(confusion[r].values()) for r in unknown_rows)
    print(f"\naccuracy on enrolled voices: {right}/{total} = {right / total:.1%} "
          f"(mean confidence when right {statistics.mean(confidences):.2f})")
    print(f"un-enrolled voices returned as unknown: {rejected}/{strangers} = "
          f"{rejected / strangers:.1%}")
    noise = {n: identifier.identify(a) for n, a in noises().items()}
    quiet = sum(g.attendee_id is None for g in noise.values())
    print(f"noise returned as unknown: {quiet}/{len(noise)} ("
          + ", ".join(f"{n}: {g.reason or g.attendee_id}" for n, g in noise.items()) + ")")

    print("\nby utterance length (enrolled espeak voices, cut from the start):")
    for seconds in (0.75, 1.0, 1.5, 2.0, 3.0):
        hits = unknown = count = 0
        for name in ENROLLED:
            for audio in say(name, SENTENCES, 2):
                guess = identifier.identify(audio[:int(seconds * 16000)])
                count += 1
                hits += guess.attendee_id == name
                unknown += guess.attendee_id is None
        print(f"  {seconds:.2f} s: right {hits / count:.0%}, unknown {unknown / count:.0%}, "
              f"wrong {(count - hits - unknown) / count:.0%}")

    per_second = sum(cpu) / sum(audio_s)
    print(f"\nCPU per utterance (voiceprint + scoring, {len(cpu)} utterances averaging "
          f"{statistics.mean(audio_s):.1f} s): mean {statistics.mean(cpu) * 1000:.0f} ms, "
          f"p90 {np.percentile(cpu, 90) * 1000:.0f} ms, max {max(cpu) * 1000:.0f} ms; "
          f"{per_second:.3f} CPU-s per audio second (OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}; set it to 1 for one thread's cost)")


if __name__ == "__main__":
    main()
