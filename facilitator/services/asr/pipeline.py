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

Backlog policy (logged, counted in `stats`, reported through `on_problem`, and never silent:
every span of speech dropped goes to `on_gap` as a `SkippedSpeech`, which the meeting records
as a visible "[not transcribed: 14 s, Jade Thornbury]" line for the minute-taker to fill):
- at most `max_pending_utterances` closed utterances wait for decoding; one more drops the
  OLDEST waiting one (keeping latency bounded: what is said now matters most live);
- a source's undecoded audio is bounded by `max_inbox_s`; past it the oldest audio is dropped
  and counted as a gap (the stream's clock stays right); one `SkippedSpeech` per run of
  dropped audio, told when the source's audio is kept again;
- partial refreshes are only done when nothing else waits.

Results leave the worker through callbacks, ON THE WORKER THREAD:
- `deliver(RecognisedUtterance)`: a final utterance with wall-clock times;
- `on_partial(PartialText)`: the text so far (not stored);
- `on_problem(str)`: a one-line warning for the chair's window;
- `on_gap(SkippedSpeech)`: speech dropped because recognition fell behind.
`ConferenceSession` is not thread-safe: `deliver` must hand the utterance to the thread that owns
the session (a Qt queued signal, `loop.call_soon_threadsafe`, or the `DeliveryQueue` below) and
there record it through the meeting API (`facilitator.meeting.speech.SessionRecorder`).

Exclusions: `set_excluded(ids)` (thread-safe; `SessionRecorder` keeps it in step with the
session) stops a source whose speaker is excluded: its audio is discarded as it arrives, its
utterance in progress and any decode waiting for it are dropped, and nothing is delivered for it.
`SessionRecorder.record` checks again against the segment in which the utterance started.

Times: see sources.py.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable, Iterable

import numpy as np

from ...domain.clock import Clock
from ...domain.transcript import UtteranceSource
from .engine import (
    SAMPLE_RATE,
    DecodeJob,
    Engine,
    Final,
    FloatAudio,
    Partial,
    StreamOutput,
)
from .outlets import Outlets
from .recording import DeliveryQueue as DeliveryQueue
from .results import PartialText as PartialText
from .results import PipelineStats as PipelineStats
from .results import RecognisedUtterance as RecognisedUtterance
from .results import SkippedSpeech as SkippedSpeech
from .settings import AsrSettings
from .sources import AudioSource as AudioSource
from .sources import InboxItem, _Job

log = logging.getLogger(__name__)

DROP_REPORT_SECONDS = 10.0  # at most one "dropped audio" warning per source this often


class TranscriptionPipeline:
    def __init__(self, engine: Engine, clock: Clock,
                 deliver: Callable[[RecognisedUtterance], None],
                 on_partial: Callable[[PartialText], None] | None = None,
                 on_problem: Callable[[str], None] | None = None,
                 settings: AsrSettings | None = None,
                 on_gap: Callable[[SkippedSpeech], None] | None = None) -> None:
        self.engine = engine
        self.clock = clock
        self.outlets = Outlets(f"{engine.name} {engine.model_name}", deliver, on_partial,
                               on_problem, on_gap)
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
                   speaker_id: str | None = None, language: str | None = None) -> AudioSource:
        """`language`: what the source speaks ("pl"; engine.AUTO: detected per utterance;
        None: the settings' language)."""
        with self._lock:
            if source_id in self._sources:
                raise ValueError(f"source {source_id!r} is already being transcribed")
            stream = (self.engine.open_stream(language) if language is not None
                      else self.engine.open_stream())
            source = AudioSource(source_id, kind, speaker_id, self, stream)
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
    def _arrive(self, source: AudioSource, audio: FloatAudio,
                media_time: float | None = None) -> None:
        seconds = len(audio) / SAMPLE_RATE
        # placed by the sender's media clock, or by arrival (sources.py: "Times")
        gap, skipped = source.place(self.clock.now(), len(audio), media_time)
        if gap and not skipped:  # a short pause in what was sent: silence keeps the sentence
            audio, gap = np.concatenate([np.zeros(gap, np.float32), audio]), 0
        source.pushed += gap + len(audio)
        report, total, told = False, 0.0, None
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
                if not self._bound_inbox(source) and source._drop_span is not None:
                    told, source._drop_span = source._drop_span, None
            self._lock.notify_all()
            report = bool(source._dropped_unreported) and \
                time.monotonic() - source._last_drop_report >= DROP_REPORT_SECONDS
            if report:
                source._dropped_unreported = 0
                source._last_drop_report = time.monotonic()
                total = source._dropped_total / SAMPLE_RATE
        if told is not None:  # outside the lock, as every callback
            self._gap(source, told[0] / SAMPLE_RATE, told[1] / SAMPLE_RATE)
        if report:  # outside the lock: the callback may call back into the pipeline
            so_far = f" ({total:.1f} s so far)" if total >= 1 else ""
            self._problem(f"transcription is more than {self.settings.max_inbox_s:.0f} s behind "
                          f"on {source.id}: dropping its oldest undecoded audio{so_far}, "
                          "marked in the transcript")

    def _enqueue(self, source: AudioSource, item: InboxItem) -> None:
        with self._lock:
            source._inbox.append(item)
            self._lock.notify_all()

    def _bound_inbox(self, source: AudioSource) -> bool:
        """Drop the oldest undecoded audio past `max_inbox_s`; did it drop any?"""
        dropped = source.drop_oldest(int(self.settings.max_inbox_s * SAMPLE_RATE))
        if dropped:
            source._dropped_unreported += dropped
            source._dropped_total += dropped
            self.stats.dropped_seconds += dropped / SAMPLE_RATE
        return bool(dropped)

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
            refinement = next((j for j in self._jobs if j.job.refinement), None)
            if refinement is not None:  # its line is already there: give up the better text
                self._jobs.remove(refinement)
                self.stats.dropped_refinements += 1
                return
            oldest = self._jobs.popleft()
            self.stats.dropped_utterances += 1
            self.stats.dropped_seconds += oldest.job.seconds
        at = oldest.source.wall(oldest.job.start) if oldest.source.started_at else None
        self._gap(oldest.source, oldest.job.start, oldest.job.end)
        self._problem(
            f"transcription is behind: dropped {oldest.job.seconds:.1f} s of speech from "
            f"{oldest.source.id}" + (f" at {at:%H:%M:%S}" if at else "")
            + f" ({waiting} utterances were waiting): marked in the transcript")

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
        with self._lock:
            self.stats.utterances += not final.revision
        self.outlets.final(source, final)

    def _partial(self, source: AudioSource, partial: Partial,
                 even_if_excluded: bool = False) -> None:
        if source.started_at is None or (self.excluded(source) and not even_if_excluded):
            return
        self.outlets.partial(source, partial)

    def _flush(self) -> None:
        for source in self.sources:
            self._enqueue(source, ("end", 0))
        self._feed_all()
        while (job := self._next_job()) is not None:
            self._run_job(job)

    def _gap(self, source: AudioSource, start: float, end: float) -> None:
        """Speech from `start` to `end` (stream seconds) was dropped: tell, never silently."""
        self.outlets.gap(source, start, end)

    def _problem(self, message: str) -> None:
        self.outlets.problem(message)
