"""Read-only views of a conference that every front end shares (window, room display, server).

Pure functions of the domain state; no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .domain.attendees import AttendanceMode, AttendanceState, Attendee
from .domain.conference import Conference, MeetingStatus


class PeopleGroup(Enum):
    IN_ROOM = "In the room"
    VIDEO = "Remote by video"
    PHONE = "Remote by phone"
    WAITING = "Waiting room"
    OUT_OF_SEGMENT = "Out of this segment"
    EXPECTED = "Expected, not yet here"
    LEFT = "Left the meeting"
    APOLOGIES = "Apologies and written reports"


def group_of(conference: Conference, person: Attendee) -> PeopleGroup:
    if person.id in conference.excluded_now:
        return PeopleGroup.OUT_OF_SEGMENT
    if person.id in conference.waiting:
        return PeopleGroup.WAITING
    if person.state in (AttendanceState.APOLOGIES, AttendanceState.APOLOGIES_WITH_REPORT):
        return PeopleGroup.APOLOGIES
    if person.state is AttendanceState.LEFT:
        return PeopleGroup.LEFT
    if not person.is_present:
        return PeopleGroup.EXPECTED
    return {
        AttendanceMode.VIDEO: PeopleGroup.VIDEO,
        AttendanceMode.PHONE: PeopleGroup.PHONE,
    }.get(person.mode, PeopleGroup.IN_ROOM)


def people_by_group(conference: Conference) -> dict[PeopleGroup, list[Attendee]]:
    groups: dict[PeopleGroup, list[Attendee]] = {g: [] for g in PeopleGroup}
    for person in conference.attendees.values():
        groups[group_of(conference, person)].append(person)
    return groups


@dataclass(frozen=True)
class StageTimer:
    title: str
    elapsed_minutes: float
    planned_minutes: float
    prompts: tuple[str, ...]

    @property
    def overrun(self) -> bool:
        return self.elapsed_minutes > self.planned_minutes


def stage_timer(conference: Conference, now: datetime) -> StageTimer | None:
    stage = conference.agenda.current
    if stage is None:
        return None
    current_break = conference.agenda.on_break
    elapsed = stage.elapsed_minutes(now, current_break.started_at if current_break else None)
    planned = stage.planned_minutes * conference.agenda.interpretation_multiplier
    return StageTimer(stage.spec.title, elapsed, planned, stage.spec.prompts)


def minutes_text(minutes: float) -> str:
    sign = "-" if minutes < 0 else ""
    total = round(abs(minutes) * 60)
    return f"{sign}{total // 60}:{total % 60:02d}"


def present_for_display(conference: Conference) -> list[tuple[str, str, str]]:
    """(name, role, where) of everyone present and in the current segment: no other content.
    The chair runs the meeting, so is in it from the start, marked as arrived or not."""
    running = conference.started_at is not None and conference.status is not MeetingStatus.ENDED
    rows = []
    for person in conference.attendees.values():
        chairing = (running and person.role_key == "chair" and person.id not in conference.waiting
                    and person.state is not AttendanceState.LEFT)
        if chairing or (person.is_present and conference.in_meeting(person.id)):
            where = "in the room" if person.mode is AttendanceMode.IN_ROOM else person.mode.value
            rows.append((person.name, person.role.label, where))
    return rows


class BlockKind(Enum):
    HELD = "held"
    CURRENT = "current"
    PLANNED = "planned"
    RESERVE = "ring-fenced reserve"
    RESERVE_LOST = "ring-fenced time lost past the planned end"
    OVERRUN = "past the planned end"


@dataclass(frozen=True)
class TimelineBlock:
    start_minute: float  # minutes from the scheduled start
    end_minute: float
    kind: BlockKind
    title: str


def timeline_blocks(conference: Conference, now: datetime) -> list[TimelineBlock]:
    """The whole meeting laid out in minutes from the scheduled start, as the chair sees it."""
    from .domain.agenda import StageStatus

    origin = conference.details.scheduled_start
    end = (conference.clock.planned_end - origin).total_seconds() / 60

    def minute(moment: datetime) -> float:
        return (moment - origin).total_seconds() / 60

    blocks: list[TimelineBlock] = []
    cursor = minute(max(now, origin)) if conference.started_at is None else minute(now)
    multiplier = conference.agenda.interpretation_multiplier
    for stage in conference.agenda.stages:
        title = stage.spec.title
        if stage.status is StageStatus.SKIPPED:
            continue
        if stage.status is StageStatus.DONE and stage.started_at and stage.ended_at:
            blocks.append(TimelineBlock(minute(stage.started_at), minute(stage.ended_at),
                                        BlockKind.HELD, title))
            continue
        if stage.status is StageStatus.CURRENT and stage.started_at:
            blocks.append(TimelineBlock(minute(stage.started_at), minute(now),
                                        BlockKind.CURRENT, title))
            length = max(0.0, conference.clock.remaining_in_stage(stage, now))
        else:
            length = stage.planned_minutes * multiplier
        start, finish = cursor, cursor + length
        cursor = finish
        if not stage.spec.ring_fenced:
            blocks.append(TimelineBlock(start, finish, BlockKind.PLANNED, title))
            continue
        kept_end = min(finish, max(start, end))
        if kept_end > start:
            blocks.append(TimelineBlock(start, kept_end, BlockKind.RESERVE, title))
        if finish > kept_end:
            blocks.append(TimelineBlock(kept_end, finish, BlockKind.RESERVE_LOST, title))
    return blocks
