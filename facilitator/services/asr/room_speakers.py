"""In-room speakers in the live pipeline: the room source's recent audio, a name for each of its
utterances, and learning from every attribution a person makes.

Wiring (see facilitator.meeting.speech):

    speakers = RoomSpeakers(SpeakerIdentifier.load())          # ModelError: run without it
    pipeline = TranscriptionPipeline(engine, clock, lambda u: queue.put(speakers.tag(u)), ...)
    room = pipeline.add_source(ROOM, UtteranceSource.ROOM, None)
    speakers.attach(room)                                      # before its first audio
    stop_following = speakers.follow(meeting_api)              # candidates + corrections
    ...on the session's thread, for each delivered utterance:
    utterance_id = recorder.record(utterance)
    guess = speakers.recorded(utterance, utterance_id)         # guess.confidence for the line

Threads: `attach` before audio flows; `tag` on the recogniser's worker thread (it is the
pipeline's `deliver`, so the utterance's audio, fed on that same thread, is already in the
history); `recorded`, `learn` and the `follow` subscriber on the session's thread.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ...domain.attendees import AttendanceMode, AttendanceState
from ...domain.events import Event, SpeakerAssigned
from .engine import SAMPLE_RATE, FloatAudio, StreamOutput, as_float32
from .results import RECOGNISER, RecognisedUtterance
from .sources import AudioSource
from .speakers import Enrolment, SpeakerGuess, SpeakerIdentifier

if TYPE_CHECKING:
    from ...domain.conference import Conference


class ConferenceEvents(Protocol):
    """The live meeting as the speakers follow it (facilitator.meeting.MeetingApi)."""

    @property
    def conference(self) -> Conference: ...

    def subscribe_events(self, listener: Callable[[Event], None]) -> Callable[[], None]: ...


def room_candidates(conference: Conference) -> frozenset[str]:
    """Who may be named as a room utterance's speaker: in the room, taking part, not gone, not
    excluded from the current segment (anyone else would make the recorder refuse the line)."""
    gone = (AttendanceState.APOLOGIES, AttendanceState.APOLOGIES_WITH_REPORT,
            AttendanceState.LEFT)
    excluded = conference.excluded_now
    return frozenset(a.id for a in conference.attendees.values()
                     if a.mode is AttendanceMode.IN_ROOM and a.may_contribute
                     and a.state not in gone and a.id not in excluded)


class _History:
    """The last `capacity` samples fed to a stream, addressed by stream sample number."""

    def __init__(self, capacity: int) -> None:
        self.buffer = np.zeros(capacity, dtype=np.float32)
        self.end = 0  # stream samples seen (fed or skipped)

    def add(self, audio: FloatAudio | None, count: int) -> None:
        """`count` more samples: `audio` (of that length), or a gap (None) kept as silence."""
        size = len(self.buffer)
        if audio is None:
            audio = np.zeros(min(count, size), dtype=np.float32)
        audio = audio[-size:]
        start = (self.end + count - len(audio)) % size  # only the last `size` samples are kept
        first = min(len(audio), size - start)
        self.buffer[start:start + first] = audio[:first]
        self.buffer[:len(audio) - first] = audio[first:]
        self.end += count

    def slice(self, start: int, stop: int) -> FloatAudio | None:
        size = len(self.buffer)
        stop = min(stop, self.end)
        if start < self.end - size or stop <= start:
            return None  # already overwritten (a long backlog), or nothing
        index = np.arange(start, stop) % size
        return self.buffer[index]


class _RecordingStream:
    """A recognition stream that also keeps its recent audio (worker thread only)."""

    def __init__(self, inner: Any, history: _History) -> None:
        self.inner = inner
        self.history = history

    def feed(self, audio: Any) -> list[StreamOutput]:
        samples = as_float32(audio)
        self.history.add(samples, len(samples))
        outputs: list[StreamOutput] = self.inner.feed(samples)
        return outputs

    def skip(self, seconds: float) -> list[StreamOutput]:
        self.history.add(None, int(seconds * SAMPLE_RATE))
        outputs: list[StreamOutput] = self.inner.skip(seconds)
        return outputs

    def __getattr__(self, name: str) -> Any:  # finish, discard, partial_job, position
        return getattr(self.inner, name)


class RoomSpeakers:
    """Attributes utterances of attached (room) sources by voice; learns from corrections."""

    def __init__(self, identifier: SpeakerIdentifier, history_s: float = 120.0,
                 pending: int = 200) -> None:
        self.identifier = identifier
        self.history_s = history_s
        self._histories: dict[str, _History] = {}
        self._guesses: collections.OrderedDict[tuple[str, Any], SpeakerGuess] = \
            collections.OrderedDict()
        self._pending = pending
        self._candidates: frozenset[str] | None = None
        self._lock = threading.Lock()
        self.cpu_seconds = 0.0  # spent in tag(), for the stats
        self.tagged = 0

    def attach(self, source: AudioSource) -> None:
        """Right after `pipeline.add_source(...)`, before its first audio."""
        history = _History(int(self.history_s * SAMPLE_RATE))
        with self._lock:
            self._histories[source.id] = history
        source.stream = _RecordingStream(source.stream, history)

    def set_candidates(self, attendee_ids: Iterable[str] | None) -> None:
        """Who may be named (in the room, admitted, taking part); None: anyone enrolled."""
        with self._lock:
            self._candidates = None if attendee_ids is None else frozenset(attendee_ids)

    @staticmethod
    def _key(utterance: RecognisedUtterance) -> tuple[str, Any]:
        return utterance.source_id, utterance.started_at

    def tag(self, utterance: RecognisedUtterance) -> RecognisedUtterance:
        """Worker thread (the pipeline's deliver): name the speaker of a room utterance."""
        with self._lock:
            history = self._histories.get(utterance.source_id)
            candidates = self._candidates
        if history is None or utterance.speaker_id is not None:
            return utterance
        began = time.process_time()
        origin = utterance.stream_started_at
        start = int((utterance.started_at - origin).total_seconds() * SAMPLE_RATE)
        stop = int((utterance.ended_at - origin).total_seconds() * SAMPLE_RATE)
        audio = history.slice(start, stop)
        guess = self.identifier.identify(audio, candidates)
        with self._lock:
            self.cpu_seconds += time.process_time() - began
            self.tagged += 1
            self._guesses[self._key(utterance)] = guess
            while len(self._guesses) > self._pending:
                self._guesses.popitem(last=False)
        if not guess.attendee_id:
            return utterance
        return replace(utterance, speaker_id=guess.attendee_id,
                       speaker_confidence=round(guess.confidence, 3))

    def recorded(self, utterance: RecognisedUtterance, utterance_id: str | None
                 ) -> SpeakerGuess | None:
        """Session thread, after the line is recorded: the guess (for its confidence), and
        the utterance's voiceprint kept under its id for a later correction."""
        with self._lock:
            guess = self._guesses.pop(self._key(utterance), None)
        if guess is not None and guess.voiceprint is not None and utterance_id is not None:
            self.identifier.remember(utterance_id, guess.voiceprint)
        return guess

    def learn(self, utterance_id: str, speaker_id: str | None) -> Enrolment | None:
        """Session thread: a person (minute-taker, chair) attributed this utterance."""
        return self.identifier.learn(utterance_id, speaker_id)

    def handle_event(self, event: object) -> None:
        """Session thread, as a session subscriber: every SpeakerAssigned made by a person (the
        minute-taker's correction, the chair's "this is X", the introductions) enrols."""
        if isinstance(event, SpeakerAssigned) and event.actor != RECOGNISER:
            self.learn(event.utterance_id, event.speaker_id)

    def follow(self, meeting: ConferenceEvents) -> Callable[[], None]:
        """Meeting thread: keep the candidates in step with the conference (arrivals,
        departures, exclusions) and learn from attributions; returns the unsubscribe."""
        def on_event(event: Event) -> None:
            self.set_candidates(room_candidates(meeting.conference))
            self.handle_event(event)

        self.set_candidates(room_candidates(meeting.conference))
        return meeting.subscribe_events(on_event)
