"""Who is speaking in the room: enrol each in-room person's voice, then attribute room utterances.

The room microphone is one source with no fixed speaker. Each person's voice is enrolled from
their own words: utterances of the introductions stage that the minute-taker (or the chair's
"this is X") attributes, and later every correction. A new room utterance's x-vector (see
xvector.py) is compared with each enrolled person's mean x-vector (cosine similarity); the
similarities become a calibrated probability over "one of the enrolled people, or somebody
else", and the best person is returned only when that probability reaches `min_confidence`.

Calibration: each similarity s gives a likelihood ratio exp(SLOPE * (s - MIDPOINT)) of "this
person" against "someone else"; with "unknown" as one more equally likely outcome, the posterior
of person i is LR_i / (1 + sum LR). One candidate: a logistic curve through 0.5 at MIDPOINT. Two
similar candidates share the probability, so an ambiguous utterance stays unknown. The constants
come from benchmarks/speakers.py --calibrate (utterance against a 2-4 utterance enrolment):
MIDPOINT lies between the highest different-speaker similarity measured (0.713, two espeak-ng
voices; real speakers at most 0.47) and the lowest same-speaker one (0.754, the LibriVox reader;
espeak-ng voices at least 0.86). SLOPE 40 gives 0.8 at 0.754 and 0.06 at 0.65 (the 95th
percentile of different speakers). A normal-distribution fit gives 69 and 0.79, pulled up by the
synthetic voices' tight same-speaker scores; that would leave real voices near 0.5.

Threads: `SpeakerIdentifier` is thread-safe (one lock around its enrolments; embedding runs
outside it, in numpy). room_speakers.py glues it to the pipeline and the conference.

Privacy: voiceprints live in memory for the meeting only; nothing is written to disk.
"""

from __future__ import annotations

import collections
import math
import threading
import tomllib
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .engine import SAMPLE_RATE, FloatAudio, as_float32
from .models import ModelError, check_file, manifest_path, models_dir
from .xvector import SPEAKER_MODEL, Matrix, SpeakerModelError, XVectorModel

SLOPE = 40.0  # calibration: log likelihood ratio per unit of cosine similarity
MIDPOINT = 0.72  # the similarity at which "this person" and "someone else" are equally likely


@dataclass(frozen=True)
class SpeakerSettings:
    min_confidence: float = 0.5  # below it: unknown speaker (None)
    min_speech_s: float = 0.5  # voiced speech an utterance needs to be attributed at all
    min_enrol_s: float = 1.0  # ... and to be enrolled (shorter clips blur a voice)
    max_speech_s: float = 20.0  # longer audio is cut to this (cost; no gain in accuracy)
    reliable_enrolment_s: float = 6.0  # an enrolment with less speech is flagged as thin
    remember: int = 2000  # voiceprints kept for later corrections (about 256 kB each 500)


@dataclass(frozen=True)
class Voiceprint:
    vector: Matrix  # length-normalised x-vector
    seconds: float  # voiced speech it was computed from


@dataclass(frozen=True)
class Enrolment:
    attendee_id: str
    seconds: float  # voiced speech enrolled
    segments: int  # utterances that went into it
    reliable: bool  # enough speech (SpeakerSettings.reliable_enrolment_s)


@dataclass(frozen=True)
class SpeakerGuess:
    attendee_id: str | None  # None: unknown (nobody matched well enough, or too little speech)
    confidence: float  # 0..1: probability that attendee_id spoke (0 when unknown)
    similarity: float | None  # cosine similarity with the best enrolment
    runner_up: str | None
    seconds: float  # voiced speech in the utterance
    reason: str  # "" when identified; else why not, for the log and the minute-taker's tooltip
    voiceprint: Voiceprint | None = field(default=None, repr=False)


def posterior(similarities: dict[str, float]) -> dict[str, float]:
    """P(person i spoke) for each candidate; the remainder is P(somebody not enrolled)."""
    ratios = {k: math.exp(min(50.0, SLOPE * (s - MIDPOINT))) for k, s in similarities.items()}
    total = 1.0 + sum(ratios.values())
    return {k: r / total for k, r in ratios.items()}


