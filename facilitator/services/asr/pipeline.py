"""Live transcription of several audio sources, each its own stream with a fixed speaker.

Sources: the room microphone (speaker unknown: None) and each remote person's audio (speaker:
that attendee). Every source is an `AudioSource` whose `push(samples, sample_rate)` may be called
from any thread (a sounddevice callback, the asyncio loop receiving WebRTC frames); it converts
to 16 kHz mono and hands the audio to the pipeline's single worker thread, so pushing never
waits for recognition.

The worker thread, in a loop: feeds every source's new audio to that source's stream (the VAD,
and for Vosk the streaming decoder), then decodes one utterance (Whisper), then again. So one
decode runs at a time (the reference machine has 2 cores) and voice detection keeps up
meanwhile. When nothing waits, it refreshes the partial text of utterances still being spoken.

Backlog policy (logged, counted in `stats`, reported through `on_problem`):
- at most `max_pending_utterances` closed utterances wait for decoding; one more drops the
  OLDEST waiting one (keeping latency bounded: what is said now matters most live, and the
  minute-taker sees a warning to note it by hand);
- a source's undecoded audio is bounded by `max_inbox_s`; past it the oldest audio is dropped
  and counted as a gap (the stream's clock stays right);
- partial refreshes are only done when nothing else waits.

Results leave the worker through callbacks, ON THE WORKER THREAD:
- `deliver(RecognisedUtterance)`: a final utterance with wall-clock times;
- `on_partial(PartialText)`: the text so far (not stored);
- `on_problem(str)`: a one-line warning for the chair's window.
`ConferenceSession` is not thread-safe: `deliver` must hand the utterance to the thread that owns
the session (a Qt queued signal, `loop.call_soon_threadsafe`, or the `DeliveryQueue` below) and
there call `SessionRecorder.record`, which writes it through `ConferenceSession.execute`.

Exclusions: `set_excluded(ids)` (thread-safe; `SessionRecorder` keeps it in step with the
session) stops a source whose speaker is excluded: its audio is discarded as it arrives, its
utterance in progress and any decode waiting for it are dropped, and nothing is delivered for it.
`SessionRecorder.record` checks again against the segment in which the utterance started.

Times: a stream's time is its sample count; its wall-clock origin is the session clock when its
first audio arrived (less that audio's length). If audio stops arriving for more than
`GAP_SECONDS` (a network outage), the gap is skipped so that later speech keeps true times.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ...domain.clock import Clock
from ...domain.errors import DomainError
from ...domain.transcript import UtteranceSource
from .engine import (
    SAMPLE_RATE,
    DecodeJob,
    Engine,
    Final,
    FloatAudio,
    Partial,
    RecognitionStream,
    StreamOutput,
    Word,
)
from .resample import Resampler
from .settings import AsrSettings

if TYPE_CHECKING:
    from ...app import ConferenceSession

log = logging.getLogger(__name__)

GAP_SECONDS = 2.0  # audio arriving this much later than its sample count says is a gap
DROP_REPORT_SECONDS = 10.0  # at most one "dropped audio" warning per source this often


@dataclass(frozen=True)
class RecognisedUtterance:
    source_id: str
    speaker_id: str | None
    kind: UtteranceSource
    started_at: datetime
    ended_at: datetime
    text: str
    confidence: float | None
    words: tuple[Word, ...]  # times in seconds from `stream_started_at`
    stream_started_at: datetime
    engine: str
    speaker_confidence: float | None = None  # when the speaker was named by their voice

    def word_times(self) -> list[tuple[str, datetime, datetime]]:
        origin = self.stream_started_at
        return [(w.text, origin + timedelta(seconds=w.start), origin + timedelta(seconds=w.end))
                for w in self.words]


@dataclass(frozen=True)
class PartialText:
    source_id: str
    speaker_id: str | None
    kind: UtteranceSource
    started_at: datetime
    heard_until: datetime
    text: str  # "" while nothing is decoded yet: "someone is speaking"
    speaking: bool  # False: the utterance closed; its final follows (or nothing, if noise)


@dataclass
class PipelineStats:
    audio_seconds: float = 0.0  # pushed, at 16 kHz
    utterances: int = 0  # finals delivered
    decode_seconds: float = 0.0  # wall time spent decoding finals
    decoded_audio_seconds: float = 0.0
    partial_decodes: int = 0
    dropped_utterances: int = 0
    dropped_seconds: float = 0.0  # speech lost to the backlog policy
    excluded_seconds: float = 0.0  # audio discarded because its speaker was excluded
    max_backlog: int = 0  # most closed utterances ever waiting


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
    pipeline: TranscriptionPipeline
    stream: RecognitionStream
    started_at: datetime | None = None  # wall clock at stream time 0
    pushed: int = 0  # 16 kHz samples pushed (including gaps)
    epoch: int = 0  # bumped on each discard: older decodes of this source are stale
    _inbox: collections.deque[tuple[str, FloatAudio | int]] = field(
        default_factory=collections.deque)
    _inbox_samples: int = 0
    _resampler: Resampler = field(default_factory=Resampler)
    _push_lock: threading.Lock = field(default_factory=threading.Lock)
    _dropped_unreported: int = 0  # samples dropped from the inbox, not yet in a warning
    _dropped_total: int = 0
    _last_drop_report: float = float("-inf")

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


class TranscriptionPipeline:
    def __init__(self, engine: Engine, clock: Clock,
                 deliver: Callable[[RecognisedUtterance], None],
                 on_partial: Callable[[PartialText], None] | None = None,
                 on_problem: Callable[[str], None] | None = None,
                 settings: AsrSettings | None = None) -> None:
        self.engine = engine
        self.clock = clock
        self.deliver = deliver
        self.on_partial = on_partial
        self.on_problem = on_problem
        self.settings = settings or getattr(engine, "settings", None) or AsrSettings()
        self.stats = PipelineStats()
        self._sources: dict[str, AudioSource] = {}
        self._excluded: frozenset[str] = frozenset()
        self._jobs: collections.deque[_Job] = collections.deque()
        self._lock = threading.Condition()
        self._busy = False
        self._stopping = False
        self._flush_on_stop = True
        self._thread: threading.Thread | None = None
        self._partial_turn = 0

    # ---- configuration (any thread) ----------------------------------------------------------
    def add_source(self, source_id: str, kind: UtteranceSource = UtteranceSource.ROOM,
                   speaker_id: str | None = None) -> AudioSource:
        with self._lock:
            if source_id in self._sources:
                raise ValueError(f"source {source_id!r} is already being transcribed")
            source = AudioSource(source_id, kind, speaker_id, self, self.engine.open_stream())
            self._sources[source_id] = source
            return source

    def remove_source(self, source_id: str) -> None:
        """Stop transcribing a source; what it was saying is finished and decoded first."""
        with self._lock:
            source = self._sources.get(source_id)
        if source is not None:
            source.end()
            self._enqueue(source, ("remove", 0))

    @property
    def sources(self) -> list[AudioSource]:
        with self._lock:
            return list(self._sources.values())

    def set_excluded(self, attendee_ids: Iterable[str]) -> None:
        """Those now excluded from the meeting: their sources are silenced at once."""
        excluded = frozenset(attendee_ids)
        with self._lock:
            newly = excluded - self._excluded
            self._excluded = excluded
            for source in self._sources.values():
                if source.speaker_id in newly:
                    source.epoch += 1
                    source._inbox = collections.deque(
                        ("gap", len(payload)) if not isinstance(payload, int) else (kind, payload)
                        for kind, payload in source._inbox)  # keep time, drop the audio
                    source._inbox_samples = 0
                    source._inbox.append(("discard", 0))
            self._jobs = collections.deque(
                j for j in self._jobs if j.source.speaker_id not in excluded)
            self._lock.notify_all()

    def excluded(self, source: AudioSource) -> bool:
        return source.speaker_id is not None and source.speaker_id in self._excluded

    # ---- running ---------------------------------------------------------------------------
    def start(self) -> TranscriptionPipeline:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="facilitator-asr",
                                            daemon=True)
            self._thread.start()
        return self

    def stop(self, flush: bool = True, timeout: float = 30.0) -> None:
        """Stop the worker; with `flush`, finish and decode every utterance in progress first."""
        with self._lock:
            self._flush_on_stop = flush
            self._stopping = True
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("the recogniser did not stop within %.0f s", timeout)
            self._thread = None

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Wait until everything pushed so far has been fed, decoded and delivered."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._busy or self._jobs or any(s._inbox for s in self._sources.values()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(min(remaining, 0.1))
        return True

    @property
    def backlog_seconds(self) -> float:
        with self._lock:
            return sum(j.job.seconds for j in self._jobs)

    # ---- arrivals (pushing threads) ----------------------------------------------------------
    def _arrive(self, source: AudioSource, audio: FloatAudio) -> None:
        now = self.clock.now()
        seconds = len(audio) / SAMPLE_RATE
        gap = 0
        if source.started_at is None:
            source.started_at = now - timedelta(seconds=seconds)
        else:
            expected = source.wall(source.pushed / SAMPLE_RATE + seconds)
            late = (now - expected).total_seconds()
            if late > GAP_SECONDS:  # nothing arrived for a while: skip it, keep true times
                gap = int(late * SAMPLE_RATE)
        source.pushed += gap + len(audio)
        report, total = False, 0.0
        with self._lock:
            if self._stopping or self._sources.get(source.id) is not source:
                return  # stopped, or the source was removed: nobody will read it
            self.stats.audio_seconds += seconds
            if self.excluded(source):
                self.stats.excluded_seconds += seconds
                source._inbox.append(("gap", gap + len(audio)))
            else:
                if gap:
                    source._inbox.append(("gap", gap))
                source._inbox.append(("audio", audio))
                source._inbox_samples += len(audio)
                self._bound_inbox(source)
            self._lock.notify_all()
            report = bool(source._dropped_unreported) and \
                time.monotonic() - source._last_drop_report >= DROP_REPORT_SECONDS
            if report:
                source._dropped_unreported = 0
                source._last_drop_report = time.monotonic()
                total = source._dropped_total / SAMPLE_RATE
        if report:  # outside the lock: the callback may call back into the pipeline
            so_far = f" ({total:.1f} s so far)" if total >= 1 else ""
            self._problem(f"transcription is more than {self.settings.max_inbox_s:.0f} s behind "
                          f"on {source.id}: dropping its oldest undecoded audio{so_far}")

    def _enqueue(self, source: AudioSource, item: tuple[str, FloatAudio | int]) -> None:
        with self._lock:
            source._inbox.append(item)
            self._lock.notify_all()

    def _bound_inbox(self, source: AudioSource) -> None:
        limit = int(self.settings.max_inbox_s * SAMPLE_RATE)
        dropped = 0
        while source._inbox_samples > limit:
            for index, (kind, payload) in enumerate(source._inbox):
                if kind == "audio" and not isinstance(payload, int):
                    source._inbox[index] = ("gap", len(payload))
                    source._inbox_samples -= len(payload)
                    dropped += len(payload)
                    break
            else:
                break
        if dropped:
            source._dropped_unreported += dropped
            source._dropped_total += dropped
            self.stats.dropped_seconds += dropped / SAMPLE_RATE

    # ---- the worker thread -----------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._stopping and not self._jobs and \
                        not any(s._inbox for s in self._sources.values()):
                    self._lock.wait(0.25)
                if self._stopping:
                    break
                self._busy = True
            try:
                self._step()
            except Exception:  # a decoder bug must not take the meeting's audio down with it
                log.exception("the recogniser failed; carrying on")
                self._problem("speech recognition failed on one utterance (see the log)")
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()
        if self._flush_on_stop:
            try:
                self._flush()
            except Exception:
                log.exception("flushing the recogniser failed")

    def _step(self) -> None:
        self._feed_all()
        job = self._next_job()
        if job is not None:
            self._run_job(job)
            return
        self._refresh_partial()

    def _feed_all(self) -> None:
        for source in self.sources:
            while True:
                with self._lock:
                    if not source._inbox:
                        break
                    kind, payload = source._inbox.popleft()
                    if kind == "audio" and not isinstance(payload, int):
                        source._inbox_samples -= len(payload)
                    epoch = source.epoch
                if kind == "audio" and not isinstance(payload, int):
                    self._outputs(source, source.stream.feed(payload), epoch)
                elif kind == "gap" and isinstance(payload, int):
                    self._outputs(source, source.stream.skip(payload / SAMPLE_RATE), epoch)
                elif kind == "discard":
                    source.stream.discard()
                    # "no longer speaking", so a view can clear the line (it reveals nothing)
                    self._partial(source, Partial("", source.stream.position,
                                                  source.stream.position, speaking=False),
                                  even_if_excluded=True)
                elif kind == "end":
                    self._outputs(source, source.stream.finish(), epoch)
                elif kind == "remove":
                    with self._lock:
                        self._sources.pop(source.id, None)

    def _outputs(self, source: AudioSource, outputs: list[StreamOutput], epoch: int) -> None:
        for item in outputs:
            if isinstance(item, DecodeJob):
                self._add_job(_Job(source, item, epoch))
            elif isinstance(item, Final):
                self._final(source, item, epoch)
            else:
                self._partial(source, item)

    def _add_job(self, job: _Job) -> None:
        with self._lock:
            if self.excluded(job.source):
                return
            self._jobs.append(job)
            waiting = len(self._jobs)
            self.stats.max_backlog = max(self.stats.max_backlog, waiting)
            if waiting <= self.settings.max_pending_utterances:
                return
            oldest = self._jobs.popleft()
            self.stats.dropped_utterances += 1
            self.stats.dropped_seconds += oldest.job.seconds
        at = oldest.source.wall(oldest.job.start) if oldest.source.started_at else None
        self._problem(
            f"transcription is behind: dropped {oldest.job.seconds:.1f} s of speech from "
            f"{oldest.source.id}" + (f" at {at:%H:%M:%S}" if at else "")
            + f" ({waiting} utterances were waiting): note it by hand")

    def _next_job(self) -> _Job | None:
        with self._lock:
            return self._jobs.popleft() if self._jobs else None

    def _run_job(self, job: _Job) -> None:
        if job.epoch != job.source.epoch or self.excluded(job.source):
            return
        began = time.perf_counter()
        result = job.job.run()
        elapsed = time.perf_counter() - began
        with self._lock:
            if job.job.partial:
                self.stats.partial_decodes += 1
            else:
                self.stats.decode_seconds += elapsed
                self.stats.decoded_audio_seconds += job.job.seconds
        if isinstance(result, Final):
            self._final(job.source, result, job.epoch)
        elif isinstance(result, Partial):
            self._partial(job.source, result)

    def _refresh_partial(self) -> None:
        """When idle: refresh one open utterance's partial text (sources take turns)."""
        sources = [s for s in self.sources if not self.excluded(s)]
        for offset in range(len(sources)):
            source = sources[(self._partial_turn + offset) % len(sources)]
            job = source.stream.partial_job()
            if job is not None:
                self._partial_turn = (self._partial_turn + offset + 1) % len(sources)
                self._run_job(_Job(source, job, source.epoch))
                return

    def _final(self, source: AudioSource, final: Final, epoch: int) -> None:
        if epoch != source.epoch or self.excluded(source) or source.started_at is None:
            return
        utterance = RecognisedUtterance(
            source.id, source.speaker_id, source.kind, source.wall(final.start),
            source.wall(final.end), final.text, final.confidence, final.words,
            source.started_at, f"{self.engine.name} {self.engine.model_name}")
        with self._lock:
            self.stats.utterances += 1
        try:
            self.deliver(utterance)
        except Exception:
            log.exception("delivering an utterance failed")

    def _partial(self, source: AudioSource, partial: Partial,
                 even_if_excluded: bool = False) -> None:
        if self.on_partial is None or source.started_at is None or \
                (self.excluded(source) and not even_if_excluded):
            return
        try:
            self.on_partial(PartialText(
                source.id, source.speaker_id, source.kind, source.wall(partial.start),
                source.wall(partial.end), partial.text, partial.speaking))
        except Exception:
            log.exception("showing a partial failed")

    def _flush(self) -> None:
        for source in self.sources:
            self._enqueue(source, ("end", 0))
        self._feed_all()
        while (job := self._next_job()) is not None:
            self._run_job(job)

    def _problem(self, message: str) -> None:
        log.warning("%s", message)
        if self.on_problem is not None:
            try:
                self.on_problem(message)
            except Exception:
                log.exception("reporting a problem failed")


