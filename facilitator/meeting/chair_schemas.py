"""The bodies of the chair's API endpoints that finish a conference: arrivals, breaks, the room's
switches, each agency's view, the decision per child, the plan and the end of the meeting.

One typed schema per body, built from the door's field checks (`services.rtc.schemas`): a body
that does not fit answers 400 and reaches no use case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain.attendees import AttendanceState
from ..domain.decisions import Category, HarmView, Outcome, Plan
from ..services.rtc.schemas import (
    MAX_ITEMS,
    MAX_NOTE_CHARS,
    MAX_REASON_CHARS,
    SchemaError,
    flag,
    ids,
    names,
    optional_text,
    text,
    whole,
)


def _one(data: dict[str, Any], key: str, kind: Any) -> Any:
    value = data.get(key)
    members = kind.__members__
    if not isinstance(value, str) or value.upper() not in members:
        raise SchemaError(f"'{key}' must be one of {', '.join(m.lower() for m in members)}")
    return members[value.upper()]


def _day(data: dict[str, Any], key: str) -> date:
    raw = text(data, key, 10)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise SchemaError(f"'{key}' must be a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Attendance:
    attendee_id: str
    state: AttendanceState

    @staticmethod
    def parse(data: dict[str, Any]) -> Attendance:
        """Someone arrives in the room, leaves, or returns: "present", "left" ..."""
        return Attendance(text(data, "attendee_id"), _one(data, "state", AttendanceState))


@dataclass(frozen=True)
class Reasoned:
    reason: str

    @staticmethod
    def parse(data: dict[str, Any]) -> Reasoned:
        return Reasoned(text(data, "reason", MAX_REASON_CHARS, default="", empty=True))


@dataclass(frozen=True)
class Extension:
    minutes: float
    reason: str
    confidential: bool = False  # the reason stays out of family copies

    @staticmethod
    def parse(data: dict[str, Any]) -> Extension:
        minutes = data.get("minutes")
        if not isinstance(minutes, int | float) or isinstance(minutes, bool) \
                or not 1 <= minutes <= 240:
            raise SchemaError("'minutes' must be a number from 1 to 240")
        return Extension(float(minutes), text(data, "reason", MAX_REASON_CHARS),
                         flag(data, "confidential", False))


@dataclass(frozen=True)
class Interpretation:
    multiplier: float
    move_end: bool = False

    @staticmethod
    def parse(data: dict[str, Any]) -> Interpretation:
        """Each stage allowed `multiplier` times its planned length (consecutive interpreting);
        1 puts the stages back to their planned length. `move_end`: the planned end moves by
        the minutes that adds, so the ring-fenced time keeps its place."""
        multiplier = data.get("multiplier")
        if not isinstance(multiplier, int | float) or isinstance(multiplier, bool) \
                or not 1 <= multiplier <= 3:
            raise SchemaError("'multiplier' must be a number from 1 to 3")
        move_end = data.get("move_end", False)
        if not isinstance(move_end, bool):
            raise SchemaError("'move_end' must be true or false")
        return Interpretation(float(multiplier), move_end)


@dataclass(frozen=True)
class Switch:
    on: bool
    reason: str

    @staticmethod
    def parse(data: dict[str, Any]) -> Switch:
        return Switch(flag(data, "on"),
                      text(data, "reason", MAX_REASON_CHARS, default="", empty=True))


@dataclass(frozen=True)
class EndMeeting:
    override_reason: str | None
    override_confidential: bool = False

    @staticmethod
    def parse(data: dict[str, Any]) -> EndMeeting:
        reason = optional_text(data, "override_reason", MAX_REASON_CHARS)
        return EndMeeting(reason.strip() if reason else None,
                          flag(data, "override_confidential", False))


@dataclass(frozen=True)
class AgencyView:
    child_id: str
    attendee_id: str
    view: HarmView
    categories: tuple[Category, ...]
    comment: str

    @staticmethod
    def parse(data: dict[str, Any]) -> AgencyView:
        return AgencyView(text(data, "child_id"), text(data, "attendee_id"),
                          _one(data, "view", HarmView), names(data, "categories", Category),
                          text(data, "comment", MAX_NOTE_CHARS, default="", empty=True))


@dataclass(frozen=True)
class SafetyScale:
    """One person's Signs of Safety scale for one child: 0 (the child will certainly be
    harmed) to 10 (safe enough to close the case)."""

    child_id: str
    attendee_id: str
    score: int

    @staticmethod
    def parse(data: dict[str, Any]) -> SafetyScale:
        return SafetyScale(text(data, "child_id"), text(data, "attendee_id"),
                           whole(data, "score", 0, 10))


@dataclass(frozen=True)
class Decision:
    child_id: str
    plan_required: bool
    categories: tuple[Category, ...]
    reasons: str
    dissent_note: str
    interim_reason: str | None = None  # not quorate: why the chair goes ahead (interim)
    relist_on: date | None = None  # ... and the re-listing day (default: the latest allowed)

    @staticmethod
    def parse(data: dict[str, Any]) -> Decision:
        return Decision(text(data, "child_id"), flag(data, "plan_required"),
                        names(data, "categories", Category),
                        text(data, "reasons", MAX_NOTE_CHARS),
                        text(data, "dissent_note", MAX_NOTE_CHARS, default="", empty=True),
                        optional_text(data, "interim_reason", MAX_REASON_CHARS),
                        _day(data, "relist_on") if data.get("relist_on") is not None
                        else None)


@dataclass(frozen=True)
class PlanBody:
    plan: Plan

    @staticmethod
    def parse(data: dict[str, Any]) -> PlanBody:
        raw = data.get("outcomes")
        if not isinstance(raw, list) or not raw or len(raw) > MAX_ITEMS:
            raise SchemaError("'outcomes' must list what must change (1 or more)")
        outcomes = []
        for item in raw:
            if not isinstance(item, dict):
                raise SchemaError("each outcome must be an object")
            outcomes.append(Outcome(text(item, "what_must_change", MAX_NOTE_CHARS),
                                    text(item, "measure", MAX_NOTE_CHARS),
                                    _day(item, "by_when")))
        return PlanBody(Plan(
            text(data, "child_id"), text(data, "lead_social_worker_id"),
            frozenset(ids(data, "core_group_ids")), _day(data, "first_core_group"),
            tuple(outcomes), text(data, "seen_alone", MAX_NOTE_CHARS),
            text(data, "contingency", MAX_NOTE_CHARS), _day(data, "review_date"),
            text(data, "late_reason", MAX_REASON_CHARS, default="", empty=True)))


@dataclass(frozen=True)
class InterpreterLink:
    """Whom an interpreter interprets for (an empty list: nobody now)."""

    interpreter_id: str
    for_ids: tuple[str, ...]
    language: str | None

    @staticmethod
    def parse(data: dict[str, Any]) -> InterpreterLink:
        for_ids = () if data.get("for_ids") == [] else ids(data, "for_ids")
        return InterpreterLink(text(data, "interpreter_id"), for_ids,
                               optional_text(data, "language"))
