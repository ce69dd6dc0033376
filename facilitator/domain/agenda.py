"""Agenda stages, their progress, breaks, and the meeting's planned length."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from .errors import DomainError


class StageStatus(Enum):
    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class StageSpec:
    id: str
    title: str
    planned_minutes: float
    ring_fenced: bool = False
    prompts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.id or not self.title:
            raise DomainError("an agenda stage needs an id and a title")
        if self.planned_minutes <= 0:
            raise DomainError(f"stage '{self.id}' must have positive planned minutes")


@dataclass(frozen=True)
class Stage:
    spec: StageSpec
    status: StageStatus = StageStatus.PENDING
    extra_minutes: float = 0.0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    paused_seconds: float = 0.0  # time spent on breaks while this stage was current

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def planned_minutes(self) -> float:
        return self.spec.planned_minutes + self.extra_minutes

    def elapsed_minutes(self, now: datetime, break_started: datetime | None = None) -> float:
        if self.started_at is None:
            return 0.0
        end = self.ended_at or now
        paused = self.paused_seconds
        if break_started is not None and self.ended_at is None:
            paused += (now - break_started).total_seconds()
        return max(0.0, ((end - self.started_at).total_seconds() - paused) / 60.0)


@dataclass(frozen=True)
class Break:
    started_at: datetime
    ended_at: datetime | None = None
    reason: str = ""


def stages_from_template(template: Mapping[str, Any]) -> tuple[StageSpec, ...]:
    """Build stage specs from a parsed agenda template (see assets/agenda/*.yaml)."""
    raw_stages = template.get("stages")
    if not isinstance(raw_stages, Sequence) or not raw_stages:
        raise DomainError("agenda template has no 'stages' list")
    specs = []
    for index, raw in enumerate(raw_stages, start=1):
        if not isinstance(raw, Mapping):
            raise DomainError(f"agenda stage {index} is not a mapping")
        try:
            specs.append(
                StageSpec(
                    id=str(raw["id"]),
                    title=str(raw["title"]),
                    planned_minutes=float(raw["minutes"]),
                    ring_fenced=bool(raw.get("ring_fenced", False)),
                    prompts=tuple(str(p) for p in raw.get("prompts", ())),
                )
            )
        except KeyError as missing:
            raise DomainError(f"agenda stage {index} lacks {missing}") from None
        except (TypeError, ValueError) as bad:
            raise DomainError(f"agenda stage {index}: {bad}") from None
    ids = [s.id for s in specs]
    if len(set(ids)) != len(ids):
        raise DomainError("agenda stage ids must be unique")
    if not any(s.ring_fenced for s in specs):
        raise DomainError("agenda must ring-fence at least one decision or planning stage")
    return tuple(specs)


class Agenda:
    """Mutable progress of the agenda; changed only by the conference applying events."""

    def __init__(self, specs: Sequence[StageSpec]) -> None:
        self.stages: list[Stage] = [Stage(spec) for spec in specs]
        self.breaks: list[Break] = []
        self.extension_minutes: float = 0.0
        self.interpretation_multiplier: float = 1.0

    # ---- queries -------------------------------------------------------------------------
    def index_of(self, stage_id: str) -> int:
        for index, stage in enumerate(self.stages):
            if stage.id == stage_id:
                return index
        raise DomainError(f"no agenda stage '{stage_id}'")

    def stage(self, stage_id: str) -> Stage:
        return self.stages[self.index_of(stage_id)]

    @property
    def current(self) -> Stage | None:
        return next((s for s in self.stages if s.status is StageStatus.CURRENT), None)

    @property
    def on_break(self) -> Break | None:
        if self.breaks and self.breaks[-1].ended_at is None:
            return self.breaks[-1]
        return None

    def stage_at(self, when: datetime) -> str | None:
        """The stage that was running at `when` (else the current one)."""
        for stage in self.stages:
            if stage.started_at and stage.started_at <= when and (
                stage.ended_at is None or when < stage.ended_at
            ):
                return stage.id
        current = self.current
        return current.id if current else None

    def next_pending(self) -> Stage | None:
        current = self.current
        start = self.stages.index(current) + 1 if current else 0
        return next(
            (s for s in self.stages[start:] if s.status is StageStatus.PENDING), None
        )

    def previous_stage(self) -> Stage | None:
        current = self.current
        if current is None:
            return None
        before = self.stages[: self.stages.index(current)]
        return next((s for s in reversed(before) if s.status is StageStatus.DONE), None)

    # ---- mutations (called from Conference.apply only) -----------------------------------
    def _replace(self, stage_id: str, **changes: Any) -> None:
        index = self.index_of(stage_id)
        self.stages[index] = replace(self.stages[index], **changes)

    def finish_current(self, at: datetime) -> None:
        current = self.current
        if current is not None:
            self._replace(current.id, status=StageStatus.DONE, ended_at=at)

    def start(self, stage_id: str, at: datetime) -> None:
        stage = self.stage(stage_id)
        # Going back to an earlier stage resumes it; its earlier time still counts.
        if stage.started_at is None:
            self._replace(stage_id, status=StageStatus.CURRENT, started_at=at, ended_at=None)
        else:
            assert stage.ended_at is not None
            gap = (at - stage.ended_at).total_seconds()
            self._replace(
                stage_id, status=StageStatus.CURRENT, ended_at=None,
                paused_seconds=stage.paused_seconds + gap,
            )

    def skip(self, stage_id: str) -> None:
        self._replace(stage_id, status=StageStatus.SKIPPED)

    def extend(self, stage_id: str, minutes: float) -> None:
        stage = self.stage(stage_id)
        self._replace(stage_id, extra_minutes=stage.extra_minutes + minutes)

    def insert(self, spec: StageSpec, position: int) -> None:
        self.stages.insert(position, Stage(spec))

    def move(self, stage_id: str, position: int) -> None:
        stage = self.stages.pop(self.index_of(stage_id))
        self.stages.insert(position, stage)

    def begin_break(self, at: datetime, reason: str) -> None:
        self.breaks.append(Break(at, None, reason))

    def end_break(self, at: datetime) -> None:
        current_break = self.on_break
        assert current_break is not None
        self.breaks[-1] = replace(current_break, ended_at=at)
        current = self.current
        if current is not None:
            paused = (at - current_break.started_at).total_seconds()
            self._replace(current.id, paused_seconds=current.paused_seconds + paused)

    def break_minutes(self, now: datetime) -> float:
        total = timedelta()
        for item in self.breaks:
            total += (item.ended_at or now) - item.started_at
        return total.total_seconds() / 60.0
