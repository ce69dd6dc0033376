"""What a conference is: kind, nation, children, times, and the deadlines that follow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from .agenda import StageSpec
from .attendees import Child
from .calendar import (
    Nation,
    add_months,
    add_working_days,
    last_working_day_on_or_before,
    working_days_between,
)
from .errors import DomainError
from .ring_fence import RingFenceSettings

INITIAL_CONFERENCE_WITHIN_WORKING_DAYS = 15
FIRST_CORE_GROUP_WITHIN_WORKING_DAYS = 10
DECISION_LETTER_WITHIN_WORKING_DAYS = 1
# Wales: a summary of the conference goes to everyone within 5 working days, before the full
# record (the Wales Safeguarding Procedures; domain README, "The record").
WALES_SUMMARY_WITHIN_WORKING_DAYS = 5


class ConferenceKind(Enum):
    INITIAL = "initial"
    REVIEW = "review"


@dataclass(frozen=True)
class Deadlines:
    initial_conference_due: date | None
    first_core_group_due: date
    review_due: date
    decision_letter_due: date
    record_circulation_due: date
    summary_due: date | None = None  # Wales only: the summary of the conference


@dataclass(frozen=True)
class ConferenceDetails:
    id: str
    kind: ConferenceKind
    nation: Nation
    children: tuple[Child, ...]
    scheduled_start: datetime
    planned_minutes: float
    venue: str
    stages: tuple[StageSpec, ...]
    strategy_discussion: date | None = None
    previous_conference: date | None = None
    delay_reason: str = ""
    record_circulation_working_days: int = 15
    ring_fence: RingFenceSettings = field(default_factory=RingFenceSettings)

    @property
    def title(self) -> str:
        names = ", ".join(c.name for c in self.children)
        kind = "Initial" if self.kind is ConferenceKind.INITIAL else "Review"
        return f"{kind} child protection conference: {names}"

    @property
    def day(self) -> date:
        return self.scheduled_start.date()

    def validate(self) -> None:
        if self.scheduled_start.tzinfo is None:
            raise DomainError("scheduled start must carry a time zone")
        if not self.children:
            raise DomainError("a conference needs at least one subject child")
        ids = [c.id for c in self.children]
        if len(set(ids)) != len(ids):
            raise DomainError("subject children must have distinct ids")
        for child in self.children:
            if child.date_of_birth and child.date_of_birth > self.day and not child.unborn:
                raise DomainError(f"{child.name}'s date of birth is after the conference")
        if not 15 <= self.planned_minutes <= 480:
            raise DomainError("planned length must be between 15 and 480 minutes")
        if sum(s.planned_minutes for s in self.stages) > self.planned_minutes + 1e-6:
            raise DomainError(
                "the agenda's stages add up to more than the planned length of the meeting"
            )
        if not 1 <= self.record_circulation_working_days <= 60:
            raise DomainError("record circulation must be between 1 and 60 working days")
        if self.kind is ConferenceKind.INITIAL:
            self._validate_initial()
        else:
            self._validate_review()

    def _validate_initial(self) -> None:
        if self.strategy_discussion is None:
            raise DomainError("an initial conference needs the strategy discussion date")
        if self.previous_conference is not None:
            raise DomainError("an initial conference has no previous conference")
        if self.strategy_discussion > self.day:
            raise DomainError("the strategy discussion is after the conference")
        late = working_days_between(self.strategy_discussion, self.day, self.nation)
        if late > INITIAL_CONFERENCE_WITHIN_WORKING_DAYS and not self.delay_reason.strip():
            raise DomainError(
                f"the conference is {late} working days after the strategy discussion "
                f"(due within {INITIAL_CONFERENCE_WITHIN_WORKING_DAYS}): record a delay_reason"
            )

    def _validate_review(self) -> None:
        if self.previous_conference is None:
            raise DomainError("a review conference needs the previous conference date")
        if self.previous_conference >= self.day:
            raise DomainError(
                f"the previous conference ({self.previous_conference}) is not before this "
                f"review ({self.day})"
            )

    def deadlines(self, held_on: date | None = None) -> Deadlines:
        day = held_on or self.day
        months = 3 if self.kind is ConferenceKind.INITIAL else 6
        initial_due = None
        if self.strategy_discussion is not None:
            initial_due = add_working_days(
                self.strategy_discussion, INITIAL_CONFERENCE_WITHIN_WORKING_DAYS, self.nation
            )
        return Deadlines(
            initial_conference_due=initial_due,
            first_core_group_due=add_working_days(
                day, FIRST_CORE_GROUP_WITHIN_WORKING_DAYS, self.nation
            ),
            review_due=last_working_day_on_or_before(add_months(day, months), self.nation),
            decision_letter_due=add_working_days(
                day, DECISION_LETTER_WITHIN_WORKING_DAYS, self.nation
            ),
            record_circulation_due=add_working_days(
                day, self.record_circulation_working_days, self.nation
            ),
            summary_due=add_working_days(day, WALES_SUMMARY_WITHIN_WORKING_DAYS, self.nation)
            if self.nation is Nation.WALES else None,
        )
