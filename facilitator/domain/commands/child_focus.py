"""Commands of child focus: mark or unmark a transcript line with a part for a child."""

from __future__ import annotations

from datetime import datetime

from .. import events as ev
from ..child_focus import FocusPart
from ..conference import Conference
from ..errors import DomainError


def _check(conf: Conference, utterance_id: str, child_id: str) -> None:
    conf.child(child_id)
    if utterance_id not in conf.utterances:
        raise DomainError(f"no utterance '{utterance_id}'")


def mark_child_focus(conf: Conference, at: datetime, utterance_id: str, child_id: str,
                     part: FocusPart, editor: str, from_suggestion: bool = False
                     ) -> list[ev.Event]:
    """The line is about this part of the child's experience (by the chair or minute-taker);
    marking it again changes nothing."""
    _check(conf, utterance_id, child_id)
    if conf.child_focus.has(utterance_id, child_id, part):
        return []
    return [ev.ChildFocusMarked(at=at, actor=editor, utterance_id=utterance_id,
                                child_id=child_id, part=part,
                                from_suggestion=from_suggestion)]


def unmark_child_focus(conf: Conference, at: datetime, utterance_id: str, child_id: str,
                       part: FocusPart, editor: str) -> list[ev.Event]:
    _check(conf, utterance_id, child_id)
    if not conf.child_focus.has(utterance_id, child_id, part):
        return []
    return [ev.ChildFocusUnmarked(at=at, actor=editor, utterance_id=utterance_id,
                                  child_id=child_id, part=part)]
