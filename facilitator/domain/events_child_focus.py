"""Events of child focus: a person marks (or unmarks) a line with a part for a child."""

from __future__ import annotations

from dataclasses import dataclass

from .child_focus import FocusPart
from .event_base import Event


@dataclass(frozen=True, kw_only=True)
class ChildFocusMarked(Event):
    """The line is about `part` (lived experience, views, needs, outcomes) for the child."""

    utterance_id: str
    child_id: str
    part: FocusPart
    from_suggestion: bool = False  # a person confirmed what the text suggested


@dataclass(frozen=True, kw_only=True)
class ChildFocusUnmarked(Event):
    utterance_id: str
    child_id: str
    part: FocusPart
