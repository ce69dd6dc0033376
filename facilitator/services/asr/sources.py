"""One audio stream of the pipeline: a source with a fixed speaker, safe to push from any thread.

Times: a stream's time is its sample count; its wall-clock origin is the session clock when its
first audio arrived (less that audio's length). Later audio is placed (`AudioSource.place`):
- by its sender's media clock when it has one (`push(..., media_time)`: a WebRTC frame's pts,
  an RTP timestamp): audio that arrives late, even in a burst seconds behind (a starved
  machine, a congested network), keeps the moment it was said, so a person out of the meeting
  then is never sent "X is speaking" of it after being readmitted. A jump of the media clock
  is time in which nothing was sent (a muted track, a phone sending nothing in silence): up to
  `GAP_SECONDS` it is filled with silence (a lost packet, a pause), past it it is a gap;
- by arrival otherwise (the room's sound card has no media clock), or when the media clock
  jumps back, or ahead of when the audio arrived by more than `MEDIA_AHEAD_SECONDS` (a
  restarted sender: its clock starts anywhere), which then re-anchors it: if audio stops
  arriving for more than `GAP_SECONDS` (a network outage), the gap is skipped so that later
  speech keeps true times.
Audio is never placed later than its arrival (nor earlier than what came before it): a late
stamp is the one that could let content reach someone who was out when it was said.
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
from .engine import SAMPLE_RATE, DecodeJob, FloatAudio, RecognitionStream
from .resample import Resampler

GAP_SECONDS = 2.0  # nothing this long (by the media clock, or arriving late without one): a gap
MEDIA_SLACK_SECONDS = 0.1  # a media clock this far behind what was pushed is still contiguous
MEDIA_AHEAD_SECONDS = 1.0  # a media clock ahead of arrival by more: the sender restarted

InboxItem = tuple[str, FloatAudio | int]  # ("audio", samples), ("gap" | "end" | ..., count)


class Inlet(Protocol):
    """What a source needs of its pipeline (`TranscriptionPipeline`): somewhere to hand what
    was pushed. Package-private methods: only the pipeline's own sources call them."""

    def _arrive(self, source: AudioSource, audio: FloatAudio,
                media_time: float | None = None) -> None: ...

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
    _media_anchor: tuple[float, int] | None = None  # (media seconds, stream sample) at one point

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
             | npt.NDArray[np.float64], sample_rate: int,
             media_time: float | None = None) -> None:
        """Audio from this source: mono or frames x channels, float in [-1, 1] or int16.
        `media_time`: when its first sample was taken by the sender's media clock (seconds
        from any origin: a WebRTC frame's pts x time_base, an RTP timestamp / clock rate),
        or None when there is none (a sound card): then it is placed by its arrival."""
        with self._push_lock:
            audio = self._resampler(samples, sample_rate)
            if len(audio):
                self.pipeline._arrive(self, audio, media_time)

    def place(self, now: datetime, samples: int, media_time: float | None) -> tuple[int, bool]:
        """Where audio of `samples` arriving `now` goes (the module's "Times"): how many stream
        samples of nothing come before it, and whether that nothing is a gap (else silence).
        Called by the pipeline with this source's push lock held; does not move `pushed`."""
        if self.started_at is None:
            self.started_at = now - timedelta(seconds=samples / SAMPLE_RATE)
            self._media_anchor = None if media_time is None else (media_time, 0)
            return 0, False
        arrived = round((now - self.started_at).total_seconds() * SAMPLE_RATE) - samples
        if media_time is not None and self._media_anchor is not None:
            anchor_time, anchor_at = self._media_anchor
            at = anchor_at + round((media_time - anchor_time) * SAMPLE_RATE)
            if self.pushed - MEDIA_SLACK_SECONDS * SAMPLE_RATE <= at \
                    <= arrived + MEDIA_AHEAD_SECONDS * SAMPLE_RATE:
                nothing = max(0, min(at, arrived) - self.pushed)  # never after its arrival
                return nothing, nothing > GAP_SECONDS * SAMPLE_RATE
        late = arrived - self.pushed
        nothing = late if late > GAP_SECONDS * SAMPLE_RATE else 0
        if media_time is not None:  # the first media time, or the clock restarted: from here
            self._media_anchor = (media_time, self.pushed + nothing)
        return nothing, True

    def end(self) -> None:
        """The source stopped (person left, track ended): close what they were saying."""
        self.pipeline._enqueue(self, ("end", 0))

    def wall(self, seconds: float) -> datetime:
        assert self.started_at is not None
        return self.started_at + timedelta(seconds=seconds)
