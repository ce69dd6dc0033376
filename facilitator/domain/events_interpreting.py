"""Events about interpreters: whom they interpret for, and staying in when that person is out."""

from __future__ import annotations

from dataclasses import dataclass

from .event_base import Event
from .events_preparation import PreparationEvent


@dataclass(frozen=True, kw_only=True)
class InterpreterLinksChanged(Event, PreparationEvent):
    """The chair changed whom an interpreter interprets for (none: they no longer do)."""

    interpreter_id: str
    for_ids: frozenset[str]
    language: str


@dataclass(frozen=True, kw_only=True)
class InterpreterKeptIn(Event):
    """An interpreter stays in a part of the meeting that someone they interpret for is out of:
    the chair's decision with its reason, or because others they interpret for stay in."""

    exclusion_id: str
    interpreter_id: str
    for_ids: frozenset[str]  # the people they interpret for who went out
    reason: str
    chair_decided: bool = True  # False: kept in because others they interpret for stay


INTERPRETING_EVENTS: tuple[type[Event], ...] = (InterpreterLinksChanged, InterpreterKeptIn)