class DeliveryQueue:
    """Hands results from the recogniser's thread to the thread that owns the session.

    `put` is the pipeline's `deliver` (any thread); the owner calls `drain(handler)` (from a Qt
    timer, the asyncio loop, or a test) and the handler runs on the owner's thread.
    """

    def __init__(self) -> None:
        self._queue: queue.Queue[RecognisedUtterance] = queue.Queue()

    def put(self, utterance: RecognisedUtterance) -> None:
        self._queue.put(utterance)

    def drain(self, handler: Callable[[RecognisedUtterance], object],
              timeout: float = 0.0) -> int:
        count = 0
        try:
            item = self._queue.get(timeout=timeout) if timeout else self._queue.get_nowait()
        except queue.Empty:
            return 0
        while True:
            handler(item)
            count += 1
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return count


class SessionRecorder:
    """Writes recognised utterances into a conference. Use it ON THE SESSION'S THREAD only.

    It also keeps the pipeline's exclusions in step with the conference (it listens to the
    session's events, which arrive on that same thread).
    """

    ACTOR = "recogniser"

    def __init__(self, session: ConferenceSession, pipeline: TranscriptionPipeline | None = None
                 ) -> None:
        self.session = session
        self.pipeline = pipeline
        self.refused: list[tuple[RecognisedUtterance, str]] = []
        self._synced: frozenset[str] | None = None
        self._unsubscribe = session.subscribe(self._on_event)
        self.sync_exclusions()

    def close(self) -> None:
        self._unsubscribe()

    def sync_exclusions(self) -> None:
        excluded = self.session.conference.excluded_now
        if self.pipeline is not None and excluded != self._synced:
            self.pipeline.set_excluded(excluded)
            self._synced = excluded

    def _on_event(self, _event: object) -> None:
        self.sync_exclusions()  # any event may open a segment (exclude, readmit, swap parts)

    def record(self, utterance: RecognisedUtterance) -> str | None:
        """Store one utterance through ConferenceSession.execute; its id, or None if refused."""
        from ...domain.commands.record import record_utterance
        from ...domain.events import UtteranceRecorded

        conference = self.session.conference
        started, ended = utterance.started_at, utterance.ended_at
        if conference.started_at is not None and started < conference.started_at:
            if ended < conference.started_at:
                return self._refuse(utterance, "spoken before the meeting started")
            started = conference.started_at  # the sentence during which the chair started it
        speaker = utterance.speaker_id
        if speaker is not None and conference.segments and \
                not conference.segment_at(started).admits(speaker):
            return self._refuse(utterance, f"{speaker} was excluded when it was said")
        try:
            events = self.session.execute(
                record_utterance, speaker, utterance.kind, started, ended, utterance.text,
                utterance.confidence, actor=self.ACTOR,
                speaker_confidence=utterance.speaker_confidence if speaker else None)
        except DomainError as problem:
            return self._refuse(utterance, str(problem))
        for event in events:
            if isinstance(event, UtteranceRecorded):
                return event.utterance_id
        return None

    def _refuse(self, utterance: RecognisedUtterance, why: str) -> str | None:
        log.info("recognised utterance from %s not recorded: %s", utterance.source_id, why)
        self.refused.append((utterance, why))
        return None

