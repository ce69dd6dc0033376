"""The agenda clock: how much of the ring-fenced decision and planning time is still protected."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from .agenda import Agenda, Stage, StageStatus

# Cutting a ring-fenced stage by less than this is rounding, not cutting short.
TOLERANCE_MINUTES = 0.5


class ReserveLevel(Enum):
    ON_TRACK = "on track"
    APPROACHING = "earlier stages are approaching the reserved time"
    IMMINENT = "the reserved time is about to be eaten"
    EATING = "earlier stages are eating the reserved time"
    IN_RESERVE = "in the ring-fenced stages"


@dataclass(frozen=True)
class RingFenceSettings:
    warn_slack_minutes: float = 10.0
    urgent_slack_minutes: float = 5.0


@dataclass(frozen=True)
class ReserveStatus:
    planned_end: datetime
    needed_minutes: float  # ring-fenced minutes still to run (interpretation included)
    protected_minutes: float  # how many of those still fit before the planned end
    slack_minutes: float  # spare time before the reserve starts being eaten
    projected_reserve_start: datetime
    level: ReserveLevel
    warning: str | None

    @property
    def shortfall_minutes(self) -> float:
        return max(0.0, self.needed_minutes - self.protected_minutes)


class AgendaClock:
    """Answers timing questions about an agenda; all times come from the caller."""

    def __init__(
        self,
        agenda: Agenda,
        scheduled_start: datetime,
        planned_minutes: float,
        settings: RingFenceSettings | None = None,
    ) -> None:
        self.agenda = agenda
        self.scheduled_start = scheduled_start
        self.planned_minutes = planned_minutes
        self.settings = settings or RingFenceSettings()

    @property
    def planned_end(self) -> datetime:
        return self.scheduled_start + timedelta(
            minutes=self.planned_minutes + self.agenda.extension_minutes
        )

    def _effective(self, stage: Stage) -> float:
        return stage.planned_minutes * self.agenda.interpretation_multiplier

    def remaining_minutes(self, now: datetime, multiplier: float | None = None) -> float:
        """Minutes the rest of the agenda takes with each stage allowed `multiplier` times its
        planned length (None: the multiplier set now); the current stage: what is left."""
        times = self.agenda.interpretation_multiplier if multiplier is None else multiplier
        pause = self.agenda.on_break.started_at if self.agenda.on_break else None
        total = 0.0
        for stage in self.agenda.stages:
            if stage.status is StageStatus.PENDING:
                total += stage.planned_minutes * times
            elif stage.status is StageStatus.CURRENT:
                total += max(0.0, stage.planned_minutes * times
                             - stage.elapsed_minutes(now, pause))
        return total

    def interpreting_minutes(self, now: datetime, multiplier: float) -> int:
        """Whole minutes consecutive interpreting at `multiplier` adds to the rest of the
        agenda, over what is allowed now (moving the planned end by as much keeps the slack
        and the ring-fenced time the agenda has now)."""
        extra = self.remaining_minutes(now, multiplier) - self.remaining_minutes(now)
        return max(0, math.ceil(extra - 1e-6))

    def remaining_in_stage(self, stage: Stage, now: datetime) -> float:
        current_break = self.agenda.on_break
        elapsed = stage.elapsed_minutes(
            now, current_break.started_at if current_break else None
        )
        return self._effective(stage) - elapsed

    def status(self, now: datetime, *, leaving_current: bool = False) -> ReserveStatus:
        """The reserve now; `leaving_current`: as if the current stage ended now."""
        stages = self.agenda.stages
        live = [s for s in stages if s.status in (StageStatus.PENDING, StageStatus.CURRENT)]
        first_reserved = next((i for i, s in enumerate(live) if s.spec.ring_fenced), None)
        end = self.planned_end
        if first_reserved is None:
            return ReserveStatus(end, 0.0, 0.0, (end - now).total_seconds() / 60, now,
                                 ReserveLevel.IN_RESERVE, None)
        before = live[:first_reserved]
        reserved = [s for s in live[first_reserved:] if s.spec.ring_fenced]
        after_minutes = sum(
            self._effective(s) for s in live[first_reserved:] if not s.spec.ring_fenced
        )
        in_reserve = live[first_reserved].status is StageStatus.CURRENT

        cursor = max(now, self.scheduled_start)
        needed = 0.0
        for stage in reserved:
            if stage.status is StageStatus.CURRENT:
                needed += max(0.0, self.remaining_in_stage(stage, now))
            else:
                needed += self._effective(stage)
        for stage in before:
            if stage.status is StageStatus.CURRENT:
                if not leaving_current:
                    cursor += timedelta(minutes=max(0.0, self.remaining_in_stage(stage, now)))
            else:
                cursor += timedelta(minutes=self._effective(stage))
        latest_start = end - timedelta(minutes=needed + after_minutes)
        slack = (latest_start - cursor).total_seconds() / 60.0
        available = (end - cursor).total_seconds() / 60.0 - after_minutes
        protected = min(needed, max(0.0, available))
        level, warning = self._level(slack, protected, needed, in_reserve)
        return ReserveStatus(end, needed, protected, slack, cursor, level, warning)

    def _level(
        self, slack: float, protected: float, needed: float, in_reserve: bool
    ) -> tuple[ReserveLevel, str | None]:
        if in_reserve:
            if protected + TOLERANCE_MINUTES < needed:
                return ReserveLevel.IN_RESERVE, (
                    f"decision and planning need {needed:.0f} more minutes but only "
                    f"{protected:.0f} remain before the planned end"
                )
            return ReserveLevel.IN_RESERVE, None
        if slack < -TOLERANCE_MINUTES:
            return ReserveLevel.EATING, (
                f"decision and planning time is being eaten: {protected:.0f} of "
                f"{needed:.0f} reserved minutes still protected"
            )
        if slack <= self.settings.urgent_slack_minutes:
            return ReserveLevel.IMMINENT, (
                f"{max(0.0, slack):.0f} minutes left before earlier stages eat into "
                "decision and planning time"
            )
        if slack <= self.settings.warn_slack_minutes:
            return ReserveLevel.APPROACHING, (
                f"{slack:.0f} minutes of slack left before decision and planning time"
            )
        return ReserveLevel.ON_TRACK, None

    def entering_reserve_short(self, now: datetime) -> ReserveStatus | None:
        """The status if starting the ring-fenced stages now would start them short.

        Starting them now ends the current stage, so its unused minutes are free for them.
        """
        status = self.status(now, leaving_current=True)
        if status.protected_minutes + TOLERANCE_MINUTES < status.needed_minutes:
            return status
        return None

    def cutting_short(self, stage: Stage, now: datetime) -> float:
        """Minutes of a current ring-fenced stage that leaving it now would cut (0 if none)."""
        if not stage.spec.ring_fenced or stage.status is not StageStatus.CURRENT:
            return 0.0
        remaining = self.remaining_in_stage(stage, now)
        return remaining if remaining > TOLERANCE_MINUTES else 0.0
