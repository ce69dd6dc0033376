"""Commands that move through the agenda, and the ring-fence rules that guard it."""

from __future__ import annotations

from datetime import datetime

from .. import events as ev
from ..agenda import StageSpec, StageStatus
from ..conference import Conference, MeetingStatus
from ..errors import DomainError, OverrideRequired
from . import new_id

MAX_INTERPRETATION_MULTIPLIER = 3.0


def _require_running(conf: Conference) -> None:
    if conf.status is MeetingStatus.SCHEDULED:
        raise DomainError("the meeting has not started")
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the meeting has ended")


def _require_not_on_break(conf: Conference) -> None:
    if conf.status is MeetingStatus.ON_BREAK:
        raise DomainError("the meeting is on a break: resume it first")


def start_meeting(conf: Conference, at: datetime) -> list[ev.Event]:
    if conf.status is not MeetingStatus.SCHEDULED:
        raise DomainError("the meeting has already started")
    first = next((s for s in conf.agenda.stages if s.status is StageStatus.PENDING), None)
    if first is None:
        raise DomainError("the agenda has no stage to start with")
    return [ev.MeetingStarted(at=at, first_stage_id=first.id, segment_id=new_id())]


def _guard_ring_fence(
    conf: Conference, at: datetime, to_stage_id: str | None, override_reason: str | None,
    leaving_kind: ev.OverrideKind = ev.OverrideKind.CUT_SHORT, confidential: bool = False,
) -> list[ev.Event]:
    """Events recording an override, or OverrideRequired if one is needed and not given.

    `confidential`: the chair marked the reason, so it stays out of every family copy."""
    reason = (override_reason or "").strip()
    current = conf.agenda.current
    clock = conf.clock
    if current is not None:
        cut = clock.cutting_short(current, at)
        if cut:
            message = (
                f"'{current.spec.title}' is ring-fenced and has {cut:.0f} planned minutes "
                "left: leaving it now cuts it short"
            )
            if not reason:
                raise OverrideRequired(message, clock.remaining_in_stage(current, at) - cut, cut)
            return [ev.RingFenceOverridden(
                at=at, kind=leaving_kind, stage_id=current.id, reason=reason,
                protected_minutes=0.0, needed_minutes=cut, confidential=confidential,
            )]
    if to_stage_id is not None:
        target = conf.agenda.stage(to_stage_id)
        entering = target.spec.ring_fenced and not (current and current.spec.ring_fenced)
        short = clock.entering_reserve_short(at) if entering else None
        if short is not None:
            message = (
                f"only {short.protected_minutes:.0f} of the {short.needed_minutes:.0f} minutes "
                "reserved for decision and planning remain before the planned end"
            )
            if not reason:
                raise OverrideRequired(message, short.protected_minutes, short.needed_minutes)
            return [ev.RingFenceOverridden(
                at=at, kind=ev.OverrideKind.ENTER_SHORT, stage_id=to_stage_id, reason=reason,
                protected_minutes=short.protected_minutes, needed_minutes=short.needed_minutes,
                confidential=confidential,
            )]
    return []


def go_to_stage(
    conf: Conference, at: datetime, stage_id: str, override_reason: str | None = None,
    override_confidential: bool = False,
) -> list[ev.Event]:
    _require_running(conf)
    _require_not_on_break(conf)
    target = conf.agenda.stage(stage_id)
    current = conf.agenda.current
    if current is not None and current.id == stage_id:
        raise DomainError(f"'{target.spec.title}' is already the current stage")
    if target.status is StageStatus.SKIPPED:
        raise DomainError(f"'{target.spec.title}' was skipped")
    events = _guard_ring_fence(conf, at, stage_id, override_reason,
                               confidential=override_confidential)
    from_id = current.id if current else None
    return [*events, ev.StageChanged(at=at, from_stage_id=from_id, to_stage_id=stage_id)]


def next_stage(
    conf: Conference, at: datetime, override_reason: str | None = None,
    override_confidential: bool = False,
) -> list[ev.Event]:
    _require_running(conf)
    agenda = conf.agenda
    current = agenda.current
    start = agenda.stages.index(current) + 1 if current else 0
    # The next stage in order that was not skipped: after going back to an earlier stage,
    # that is the stage the chair left, which resumes (not the first one never started).
    following = next(
        (s for s in agenda.stages[start:] if s.status is not StageStatus.SKIPPED), None
    )
    if following is None:
        raise DomainError("this is the last stage: end the meeting instead")
    return go_to_stage(conf, at, following.id, override_reason, override_confidential)


def previous_stage(conf: Conference, at: datetime) -> list[ev.Event]:
    _require_running(conf)
    before = conf.agenda.previous_stage()
    if before is None:
        raise DomainError("there is no earlier stage to go back to")
    current = conf.agenda.current
    if current is not None and current.spec.ring_fenced and not before.spec.ring_fenced:
        raise DomainError("going back out of decision and planning is not allowed; "
                          "add a stage instead")
    return go_to_stage(conf, at, before.id)


