"""Events of the transcript: lines recorded, revised, edited, marked, attributed, split and
merged (re-exported by `events`: every event is `events.Name`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .event_base import Event
from .transcript import Mark, UtteranceSource


@dataclass(frozen=True, kw_only=True)
class UtteranceRecorded(Event):
    utterance_id: str
    speaker_id: str | None
    source: UtteranceSource
    started_at: datetime
    ended_at: datetime
    text: str
    confidence: float | None = None
    speaker_confidence: float | None = None  # set when the speaker was recognised by voice
    language: str = "en"  # the language it was said (and is written) in
    english: str = ""  # an English rendering of a line in another language: machine-translated
    not_transcribed: bool = False  # a gap: speech the recogniser dropped, for a person to fill


@dataclass(frozen=True, kw_only=True)
class RecognitionRevised(Event):
    utterance_id: str
    text: str
    ended_at: datetime
    confidence: float | None = None


@dataclass(frozen=True, kw_only=True)
class UtteranceEdited(Event):
    utterance_id: str
    text: str
    base_version: int


@dataclass(frozen=True, kw_only=True)
class UtteranceMarked(Event):
    utterance_id: str
    marks: frozenset[Mark]


@dataclass(frozen=True, kw_only=True)
class SpeakerAssigned(Event):
    utterance_id: str
    speaker_id: str | None


@dataclass(frozen=True, kw_only=True)
class UtteranceSplit(Event):
    """A line cut in two at a character; the second part becomes a line of its own."""

    utterance_id: str
    position: int
    new_utterance_id: str
    split_at: datetime  # when the second part began (in proportion to the text)


@dataclass(frozen=True, kw_only=True)
class UtterancesMerged(Event):
    """Two consecutive lines of one speaker, in one segment, become one."""

    first_id: str
    second_id: str
