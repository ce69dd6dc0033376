"""Utterances as recognised, and the minute-taker's edits kept beside them with history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class UtteranceSource(Enum):
    ROOM = "room microphone"
    VIDEO = "remote (video)"
    PHONE = "remote (phone)"
    TYPED = "typed note"


class Mark(Enum):
    DECISION = "decision"
    ACTION = "action"
    CHILD_VIEW = "child's view"
    PARENT_VIEW = "parent's view"
    CONFIDENTIAL = "confidential"


@dataclass(frozen=True)
class Edit:
    text: str
    editor: str
    at: datetime
    version: int  # the utterance's version once this edit was applied


@dataclass(frozen=True)
class Utterance:
    id: str
    speaker_id: str | None
    source: UtteranceSource
    started_at: datetime
    ended_at: datetime
    stage_id: str | None
    segment_id: str
    recognised_text: str
    confidence: float | None = None
    edits: tuple[Edit, ...] = ()
    marks: frozenset[Mark] = frozenset()
    version: int = 1
    speaker_confidence: float | None = None  # recognised by voice; None once a person decides
    language: str = "en"  # the language it was said in (a BCP-47 tag); the text is in it
    english: str = ""  # for a line in another language: machine-translated, never checked
    not_transcribed: bool = False  # a gap the recogniser left ("[not transcribed: ...]")

    @property
    def text(self) -> str:
        """What the record shows: the latest human edit, else what was recognised."""
        return self.edits[-1].text if self.edits else self.recognised_text

    @property
    def human_edited(self) -> bool:
        return bool(self.edits)

    def edited_since(self, version: int) -> bool:
        """Has a person changed the text after `version`? (Recognition revisions don't count.)"""
        return any(edit.version > version for edit in self.edits)
