"""Live transcription of the meeting, owned by the meeting runtime (window and headless alike).

Sources: the room (its own microphone, or the room's sound as the hub processed it, echo
removed) and every remote person's audio as the hub lets it through (in-meeting audio only).
The recogniser works on its own thread; what it delivers comes to the media loop, which owns
the meeting:
- a final line is recorded through `MeetingApi.record_recognised_line` (refused lines are kept
  in `refused` with the reason);
- partial text goes into the feed (the chair's and minute-taker's screens) and to the caption
  listeners (join pages), each carrying its origin, which the egress guard checks per person;
- speech the recogniser had to drop (it fell behind) is recorded as a visible line,
  "[not transcribed: 14 s, Jade Thornbury]", through `MeetingApi.record_transcription_gap`
  (the same rules as any line; the minute-taker fills it by editing it), and `on_behind` tells
  the chair's header that transcription is behind.

Without a loop (tests driving it by hand) the owner calls `drain()` itself.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

import numpy as np

from ..domain import events as ev
from ..domain.attendees import AttendanceMode
from ..domain.errors import DomainError
from ..domain.events import Event, TranscriptionSet
from ..domain.interpreting import room_languages, transcription_languages
from ..domain.transcript import UtteranceSource
from ..services.asr.engine import Engine
from ..services.asr.loader import state_text, try_open_engine
from ..services.asr.models import ModelError
from ..services.asr.pipeline import AudioSource, TranscriptionPipeline
from ..services.asr.recording import DeliveryQueue
from ..services.asr.results import PartialText, RecognisedUtterance, SkippedSpeech
from ..services.asr.room_speakers import RoomSpeakers
from ..services.asr.settings import AsrSettings
from ..services.asr.speakers import SpeakerIdentifier
from ..services.audio_input import RoomMicrophone
from .api import MeetingApi
from .egress import ROOM
from .feed import PartialItem

log = logging.getLogger(__name__)
PartialListener = Callable[[PartialText], None]


def load_engine(settings: AsrSettings | None = None) -> tuple[Engine | None, str]:
    """Any thread: the recogniser, or None and why transcription is off."""
    return try_open_engine(settings or AsrSettings.from_env())


class SessionRecorder:
    """Writes recognised lines into the meeting (on the thread that owns it) and keeps the
    pipeline's exclusions in step with the conference's segments."""

    def __init__(self, api: MeetingApi, pipeline: TranscriptionPipeline | None = None) -> None:
        self.api = api
        self.pipeline = pipeline
        self.refused: list[tuple[RecognisedUtterance, str]] = []
        self._lines: dict[str, str] = {}  # recent lines by the recogniser's key, for revisions
        self._synced: frozenset[str] | None = None
        self._unsubscribe = api.subscribe_events(lambda _event: self.sync_exclusions())
        self.sync_exclusions()

    def close(self) -> None:
        self._unsubscribe()

    def sync_exclusions(self) -> None:
        excluded = self.api.conference.excluded_now
        if self.pipeline is not None and excluded != self._synced:
            self.pipeline.set_excluded(excluded)
            self._synced = excluded

    def _language_of(self, source_id: str) -> str:
        """The language a line was said in when the engine did not say (Vosk: one model)."""
        conference = self.api.conference
        if source_id in conference.attendees:
            return conference.attendee(source_id).language
        return "en"

    def record(self, utterance: RecognisedUtterance) -> str | None:
        """Store one line (or revise the line it is a better text for); its id, or None when
        refused (and why, in `refused`)."""
        if utterance.revision:
            return self._revise(utterance)
        try:
            line = self.api.record_recognised_line(
                utterance.speaker_id, utterance.kind, utterance.started_at, utterance.ended_at,
                utterance.text, utterance.confidence, utterance.speaker_confidence,
                language=utterance.language or self._language_of(utterance.source_id),
                english=utterance.english or "")
        except DomainError as problem:
            log.info("recognised line from %s not recorded: %s", utterance.source_id, problem)
            self.refused.append((utterance, str(problem)))
            return None
        if line is not None and utterance.key is not None:
            self._lines[utterance.key] = line
            while len(self._lines) > 500:
                del self._lines[next(iter(self._lines))]
        return line

    def _revise(self, utterance: RecognisedUtterance) -> str | None:
        """The whole utterance decoded with the beam: a better text for its line (a person's
        edit is never replaced: the domain keeps it)."""
        current = self.api.conference.utterances.get(self._lines.get(utterance.key or "", ""))
        if current is None or current.recognised_text == utterance.text.strip():
            return None  # refused (said while excluded), or nothing better to say
        try:
            self.api.revise_recognition(current.id, utterance.text, utterance.ended_at,
                                        utterance.confidence)
        except DomainError as problem:
            log.info("revision of %s not recorded: %s", current.id, problem)
            return None
        return current.id


def behind_text(state: str, seconds: float, started_at: datetime) -> str:
    """The header's state once speech was dropped (in English: the chair's window words it in
    its language, ui/meeting_words.py)."""
    return (f"{state}, behind: {seconds:.0f} s not transcribed at {started_at:%H:%M:%S} "
            "(marked in the transcript)")


class MeetingSpeech:
    def __init__(self, api: MeetingApi, settings: AsrSettings | None = None, *,
                 loaded: tuple[Engine | None, str] | None = None,
                 loop: asyncio.AbstractEventLoop | None = None,
                 on_problem: Callable[[str], None] | None = None,
                 microphone: bool = True, microphone_device: int | str | None = None,
                 on_behind: Callable[[str], None] | None = None) -> None:
        """On the thread that owns the meeting. `loaded`: an engine already opened with
        `load_engine` (opening a model takes a moment: do it on another thread first)."""
        self.api = api
        self.loop = loop
        self.queue = DeliveryQueue()
        self.on_problem = on_problem
        self.on_behind = on_behind
        self.gaps: list[str] = []  # ids of the "[not transcribed ...]" lines recorded
        self._skipped: queue.SimpleQueue[SkippedSpeech] = queue.SimpleQueue()
        self.partial_listeners: list[PartialListener] = []
        settings = settings or AsrSettings.from_env()
        engine, problem = loaded if loaded is not None else load_engine(settings)
        self.state = state_text(engine, problem)
        self.pipeline: TranscriptionPipeline | None = None
        self.recorder: SessionRecorder | None = None
        self.microphone: RoomMicrophone | None = None
        self.speakers: RoomSpeakers | None = None
        self._lock = threading.Lock()
        self._stopped = False
        self._paused = False
        self._unsubscribe: Callable[[], None] = lambda: None
        self._unfollow: Callable[[], None] | None = None
        if engine is None:
            return
        self.speakers = _load_speakers()
        speakers = self.speakers
        self.pipeline = TranscriptionPipeline(
            engine, api, self._deliver_from_worker, on_partial=self._partial_from_worker,
            on_problem=on_problem, settings=settings, on_gap=self._gap_from_worker).start()
        self.recorder = SessionRecorder(api, self.pipeline)
        self._unfollow = speakers.follow(api) if speakers is not None else None
        self._paused = not api.conference.transcription_enabled
        self._unsubscribe = api.subscribe_events(self._on_event)
        room = self.pipeline.add_source(ROOM, UtteranceSource.ROOM, None,
                                        _told(room_languages(api.conference)))
        if speakers is not None:
            speakers.attach(room)  # in-room lines are named by voice
        if microphone:
            self.microphone = RoomMicrophone(_Gate(room, self), microphone_device,
                                             on_problem=on_problem)
            if not self.microphone.start():
                self.state += " (no room microphone)"

    # ---- from the recogniser's thread to the meeting's ---------------------------------
    def _deliver_from_worker(self, utterance: RecognisedUtterance) -> None:
        speakers = self.speakers
        self.queue.put(speakers.tag(utterance) if speakers is not None else utterance)
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.drain)

    def _gap_from_worker(self, skipped: SkippedSpeech) -> None:
        self._skipped.put(skipped)
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.drain)

    def _partial_from_worker(self, partial: PartialText) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.partial, partial)
        elif self.loop is None:
            self.partial(partial)

    def partial(self, partial: PartialText) -> None:
        """On the meeting's thread: the text so far, with its origin, to the screens."""
        self.api.feed.publish(PartialItem(partial))
        for listener in list(self.partial_listeners):
            try:
                listener(partial)
            except Exception:
                log.exception("partial caption listener failed")

    def drain(self) -> int:
        """On the meeting's thread: store what was recognised since the last call."""
        recorder, speakers = self.recorder, self.speakers
        if recorder is None:
            return 0

        def store(utterance: RecognisedUtterance) -> None:
            utterance_id = recorder.record(utterance)
            if speakers is not None and not utterance.revision:
                speakers.recorded(utterance, utterance_id)

        return self.queue.drain(store) + self._record_gaps()

    def _record_gaps(self) -> int:
        count = 0
        while True:
            try:
                skipped = self._skipped.get_nowait()
            except queue.Empty:
                return count
            try:
                line = self.api.record_transcription_gap(
                    skipped.speaker_id, skipped.kind, skipped.started_at, skipped.ended_at)
            except DomainError as problem:  # before the meeting, or said while excluded
                log.info("gap from %s not recorded: %s", skipped.source_id, problem)
                continue
            if line is not None:
                self.gaps.append(line)
                count += 1
            if self.on_behind is not None:
                self.on_behind(behind_text(self.state, skipped.seconds, skipped.started_at))

    # ---- state -------------------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        if isinstance(event, TranscriptionSet):
            self._paused = not event.enabled  # switched off: nothing more is heard
        if isinstance(event, LANGUAGE_EVENTS):
            self._retell()

    def _retell(self) -> None:
        """Each source's languages again (someone arrived, an interpreter was linked, ...)."""
        if self.pipeline is None:
            return
        conference = self.api.conference
        for source in self.pipeline.sources:
            if source.id == ROOM:
                source.stream.language = _told(room_languages(conference))
            elif source.id in conference.attendees:
                source.stream.language = _told(transcription_languages(conference, source.id))

    @property
    def running(self) -> bool:
        return self.pipeline is not None

    @property
    def paused(self) -> bool:
        return self._paused

    def remote_audio(self, source_id: str, samples: np.ndarray,
                     media_time: float | None = None) -> None:
        """The hub's tap (media loop): 48 kHz mono audio of someone in the meeting. With the
        room's sound processed by the hub (echo removed), the room comes this way.
        `media_time`: when it was said by the sender's media clock (None: by arrival)."""
        pipeline = self.pipeline
        if pipeline is None or self._paused:
            return
        if source_id == ROOM and self.microphone is not None:
            return  # the room's own microphone feeds the recogniser directly
        with self._lock:
            source = next((s for s in pipeline.sources if s.id == source_id), None)
            if source is None:  # first heard now: how they joined is as the meeting says now
                person = self.api.conference.attendees.get(source_id)
                kind = (UtteranceSource.PHONE if person is not None
                        and person.mode is AttendanceMode.PHONE else UtteranceSource.VIDEO)
                told = _told(transcription_languages(self.api.conference, source_id)) \
                    if person is not None else None
                source = pipeline.add_source(source_id, kind, source_id, told)
        source.push(samples, 48000, media_time)

    def stop(self) -> None:
        """Finish what is being said, store it, release the recogniser (idempotent). Blocks
        for up to 10 s: from the loop, run it in a thread, then `drain()` on the loop."""
        if self._stopped:
            return
        self._stopped = True
        if self.microphone is not None:
            self.microphone.stop()
        if self.pipeline is not None:
            self.pipeline.stop(flush=True, timeout=10)

    def close(self) -> None:
        """On the meeting's thread, after `stop`: the last lines stored, then let go."""
        self.drain()
        if self.recorder is not None:
            self.recorder.close()
        self._unsubscribe()
        if self._unfollow is not None:
            self._unfollow()
        if self.speakers is not None:
            self.speakers.identifier.clear()  # voiceprints never outlive the meeting


# what changes whom a source's languages are: attendance, mode, languages, interpreters
LANGUAGE_EVENTS = (ev.AttendeeAdded, ev.AttendanceChanged, ev.AttendanceModeChanged,
                   ev.LanguageRecorded, ev.InterpreterBooked, ev.InterpreterLinksChanged,
                   ev.ParticipantAdmitted)


def _told(languages: tuple[str, ...]) -> str | None:
    """What the recogniser is told a source speaks: one tag, several ("en|pl": the likelier
    of them, line by line), or None for English alone (the settings' language)."""
    if languages == ("en",):
        return None
    return "|".join(languages)


def _load_speakers() -> RoomSpeakers | None:
    try:
        return RoomSpeakers(SpeakerIdentifier.load())
    except ModelError as problem:  # transcription still runs; lines stay unattributed
        log.warning("in-room speakers will not be named: %s", problem)
        return None


class _Gate:
    """The room microphone's way into the recogniser: closed while transcription is off."""

    def __init__(self, source: AudioSource, speech: MeetingSpeech) -> None:
        self.source = source
        self.speech = speech

    def push(self, samples: Any, sample_rate: int) -> None:
        if not self.speech.paused:
            self.source.push(samples, sample_rate)
