"""From the recogniser's thread to the conference: a delivery queue, and the recorder that
writes recognised utterances through the session (on the session's own thread)."""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from typing import TYPE_CHECKING

from ...domain.errors import DomainError
from .results import RecognisedUtterance

if TYPE_CHECKING:
    from ...app import ConferenceSession
    from .pipeline import TranscriptionPipeline

log = logging.getLogger(__name__)


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