def skip_stage(
    conf: Conference, at: datetime, stage_id: str, reason: str = "",
    override_reason: str | None = None, override_confidential: bool = False,
) -> list[ev.Event]:
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the meeting has ended")
    stage = conf.agenda.stage(stage_id)
    if stage.status is not StageStatus.PENDING:
        raise DomainError(f"only a stage not yet started can be skipped ('{stage.spec.title}')")
    events: list[ev.Event] = []
    if stage.spec.ring_fenced:
        text = (override_reason or "").strip()
        if not text:
            raise OverrideRequired(
                f"'{stage.spec.title}' is ring-fenced: skipping it needs an override",
                0.0, stage.planned_minutes,
            )
        events.append(ev.RingFenceOverridden(
            at=at, kind=ev.OverrideKind.SKIP_RESERVED, stage_id=stage_id, reason=text,
            protected_minutes=0.0, needed_minutes=stage.planned_minutes,
            confidential=override_confidential,
        ))
    return [*events, ev.StageSkipped(at=at, stage_id=stage_id, reason=reason)]


def extend_stage(conf: Conference, at: datetime, stage_id: str, minutes: float) -> list[ev.Event]:
    if not 0 < minutes <= 120:
        raise DomainError("extend a stage by between 1 and 120 minutes")
    stage = conf.agenda.stage(stage_id)
    if stage.status in (StageStatus.DONE, StageStatus.SKIPPED):
        raise DomainError(f"'{stage.spec.title}' is finished and cannot be extended")
    return [ev.StageExtended(at=at, stage_id=stage_id, minutes=minutes)]


def add_stage(
    conf: Conference, at: datetime, title: str, minutes: float, position: int | None = None,
    ring_fenced: bool = False, prompts: tuple[str, ...] = (),
) -> list[ev.Event]:
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the meeting has ended")
    spec = StageSpec(new_id(), title.strip(), minutes, ring_fenced, prompts)
    stages = conf.agenda.stages
    if position is None:
        current = conf.agenda.current
        position = stages.index(current) + 1 if current else len(stages)
    _check_position(conf, position)
    return [ev.StageAdded(at=at, stage=spec, position=position)]


def _check_position(conf: Conference, position: int) -> None:
    stages = conf.agenda.stages
    if not 0 <= position <= len(stages):
        raise DomainError(f"position must be between 0 and {len(stages)}")
    started = [i for i, s in enumerate(stages) if s.status is not StageStatus.PENDING]
    if started and position <= max(started):
        raise DomainError("a stage can only be placed after the stages already held")


def move_stage(conf: Conference, at: datetime, stage_id: str, position: int) -> list[ev.Event]:
    stage = conf.agenda.stage(stage_id)
    if stage.status is not StageStatus.PENDING:
        raise DomainError(f"'{stage.spec.title}' has started and cannot be moved")
    _check_position(conf, position)
    return [ev.StageMoved(at=at, stage_id=stage_id, position=position)]


def begin_break(conf: Conference, at: datetime, reason: str = "") -> list[ev.Event]:
    _require_running(conf)
    _require_not_on_break(conf)
    return [ev.BreakStarted(at=at, reason=reason.strip())]


def end_break(conf: Conference, at: datetime) -> list[ev.Event]:
    if conf.status is not MeetingStatus.ON_BREAK:
        raise DomainError("the meeting is not on a break")
    return [ev.BreakEnded(at=at)]


MAX_EXTENSION_MINUTES = 180  # the most one extension of the meeting may add


def extend_meeting(conf: Conference, at: datetime, minutes: float, reason: str,
                   confidential: bool = False) -> list[ev.Event]:
    """The planned end moves; the reason goes into the record (not into family copies when the
    chair marks it confidential)."""
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the meeting has ended")
    if not 0 < minutes <= MAX_EXTENSION_MINUTES:
        raise DomainError(f"extend the meeting by between 1 and {MAX_EXTENSION_MINUTES} minutes")
    if not reason.strip():
        raise DomainError("give a reason for extending the meeting")
    return [ev.MeetingExtended(at=at, minutes=minutes, reason=reason.strip(),
                               confidential=confidential)]


def set_interpretation(conf: Conference, at: datetime, multiplier: float) -> list[ev.Event]:
    """Stage times for consecutive interpreting: each stage is allowed `multiplier` times its
    planned length (the stage timers, the agenda and the ring-fence count with it)."""
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the meeting has ended")
    if not 1.0 <= multiplier <= MAX_INTERPRETATION_MULTIPLIER:
        raise DomainError(
            f"interpretation multiplier must be between 1 and {MAX_INTERPRETATION_MULTIPLIER}"
        )
    return [ev.InterpretationMultiplierSet(at=at, multiplier=multiplier)]


def end_meeting(
    conf: Conference, at: datetime, override_reason: str | None = None,
    override_confidential: bool = False,
) -> list[ev.Event]:
    _require_running(conf)
    events = _guard_ring_fence(conf, at, None, override_reason,
                               confidential=override_confidential)
    held = {s.id for s in conf.agenda.stages if s.status is not StageStatus.PENDING}
    unheld = [s for s in conf.agenda.stages if s.spec.ring_fenced and s.id not in held]
    if unheld:
        titles = ", ".join(s.spec.title for s in unheld)
        raise DomainError(f"ring-fenced stages not yet held: {titles}; hold or skip them first")
    return [*events, ev.MeetingEnded(at=at, closing_segment_id=conf.current_segment.id
                                     if conf.current_segment else new_id())]
