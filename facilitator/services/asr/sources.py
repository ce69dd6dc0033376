"""One audio stream of the pipeline: a source with a fixed speaker, safe to push from any thread.

Times: a stream's time is its sample count; its wall-clock origin is the session clock when its
first audio arrived (less that audio's length). If audio stops arriving for more than
`GAP_SECONDS` (a network outage), the gap is skipped so that later speech keeps true times.
"""

from __future__ import annotations

import collections
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

import numpy as np
import numpy.typing as npt

from ...domain.transcript import UtteranceSource
from .engine import DecodeJob, FloatAudio, RecognitionStream
from .resample import Resampler

InboxItem = tuple[str, FloatAudio | int]  # ("audio", samples), ("gap" | "end" | ..., count)


class Inlet(Protocol):
    """What a source needs of its pipeline (`TranscriptionPipeline`): somewhere to hand what
    was pushed. Package-private methods: only the pipeline's own sources call them."""

    def _arrive(self, source: AudioSource, audio: FloatAudio) -> None: ...

    def _enqueue(self, source: AudioSource, item: InboxItem) -> None: ...


@dataclass
class _Job:
    source: AudioSource
    job: DecodeJob
    epoch: int  # the source's discard epoch when the job was made


@dataclass(eq=False)
class AudioSource:
    """One audio stream with a fixed speaker. `push` and `end` are safe from any thread."""

    id: str
    kind: UtteranceSource
    speaker_id: str | None
    pipeline: Inlet
    stream: RecognitionStream
    started_at: datetime | None = None  # wall clock at stream time 0
    pushed: int = 0  # 16 kHz samples pushed (including gaps)
    epoch: int = 0  # bumped on each discard: older decodes of this source are stale
    _inbox: collections.deque[InboxItem] = field(
        default_factory=collections.deque)
    _inbox_samples: int = 0
    _resampler: Resampler = field(default_factory=Resampler)
    _push_lock: threading.Lock = field(default_factory=threading.Lock)
    _dropped_unreported: int = 0  # samples dropped from the inbox, not yet in a warning
    _dropped_total: int = 0
    _last_drop_report: float = float("-inf")
    _drop_span: tuple[int, int] | None = None  # stream samples of audio dropped, not yet told

    def inbox_start(self) -> int:
        """The stream sample at which the oldest item waiting in the inbox begins."""
        waiting = sum(p if isinstance(p, int) else len(p) for k, p in self._inbox
                      if k in ("audio", "gap"))
        return self.pushed - waiting

    def drop_oldest(self, limit: int) -> int:
        """With the pipeline's lock held: turn the oldest waiting audio into gaps until at most
        `limit` samples wait; extends `_drop_span`. Returns the samples dropped."""
        dropped = 0
        while self._inbox_samples > limit:
            at = self.inbox_start()
            for index, (kind, payload) in enumerate(self._inbox):
                if kind == "audio" and not isinstance(payload, int):
                    self._inbox[index] = ("gap", len(payload))
                    self._inbox_samples -= len(payload)
                    dropped += len(payload)
                    span = self._drop_span
                    self._drop_span = (span[0] if span and span[1] >= at else at,
                                       at + len(payload))
                    break
                at += payload if isinstance(payload, int) else len(payload)
            else:
                break
        return dropped

    def push(self, samples: npt.NDArray[np.float32] | npt.NDArray[np.int16]
             | npt.NDArray[np.float64], sample_rate: int) -> None:
        """Audio from this source: mono or frames x channels, float in [-1, 1] or int16."""
        with self._push_lock:
            audio = self._resampler(samples, sample_rate)
            if len(audio):
                self.pipeline._arrive(self, audio)

    def end(self) -> None:
        """The source stopped (person left, track ended): close what they were saying."""
        self.pipeline._enqueue(self, ("end", 0))

    def wall(self, seconds: float) -> datetime:
        assert self.started_at is not None
        return self.started_at + timedelta(seconds=seconds)