class SpeakerIdentifier:
    def __init__(self, model: XVectorModel, settings: SpeakerSettings | None = None) -> None:
        self.model = model
        self.settings = settings or SpeakerSettings()
        self._lock = threading.Lock()
        self._prints: dict[str, dict[Hashable, Voiceprint]] = {}  # attendee -> key -> print
        self._centroids: dict[str, Matrix] = {}
        self._owner: dict[Hashable, str] = {}  # enrolled key -> attendee
        self._remembered: collections.OrderedDict[Hashable, Voiceprint] = \
            collections.OrderedDict()
        self._next_key = 0

    @classmethod
    def load(cls, directory: Path | None = None, settings: SpeakerSettings | None = None,
             manifest: Path | None = None) -> SpeakerIdentifier:
        """The installed, verified speaker model; ModelError (one clear line) if unusable."""
        return cls(load_speaker_model(directory, manifest), settings)

    # ---- voiceprints (any thread; no lock) ---------------------------------------------------
    def voiceprint(self, audio: FloatAudio | np.ndarray[Any, Any]) -> Voiceprint | None:
        """The x-vector of 16 kHz mono audio, or None with less than `min_speech_s` of speech."""
        result = self.model.embed(as_float32(audio), SAMPLE_RATE, self.settings.max_speech_s)
        if result is None or result[1] < self.settings.min_speech_s:
            return None
        return Voiceprint(result[0], result[1])

    def _print(self, audio_or_print: Voiceprint | FloatAudio | np.ndarray[Any, Any]
               ) -> Voiceprint | None:
        if isinstance(audio_or_print, Voiceprint):
            return audio_or_print
        return self.voiceprint(audio_or_print)

    # ---- enrolment -------------------------------------------------------------------------
    def enrol(self, attendee_id: str,
              audio: Voiceprint | FloatAudio | np.ndarray[Any, Any]
              | Iterable[Voiceprint | FloatAudio | np.ndarray[Any, Any]],
              key: Hashable | None = None) -> tuple[Enrolment, int]:
        """Add speech to a person's voice: one clip (or voiceprint) or several.

        Returns the enrolment and how many clips were skipped as too short (less than
        `min_enrol_s` of voiced speech). A `key` (an utterance id) lets a later reassignment
        of that utterance move it to someone else.
        """
        clips: list[Voiceprint | FloatAudio | np.ndarray[Any, Any]] = (
            [audio] if isinstance(audio, (Voiceprint, np.ndarray)) else list(audio))
        prints = [self._print(clip) for clip in clips]
        kept = [p for p in prints if p is not None and p.seconds >= self.settings.min_enrol_s]
        with self._lock:
            for index, voiceprint in enumerate(kept):
                self._next_key += 1
                item: Hashable = ("clip", self._next_key) if key is None \
                    else key if len(clips) == 1 else (key, index)
                self._assign(item, attendee_id, voiceprint)
            return self._enrolment(attendee_id), len(prints) - len(kept)

    def _assign(self, key: Hashable, attendee_id: str | None, voiceprint: Voiceprint) -> None:
        previous = self._owner.pop(key, None)
        if previous is not None:
            self._prints[previous].pop(key, None)
            self._update(previous)
        if attendee_id is not None:
            self._owner[key] = attendee_id
            self._prints.setdefault(attendee_id, {})[key] = voiceprint
            self._update(attendee_id)

    def _update(self, attendee_id: str) -> None:
        prints = list(self._prints.get(attendee_id, {}).values())
        if not prints:
            self._prints.pop(attendee_id, None)
            self._centroids.pop(attendee_id, None)
            return
        weights = np.array([min(p.seconds, 10.0) for p in prints], dtype=np.float32)
        mean = (np.stack([p.vector for p in prints]) * weights[:, None]).sum(axis=0)
        self._centroids[attendee_id] = (mean / np.linalg.norm(mean)).astype(np.float32)

    def _enrolment(self, attendee_id: str) -> Enrolment:
        prints = list(self._prints.get(attendee_id, {}).values())
        seconds = round(sum(p.seconds for p in prints), 2)
        return Enrolment(attendee_id, seconds, len(prints),
                         seconds >= self.settings.reliable_enrolment_s)

    def enrolment(self, attendee_id: str) -> Enrolment:
        with self._lock:
            return self._enrolment(attendee_id)

    def enrolments(self) -> dict[str, Enrolment]:
        """Everyone enrolled, with how much speech each enrolment has."""
        with self._lock:
            return {a: self._enrolment(a) for a in self._prints}

    def forget(self, attendee_id: str) -> None:
        """Drop a person's voice (they left; or the meeting ended)."""
        with self._lock:
            for key in list(self._prints.pop(attendee_id, {})):
                self._owner.pop(key, None)
            self._centroids.pop(attendee_id, None)

    def clear(self) -> None:
        """Forget every voice and voiceprint (the meeting ended)."""
        with self._lock:
            self._prints.clear()
            self._centroids.clear()
            self._owner.clear()
            self._remembered.clear()

    # ---- corrections -----------------------------------------------------------------------
    def remember(self, key: Hashable, voiceprint: Voiceprint) -> None:
        """Keep an utterance's voiceprint so that a later correction can enrol it."""
        with self._lock:
            self._remembered[key] = voiceprint
            self._remembered.move_to_end(key)
            while len(self._remembered) > self.settings.remember:
                self._remembered.popitem(last=False)

    def learn(self, key: Hashable, attendee_id: str | None) -> Enrolment | None:
        """A person attributed utterance `key` to `attendee_id` (None: to nobody): its voice
        joins that enrolment (and leaves any it was in). None if its voiceprint is unknown or
        too short to enrol."""
        with self._lock:
            voiceprint = self._remembered.get(key)
            if voiceprint is None or voiceprint.seconds < self.settings.min_enrol_s:
                return None
            self._assign(key, attendee_id, voiceprint)
            return self._enrolment(attendee_id) if attendee_id is not None else None

    # ---- identification --------------------------------------------------------------------
    def identify(self, audio: Voiceprint | FloatAudio | np.ndarray[Any, Any] | None,
                 candidates: Collection[str] | None = None) -> SpeakerGuess:
        """The enrolled person (among `candidates`, if given) who most likely said this."""
        voiceprint = self._print(audio) if audio is not None else None
        if voiceprint is None:
            return SpeakerGuess(None, 0.0, None, None, 0.0, "too little speech to tell")
        with self._lock:
            centroids = {a: c for a, c in self._centroids.items()
                         if candidates is None or a in candidates}
        if not centroids:
            return SpeakerGuess(None, 0.0, None, None, voiceprint.seconds,
                                "nobody in the room is enrolled yet", voiceprint)
        similarities = {a: float(voiceprint.vector @ c) for a, c in centroids.items()}
        chances = posterior(similarities)
        ranked = sorted(chances, key=chances.__getitem__, reverse=True)
        best, runner_up = ranked[0], (ranked[1] if len(ranked) > 1 else None)
        confidence = round(chances[best], 3)
        similarity = round(similarities[best], 3)
        if confidence < self.settings.min_confidence:
            why = (f"unsure between {best} and {runner_up}" if runner_up is not None
                   and chances[best] + chances[runner_up] >= self.settings.min_confidence
                   else "the voice matches nobody enrolled")
            return SpeakerGuess(None, 0.0, similarity, best, voiceprint.seconds, why,
                                voiceprint)
        return SpeakerGuess(best, confidence, similarity, runner_up, voiceprint.seconds, "",
                            voiceprint)


