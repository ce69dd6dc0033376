"""One recognition interface for every engine.

An `Engine` holds a loaded model and opens one `RecognitionStream` per audio source. A stream is
fed 16 kHz mono audio (float32 in [-1, 1] or int16) in pieces of any size, in order, and returns
what it recognised, with times in seconds from the start of the stream (sample counting, so
times are exact whatever the size of the pieces):

- `Partial`: the text so far of the utterance being spoken (not stored, may change);
- `Final`: a finished utterance: start, end, text, confidence, word times where the engine has
  them;
- `DecodeJob`: an utterance that the voice-activity detector has closed but that still has to be
  decoded (Whisper decodes whole utterances). Running the job is the expensive part; the
  pipeline runs jobs one at a time on its worker thread, from a bounded queue, so that feeding
  stays cheap and the backlog can be measured and cut. `run_all` runs them inline.

Streams are not thread-safe: one thread feeds a stream and runs its jobs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Protocol, TypeAlias

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000
AUTO = "auto"  # a source whose language the engine detects per utterance (an interpreter)
FloatAudio: TypeAlias = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds from the start of the stream
    end: float
    probability: float | None = None


@dataclass(frozen=True)
class Partial:
    text: str
    start: float  # the utterance's start, seconds from the start of the stream
    end: float  # how far the engine has heard
    speaking: bool = True  # False: the utterance closed; its Final (if any) follows


@dataclass(frozen=True)
class Final:
    text: str
    start: float
    end: float
    confidence: float | None  # 0..1
    words: tuple[Word, ...] = ()
    language: str | None = None  # the language the text is in, when the engine knows it
    english: str | None = None  # a machine translation into English (non-English speech)
    key: float | None = None  # the utterance's start (stream s): a revision names its line so
    revision: bool = False  # a better text for the line first given with the same key


@dataclass
class DecodeJob:
    """A closed utterance waiting to be decoded: `run()` does the work and may find nothing."""

    start: float
    end: float
    run: Callable[[], Final | Partial | None]
    partial: bool = False  # a refresh of the open utterance's partial text: dropped first
    refinement: bool = False  # a better decode of a line already given: dropped before finals

    @property
    def seconds(self) -> float:
        return self.end - self.start


StreamOutput: TypeAlias = Partial | Final | DecodeJob


class RecognitionStream(Protocol):
    # what the source speaks, as `Engine.open_stream` took it; may change as people arrive
    language: str | None

    def feed(self, audio: npt.NDArray[np.float32] | npt.NDArray[np.int16]) -> list[StreamOutput]:
        """Take the next piece of audio; return what became known, in order."""
        ...

    def finish(self) -> list[StreamOutput]:
        """The stream ended (or paused for good): close the utterance in progress."""
        ...

    def skip(self, seconds: float) -> list[StreamOutput]:
        """No audio came for this long (a network gap): close any utterance, move time on."""
        ...

    def discard(self) -> None:
        """Forget the utterance in progress (its speaker was excluded): nothing of it comes out."""
        ...

    def partial_job(self) -> DecodeJob | None:
        """Work that would refresh the open utterance's partial text, if worth doing now."""
        ...

    @property
    def position(self) -> float:
        """Seconds of audio fed so far."""
        ...


class Engine(Protocol):
    name: str  # "whisper" or "vosk"
    model_name: str

    def open_stream(self, language: str | None = None) -> RecognitionStream:
        """`language`: what the source speaks (a tag such as "pl"; AUTO: let the engine tell;
        None: the settings' language). An engine with one language's model ignores it."""
        ...


def as_float32(audio: npt.NDArray[np.float32] | npt.NDArray[np.int16] | npt.NDArray[np.float64]
               ) -> FloatAudio:
    """Mono float32 in [-1, 1] from float or int16 samples; (n, channels) arrays are mixed down."""
    array = np.asarray(audio)
    if array.dtype == np.int16:
        scale = 1.0 / 32768.0
    elif array.dtype.kind == "f":
        scale = 1.0
    else:
        raise ValueError(f"audio must be float or int16 samples, not {array.dtype}")
    if array.ndim == 2:
        array = array.astype(np.float32).mean(axis=1)
    elif array.ndim != 1:
        raise ValueError(f"audio must be 1-D (or frames x channels), not shape {array.shape}")
    mono = array.astype(np.float32) if scale == 1.0 else array.astype(np.float32) * scale
    return np.ascontiguousarray(mono, dtype=np.float32)


def run_all(outputs: Iterable[StreamOutput]) -> list[Partial | Final]:
    """Run any decode jobs inline (files, tests): what a stream's outputs amount to."""
    done: list[Partial | Final] = []
    for item in outputs:
        if isinstance(item, DecodeJob):
            result = item.run()
            if result is not None:
                done.append(result)
        else:
            done.append(item)
    return done


def transcribe(engine: Engine, audio: npt.NDArray[np.float32] | npt.NDArray[np.int16],
               piece_seconds: float = 0.1, live: bool = False) -> list[Final]:
    """The finals of one whole recording, fed in real-time-sized pieces as a live source would
    (a line revised by a better decode comes out with the better text). `live`: as a live
    source is cut and decoded when the recogniser keeps up (every decode offered while a
    pause runs on is done at once), for measuring what a meeting's lines would read."""
    stream = engine.open_stream()
    if hasattr(stream, "live") and not live:
        stream.live = False  # nobody waits for a first line: decode each utterance once
    step = max(1, int(piece_seconds * SAMPLE_RATE))
    finals: list[Final] = []

    def take(results: list[Partial | Final]) -> None:
        for result in results:
            if not isinstance(result, Final):
                continue
            if result.revision:  # a better text for a line already given: it replaces it
                finals[:] = [replace(result, revision=False) if f.key == result.key else f
                             for f in finals]
            else:
                finals.append(result)

    for offset in range(0, len(audio), step):
        take(run_all(stream.feed(audio[offset:offset + step])))
        while live and (job := stream.partial_job()) is not None:
            take(run_all([job]))
    take(run_all(stream.finish()))
    return finals
