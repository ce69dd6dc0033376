"""Live transcription wired into a running conference: the room microphone and every remote
person's audio (as the hub lets it through: in-meeting audio only) become recognised lines.

The session's owner thread calls `drain()` regularly (a Qt timer, an asyncio task); that is
where utterances are written through the session. Partials come through `on_partial` on the
recogniser's thread: the owner marshals them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from ..app import ConferenceSession
from ..domain.attendees import AttendanceMode
from ..domain.events import TranscriptionSet
from ..domain.transcript import UtteranceSource
from .asr.engine import Engine
from .asr.loader import state_text, try_open_engine
from .asr.models import ModelError
from .asr.pipeline import (
    AudioSource,
    DeliveryQueue,
    PartialText,
    RecognisedUtterance,
    SessionRecorder,
    TranscriptionPipeline,
)
from .asr.room_speakers import RoomSpeakers
from .asr.settings import AsrSettings
from .asr.speakers import SpeakerIdentifier
from .audio_input import RoomMicrophone
from .rtc.policy import ROOM

log = logging.getLogger(__name__)


def load_engine(settings: AsrSettings | None = None) -> tuple[Engine | None, str]:
    """Any thread: the recogniser, or None and why transcription is off."""
    return try_open_engine(settings or AsrSettings.from_env())


class LiveTranscription:
    def __init__(self, session: ConferenceSession, settings: AsrSettings | None = None,
                 on_partial: Callable[[PartialText], None] | None = None,
                 on_problem: Callable[[str], None] | None = None,
                 microphone: bool = True, microphone_device: int | str | None = None,
                 loaded: tuple[Engine | None, str] | None = None) -> None:
        """On the session's thread. `loaded`: an engine already opened with `load_engine`
        (loading a model takes a second or two: do it on another thread first)."""
        self.session = session
        self.queue = DeliveryQueue()
        self.on_problem = on_problem
        settings = settings or AsrSettings.from_env()
        engine, problem = loaded if loaded is not None else load_engine(settings)
        self.state = state_text(engine, problem)
        self.pipeline: TranscriptionPipeline | None = None
        self.recorder: SessionRecorder | None = None
        self.microphone: RoomMicrophone | None = None
        self._kinds: dict[str, UtteranceSource] = {}
        self._lock = threading.Lock()
        self._stopped = False
        self.speakers: RoomSpeakers | None = None
        self._unfollow: Callable[[], None] | None = None
        self._unsubscribe: Callable[[], None] = lambda: None
        self._paused = False
        if engine is None:
            return
        self.speakers = self._load_speakers()
        speakers = self.speakers
        deliver = (self.queue.put if speakers is None
                   else (lambda u: self.queue.put(speakers.tag(u))))
        self.pipeline = TranscriptionPipeline(engine, session.clock, deliver,
                                              on_partial=on_partial, on_problem=on_problem,
                                              settings=settings).start()
        self.recorder = SessionRecorder(session, self.pipeline)
        self._unfollow = speakers.follow(session) if speakers is not None else None
        self._paused = not session.conference.transcription_enabled
        self._unsubscribe = session.subscribe(self._on_event)
        for attendee in session.conference.attendees.values():
            self._kinds[attendee.id] = (UtteranceSource.PHONE
                                        if attendee.mode is AttendanceMode.PHONE
                                        else UtteranceSource.VIDEO)
        room = self.pipeline.add_source(ROOM, UtteranceSource.ROOM, None)
        if speakers is not None:
            speakers.attach(room)  # in-room lines are named by voice
        if microphone:
            self.microphone = RoomMicrophone(_Gate(room, self), microphone_device,
                                             on_problem=on_problem)
            if not self.microphone.start():
                self.state += " (no room microphone)"

    def _load_speakers(self) -> RoomSpeakers | None:
        try:
            return RoomSpeakers(SpeakerIdentifier.load())
        except ModelError as problem:  # transcription still runs; lines stay unattributed
            log.warning("in-room speakers will not be named: %s", problem)
            return None

    def _on_event(self, event: object) -> None:
        if isinstance(event, TranscriptionSet):
            self._paused = not event.enabled  # switched off: nothing more is heard

    @property
    def running(self) -> bool:
        return self.pipeline is not None

    @property
    def paused(self) -> bool:
        return self._paused

    def remote_audio(self, source_id: str, samples: np.ndarray) -> None:
        """The hub's tap (its loop thread): 48 kHz mono audio of someone in the meeting.
        With the room's sound processed by the hub (echo removed), the room comes this way."""
        pipeline = self.pipeline
        if pipeline is None or self._paused:
            return
        if source_id == ROOM and self.microphone is not None:
            return  # the room's own microphone feeds the recogniser directly
        with self._lock:
            source = next((s for s in pipeline.sources if s.id == source_id), None)
            if source is None:
                kind = self._kinds.get(source_id, UtteranceSource.VIDEO)
                source = pipeline.add_source(source_id, kind, source_id)
        source.push(samples, 48000)

    def drain(self) -> int:
        """On the session's thread: store what was recognised since the last call."""
        if self.recorder is None:
            return 0
        recorder, speakers = self.recorder, self.speakers

        def store(utterance: RecognisedUtterance) -> None:
            utterance_id = recorder.record(utterance)
            if speakers is not None:
                speakers.recorded(utterance, utterance_id)

        return self.queue.drain(store)

    def stop(self) -> None:
        """Finish what is being said, store it, and release the recogniser (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        if self.microphone is not None:
            self.microphone.stop()
        if self.pipeline is not None:
            self.pipeline.stop(flush=True, timeout=10)
        self.drain()
        if self.recorder is not None:
            self.recorder.close()
        self._unsubscribe()
        if self._unfollow is not None:
            self._unfollow()
        if self.speakers is not None:
            self.speakers.identifier.clear()  # voiceprints never outlive the meeting


class _Gate:
    """The room microphone's way into the recogniser: closed while transcription is off."""

    def __init__(self, source: AudioSource, live: LiveTranscription) -> None:
        self.source = source
        self.live = live

    def push(self, samples: Any, sample_rate: int) -> None:
        if not self.live.paused:
            self.source.push(samples, sample_rate)
