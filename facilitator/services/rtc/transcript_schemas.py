"""The minute-taker's transcript commands and socket messages, checked at the door.

The commands are the same typed objects on both sides: the seat builds one and sends its
`wire()` form, the chair's side parses that back into an equal object (`transcript_args`),
a round trip a property test checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from ...domain.child_focus import FocusPart
from ...domain.minutes import ParagraphDraft, Section
from ...domain.transcript import Mark
from .schemas import (
    MAX_ID_CHARS,
    MAX_ITEMS,
    MAX_NOTE_CHARS,
    SchemaError,
    flag,
    ids,
    load_object,
    moment,
    names,
    optional_text,
    text,
    whole,
)


# ---- transcript commands (the minute-taker's seat, and the chair's /api/command) -------------
@dataclass(frozen=True)
class EditUtterance:
    utterance_id: str
    text: str
    base_version: int

    name: ClassVar[str] = "edit_utterance"

    def wire(self) -> dict[str, Any]:
        return {"utterance_id": self.utterance_id, "text": self.text,
                "base_version": self.base_version}


@dataclass(frozen=True)
class MarkUtterance:
    utterance_id: str
    marks: tuple[Mark, ...]

    name: ClassVar[str] = "mark_utterance"

    def wire(self) -> dict[str, Any]:
        return {"utterance_id": self.utterance_id,
                "marks": sorted(m.name for m in self.marks)}


@dataclass(frozen=True)
class AssignSpeaker:
    utterance_id: str
    speaker_id: str | None

    name: ClassVar[str] = "assign_speaker"

    def wire(self) -> dict[str, Any]:
        return {"utterance_id": self.utterance_id, "speaker_id": self.speaker_id}


@dataclass(frozen=True)
class AddNote:
    utterance_id: str
    text: str
    at: datetime
    speaker_id: str | None

    name: ClassVar[str] = "add_note"

    def wire(self) -> dict[str, Any]:
        return {"utterance_id": self.utterance_id, "text": self.text,
                "at": self.at.isoformat(), "speaker_id": self.speaker_id}


@dataclass(frozen=True)
class Paragraph:
    text: str
    segment_ids: frozenset[str] | None
    confidential: bool


@dataclass(frozen=True)
class WriteSummary:
    section: Section
    paragraphs: tuple[Paragraph, ...]
    base_version: int

    name: ClassVar[str] = "write_summary"

    @classmethod
    def of(cls, section: Section, drafts: list[ParagraphDraft], base: int) -> WriteSummary:
        return cls(section, tuple(Paragraph(d.text, d.segment_ids, d.confidential)
                                  for d in drafts), base)

    def wire(self) -> dict[str, Any]:
        return {"section": self.section.name, "base_version": self.base_version,
                "paragraphs": [{"text": p.text, "confidential": p.confidential,
                                "segment_ids": sorted(p.segment_ids)
                                if p.segment_ids is not None else None}
                               for p in self.paragraphs]}


@dataclass(frozen=True)
class SplitUtterance:
    utterance_id: str
    position: int
    new_utterance_id: str | None

    name: ClassVar[str] = "split_utterance"

    def wire(self) -> dict[str, Any]:
        return {"utterance_id": self.utterance_id, "position": self.position,
                "new_utterance_id": self.new_utterance_id}


@dataclass(frozen=True)
class MergeUtterances:
    first_id: str
    second_id: str

    name: ClassVar[str] = "merge_utterances"

    def wire(self) -> dict[str, Any]:
        return {"first_id": self.first_id, "second_id": self.second_id}


@dataclass(frozen=True)
class MarkChildFocus:
    """Mark (or, with `on` false, unmark) a line with a part of child focus for a child."""

    utterance_id: str
    child_id: str
    part: FocusPart
    on: bool
    from_suggestion: bool

    name: ClassVar[str] = "mark_child_focus"

    def wire(self) -> dict[str, Any]:
        return {"utterance_id": self.utterance_id, "child_id": self.child_id,
                "part": self.part.name, "on": self.on, "from_suggestion": self.from_suggestion}


TranscriptArgs = (EditUtterance | MarkUtterance | AssignSpeaker | AddNote | WriteSummary
                  | SplitUtterance | MergeUtterances | MarkChildFocus)


def _paragraph(item: Any) -> Paragraph:
    if not isinstance(item, dict):
        raise SchemaError("each paragraph must be an object")
    segments: frozenset[str] | None = None
    if item.get("segment_ids") is not None:
        segments = frozenset(ids(item, "segment_ids"))
    return Paragraph(text(item, "text", MAX_NOTE_CHARS, empty=True), segments,
                     flag(item, "confidential", False))


def transcript_args(name: str, args: dict[str, Any], now: datetime) -> TranscriptArgs:
    """The arguments of the transcript command `name` (SchemaError: unknown or malformed)."""
    if name == "edit_utterance":
        return EditUtterance(text(args, "utterance_id"), text(args, "text", MAX_NOTE_CHARS,
                                                              empty=True),
                             whole(args, "base_version"))
    if name == "mark_utterance":
        if not isinstance(args.get("marks"), list):
            raise SchemaError("'marks' must be a list")
        return MarkUtterance(text(args, "utterance_id"), names(args, "marks", Mark))
    if name == "assign_speaker":
        return AssignSpeaker(text(args, "utterance_id"), optional_text(args, "speaker_id"))
    if name == "add_note":
        return AddNote(text(args, "utterance_id"), text(args, "text", MAX_NOTE_CHARS),
                       moment(args, "at", now), optional_text(args, "speaker_id"))
    if name == "write_summary":
        section = text(args, "section", 64)
        if section not in Section.__members__:
            raise SchemaError("unknown section")
        raw = args.get("paragraphs")
        if not isinstance(raw, list) or len(raw) > MAX_ITEMS:
            raise SchemaError(f"'paragraphs' must be a list (at most {MAX_ITEMS})")
        return WriteSummary(Section[section], tuple(_paragraph(p) for p in raw),
                            whole(args, "base_version"))
    if name == "split_utterance":
        return SplitUtterance(text(args, "utterance_id"),
                              whole(args, "position", 0, MAX_NOTE_CHARS),
                              optional_text(args, "new_utterance_id"))
    if name == "merge_utterances":
        return MergeUtterances(text(args, "first_id"), text(args, "second_id"))
    if name == "mark_child_focus":
        part = text(args, "part", 32)
        if part not in FocusPart.__members__:
            raise SchemaError("unknown part of child focus")
        return MarkChildFocus(text(args, "utterance_id"), text(args, "child_id"),
                              FocusPart[part], flag(args, "on", True),
                              flag(args, "from_suggestion", False))
    raise SchemaError(f"unknown command {name[:40]!r}")


@dataclass(frozen=True)
class TranscriptCommand:
    id: str | int | None  # the sender's, echoed back
    name: str
    args: TranscriptArgs

    @staticmethod
    def parse(data: dict[str, Any], now: datetime) -> TranscriptCommand:
        command_id = data.get("id")
        if command_id is not None and (
                isinstance(command_id, bool) or not isinstance(command_id, str | int)
                or (isinstance(command_id, str) and len(command_id) > MAX_ID_CHARS)):
            raise SchemaError("'id' must be text or a whole number")
        name = text(data, "name", 64)
        args = data.get("args")
        if not isinstance(args, dict):
            raise SchemaError("'args' must be an object")
        return TranscriptCommand(command_id, name, transcript_args(name, args, now))


def command_id(data: dict[str, Any]) -> str | int | None:
    """The sender's id of a (possibly malformed) command, safe to echo back."""
    value = data.get("id")
    if isinstance(value, str) and len(value) <= MAX_ID_CHARS:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


# ---- the minute-taker's socket ---------------------------------------------------------------
@dataclass(frozen=True)
class Hello:
    since: int


MinutesMessage = Hello | TranscriptCommand


def minutes_message(raw: str, now: datetime) -> MinutesMessage:
    data = load_object(raw)
    kind = data.get("type")
    if kind == "hello":
        return Hello(whole(data, "since") if "since" in data else 0)
    if kind == "command":
        return TranscriptCommand.parse(data, now)
    raise SchemaError("unknown message type")
