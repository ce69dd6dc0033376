"""Each agency's view, the chair's decision per child, and the child protection plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from .calendar import Nation


class HarmView(Enum):
    SIGNIFICANT_HARM = "has suffered, or is likely to suffer, significant harm"
    NOT_SIGNIFICANT_HARM = "threshold of significant harm not met"
    UNDECIDED = "no view given"


class Category(Enum):
    NEGLECT = "neglect"
    PHYSICAL = "physical abuse"
    EMOTIONAL = "emotional abuse"
    SEXUAL = "sexual abuse"
    FINANCIAL = "financial abuse"


def categories_for(nation: Nation) -> tuple[Category, ...]:
    """England uses four categories; Wales also records financial abuse."""
    if nation is Nation.WALES:
        return tuple(Category)
    return tuple(c for c in Category if c is not Category.FINANCIAL)


@dataclass(frozen=True)
class AgencyView:
    child_id: str
    attendee_id: str
    view: HarmView
    categories: frozenset[Category] = frozenset()
    comment: str = ""


@dataclass(frozen=True)
class ChildDecision:
    child_id: str
    plan_required: bool
    categories: frozenset[Category]
    reasons: str
    dissenting_ids: frozenset[str]
    dissent_note: str
    decided_at: datetime
    segment_id: str
    interim_reason: str = ""  # not quorate: why the chair went ahead (domain/interim.py)
    relist_on: date | None = None  # ... and the day the conference is re-listed for

    @property
    def interim(self) -> bool:
        return bool(self.interim_reason)


@dataclass(frozen=True)
class Outcome:
    what_must_change: str
    measure: str
    by_when: date


@dataclass(frozen=True)
class Plan:
    child_id: str
    lead_social_worker_id: str
    core_group_ids: frozenset[str]
    first_core_group: date
    outcomes: tuple[Outcome, ...]
    seen_alone: str
    contingency: str
    review_date: date
    late_reason: str = ""