# ---- the model on disk ---------------------------------------------------------------------

def speaker_model_problems(directory: Path | None = None, manifest: Path | None = None
                           ) -> list[str]:
    """What is wrong with the installed speaker model (empty when it verifies)."""
    where = (directory or models_dir() / SPEAKER_MODEL)
    try:
        data: dict[str, Any] = tomllib.loads(manifest_path(manifest).read_text("utf-8"))
        files = data["speakers"][SPEAKER_MODEL]["files"]
        specs = [(str(f["path"]), int(f["size"]), str(f["sha256"])) for f in files]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as problem:
        return [f"the model manifest does not pin {SPEAKER_MODEL}: {problem!r}"]
    if not where.is_dir():
        return [f"the speaker model {SPEAKER_MODEL} is not installed in {where.parent} "
                "(run scripts/install_models.py)"]
    return [p for path, size, sha in specs if (p := check_file(where / path, size, sha))]


def load_speaker_model(directory: Path | None = None, manifest: Path | None = None
                       ) -> XVectorModel:
    where = directory or models_dir() / SPEAKER_MODEL
    problems = speaker_model_problems(where, manifest)
    if problems:
        raise ModelError(f"speaker identification is off: {problems[0]}")
    try:
        return XVectorModel(where)
    except (SpeakerModelError, OSError, ValueError) as problem:
        raise ModelError(f"speaker identification is off: {problem}") from None
