"""Speech recognition: engines (faster-whisper, Vosk), Silero VAD, and the live pipeline.

    settings = AsrSettings.from_env()
    engine, problem = try_open_engine(settings)          # None + a one-line reason if unusable
    pipeline = TranscriptionPipeline(engine, session.clock, deliver=queue.put,
                                     on_partial=show_partial).start()
    room = pipeline.add_source("room", UtteranceSource.ROOM, speaker_id=None)
    room.push(samples, 48_000)                           # any thread; resampled to 16 kHz
    # the meeting's own thread records what is delivered: facilitator.meeting.speech

See pipeline.py for threads, the backlog policy and exclusions.
"""

from __future__ import annotations

from .engine import SAMPLE_RATE, DecodeJob, Engine, Final, Partial, RecognitionStream, Word
from .loader import open_engine, state_text, try_open_engine
from .models import ModelError
from .pipeline import (
    AudioSource,
    DeliveryQueue,
    PartialText,
    PipelineStats,
    RecognisedUtterance,
    TranscriptionPipeline,
)
from .settings import AsrSettings, VadSettings

__all__ = [
    "SAMPLE_RATE",
    "AsrSettings",
    "AudioSource",
    "DecodeJob",
    "DeliveryQueue",
    "Engine",
    "Final",
    "ModelError",
    "Partial",
    "PartialText",
    "PipelineStats",
    "RecognisedUtterance",
    "RecognitionStream",
    "TranscriptionPipeline",
    "VadSettings",
    "Word",
    "open_engine",
    "state_text",
    "try_open_engine",
]
