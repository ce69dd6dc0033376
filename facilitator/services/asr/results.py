"""What the recogniser produces: final utterances, partial text, and its counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ...domain.transcript import UtteranceSource
from .engine import Word

RECOGNISER = "recogniser"  # the actor of every line the recogniser records


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
    language: str | None = None  # the language it was said in, when the engine knows it
    english: str | None = None  # machine-translated into English (non-English speech)
    key: str | None = None  # names the line, so that a revision can find it
    revision: bool = False  # a better text for the line delivered earlier with this key

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


@dataclass(frozen=True)
class SkippedSpeech:
    """Speech the recogniser had to drop because it fell behind: a visible gap in the
    transcript (never silently lost), for the minute-taker to fill."""

    source_id: str
    speaker_id: str | None
    kind: UtteranceSource
    started_at: datetime
    ended_at: datetime

    @property
    def seconds(self) -> float:
        return (self.ended_at - self.started_at).total_seconds()


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
    dropped_refinements: int = 0  # better decodes given up under load (the fast line stands)
