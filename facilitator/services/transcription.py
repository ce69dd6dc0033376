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

import numpy as np

from ..app import ConferenceSession
from ..domain.attendees import AttendanceMode
from ..domain.transcript import UtteranceSource
from .asr.engine import Engine
from .asr.loader import state_text, try_open_engine
from .asr.pipeline import (
    DeliveryQueue,
    PartialText,
    SessionRecorder,
    TranscriptionPipeline,
)
from .asr.settings import AsrSettings
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
        if engine is None:
            return
        self.pipeline = TranscriptionPipeline(engine, session.clock, self.queue.put,
                                              on_partial=on_partial, on_problem=on_problem,
                                              settings=settings).start()
        self.recorder = SessionRecorder(session, self.pipeline)
        for attendee in session.conference.attendees.values():
            self._kinds[attendee.id] = (UtteranceSource.PHONE
                                        if attendee.mode is AttendanceMode.PHONE
                                        else UtteranceSource.VIDEO)
        if microphone:
            room = self.pipeline.add_source(ROOM, UtteranceSource.ROOM, None)
            self.microphone = RoomMicrophone(room, microphone_device, on_problem=on_problem)
            if not self.microphone.start():
                self.state += " (no room microphone)"

    @property
    def running(self) -> bool:
        return self.pipeline is not None

    def remote_audio(self, source_id: str, samples: np.ndarray) -> None:
        """The hub's tap (its loop thread): 48 kHz mono audio of someone in the meeting."""
        pipeline = self.pipeline
        if pipeline is None or source_id == ROOM:
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
        recorder = self.recorder
        return self.queue.drain(recorder.record)

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
