"""The chair moves through the agenda: next, previous, skip, extend, add, move, breaks."""

from __future__ import annotations

from typing import Any

import pytest

from facilitator.domain import events as ev
from facilitator.domain.agenda import StageSpec, StageStatus, stages_from_template
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.conference import Conference, MeetingStatus
from facilitator.domain.errors import DomainError

from .helpers import add_cast, at, run


def ids(conf: Conference) -> list[str]:
    return [s.id for s in conf.agenda.stages]


def status(conf: Conference) -> dict[str, StageStatus]:
    return {s.id: s.status for s in conf.agenda.stages}


def current(conf: Conference) -> str | None:
    stage = conf.agenda.current
    return stage.id if stage else None


def test_start_meeting(conf: Conference, clock: ManualClock) -> None:
    add_cast(conf, clock)
    clock.set(at(3))
    events = run(conf, clock, ag.start_meeting)
    assert [type(e) for e in events] == [ev.MeetingStarted]
    assert conf.status is MeetingStatus.IN_PROGRESS
    assert conf.started_at == at(3)
    assert current(conf) == "opening"
    assert len(conf.segments) == 1 and conf.segments[0].excluded == frozenset()
    with pytest.raises(DomainError, match="already started"):
        ag.start_meeting(conf, clock.now())


@pytest.mark.parametrize(("command", "args"), [
    (ag.next_stage, ()),
    (ag.previous_stage, ()),
    (ag.go_to_stage, ("reports",)),
    (ag.begin_break, ()),
    (ag.end_meeting, ()),
])
def test_moving_through_the_agenda_needs_a_started_meeting(
    conf: Conference, clock: ManualClock, command: Any, args: tuple[Any, ...]
) -> None:
    with pytest.raises(DomainError, match="has not started"):
        command(conf, clock.now(), *args)


def test_next_and_previous(meeting: Conference, clock: ManualClock) -> None:
    clock.set(at(10))
    run(meeting, clock, ag.next_stage)
    assert current(meeting) == "reports"
    assert status(meeting)["opening"] is StageStatus.DONE
    clock.set(at(15))
    events = run(meeting, clock, ag.previous_stage)
    assert events == [ev.StageChanged(at=at(15), from_stage_id="reports",
                                      to_stage_id="opening")]
    assert current(meeting) == "opening"
    # Going back resumes the stage: its earlier ten minutes still count, the gap does not.
    clock.set(at(17))
    assert meeting.agenda.stage("opening").elapsed_minutes(clock.now()) == pytest.approx(12)
    run(meeting, clock, ag.next_stage)  # back to where the chair was, not past it
    assert current(meeting) == "reports"
    assert meeting.agenda.stage("reports").elapsed_minutes(at(20)) == pytest.approx(8)
    run(meeting, clock, ag.next_stage)
    assert current(meeting) == "views"


def test_no_previous_stage_at_the_first(meeting: Conference, clock: ManualClock) -> None:
    with pytest.raises(DomainError, match="no earlier stage"):
        ag.previous_stage(meeting, clock.now())


def test_next_at_the_last_stage_says_to_end(meeting: Conference, clock: ManualClock) -> None:
    for stage in ("reports", "views", "decision", "planning", "closing"):
        clock.advance(minutes=20)
        run(meeting, clock, ag.go_to_stage, stage)
    with pytest.raises(DomainError, match="end the meeting instead"):
        ag.next_stage(meeting, clock.now())


def test_going_back_out_of_decision_and_planning_is_refused(meeting: Conference,
                                                          clock: ManualClock) -> None:
    for minutes, stage in ((10, "reports"), (40, "views"), (50, "decision")):
        clock.set(at(minutes))
        run(meeting, clock, ag.go_to_stage, stage)
    clock.set(at(75))
    with pytest.raises(DomainError, match="going back out of decision and planning"):
        ag.previous_stage(meeting, clock.now())
    run(meeting, clock, ag.next_stage)  # into planning, after the full 20 minutes
    clock.set(at(95))
    run(meeting, clock, ag.previous_stage)  # back to the decision: both ring-fenced
    assert current(meeting) == "decision"


def test_go_to_the_current_stage_is_refused(meeting: Conference, clock: ManualClock) -> None:
    with pytest.raises(DomainError, match="already the current stage"):
        ag.go_to_stage(meeting, clock.now(), "opening")
    with pytest.raises(DomainError, match="no agenda stage 'lunch'"):
        ag.go_to_stage(meeting, clock.now(), "lunch")


def test_skip(meeting: Conference, clock: ManualClock) -> None:
    run(meeting, clock, ag.skip_stage, "views", "the parents gave their views in writing")
    assert status(meeting)["views"] is StageStatus.SKIPPED
    clock.set(at(10))
    run(meeting, clock, ag.next_stage)
    clock.set(at(40))
    run(meeting, clock, ag.next_stage)
    assert current(meeting) == "decision"  # the skipped stage was passed over
    with pytest.raises(DomainError, match="was skipped"):
        ag.go_to_stage(meeting, clock.now(), "views")


def test_only_a_stage_not_yet_started_can_be_skipped(meeting: Conference,
                                                     clock: ManualClock) -> None:
    with pytest.raises(DomainError, match="only a stage not yet started"):
        ag.skip_stage(meeting, clock.now(), "opening")  # current
    clock.set(at(10))
    run(meeting, clock, ag.next_stage)
    with pytest.raises(DomainError, match="only a stage not yet started"):
        ag.skip_stage(meeting, clock.now(), "opening")  # done


@pytest.mark.parametrize(("minutes", "error"), [
    (5, None), (120, None), (0, "between 1 and 120"), (-3, "between 1 and 120"),
    (121, "between 1 and 120"),
])
def test_extend_stage(meeting: Conference, clock: ManualClock, minutes: float,
                      error: str | None) -> None:
    if error:
        with pytest.raises(DomainError, match=error):
            ag.extend_stage(meeting, clock.now(), "reports", minutes)
    else:
        run(meeting, clock, ag.extend_stage, "reports", minutes)
        assert meeting.agenda.stage("reports").planned_minutes == 30 + minutes


def test_a_finished_stage_cannot_be_extended(meeting: Conference, clock: ManualClock) -> None:
    run(meeting, clock, ag.skip_stage, "views")
    clock.set(at(10))
    run(meeting, clock, ag.next_stage)
    for stage in ("opening", "views"):
        with pytest.raises(DomainError, match="finished and cannot be extended"):
            ag.extend_stage(meeting, clock.now(), stage, 5)


def test_add_stage_goes_after_the_current_one_by_default(meeting: Conference,
                                                         clock: ManualClock) -> None:
    events = run(meeting, clock, ag.add_stage, "  Housing update ", 5)
    added = events[0]
    assert isinstance(added, ev.StageAdded)
    assert added.position == 1 and added.stage.title == "Housing update"
    assert ids(meeting)[1] == added.stage.id
    clock.set(at(10))
    run(meeting, clock, ag.next_stage)
    assert current(meeting) == added.stage.id


def test_add_stage_before_the_meeting_goes_at_the_end(conf: Conference,
                                                      clock: ManualClock) -> None:
    events = run(conf, clock, ag.add_stage, "Any other business", 5)
    assert ids(conf)[-1] == events[0].stage.id  # type: ignore[attr-defined]


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"title": "  ", "minutes": 5}, "needs an id and a title"),
    ({"title": "Extra", "minutes": 0}, "positive planned minutes"),
    ({"title": "Extra", "minutes": 5, "position": 0}, "after the stages already held"),
    ({"title": "Extra", "minutes": 5, "position": 7}, "between 0 and 6"),
    ({"title": "Extra", "minutes": 5, "position": -1}, "between 0 and 6"),
])
def test_add_stage_refusals(meeting: Conference, clock: ManualClock, kwargs: dict[str, Any],
                            error: str) -> None:
    with pytest.raises(DomainError, match=error):
        ag.add_stage(meeting, clock.now(), **kwargs)


def test_move_stage(meeting: Conference, clock: ManualClock) -> None:
    run(meeting, clock, ag.move_stage, "views", 1)
    assert ids(meeting) == ["opening", "views", "reports", "decision", "planning", "closing"]
    clock.set(at(10))
    run(meeting, clock, ag.next_stage)
    assert current(meeting) == "views"
    with pytest.raises(DomainError, match="has started and cannot be moved"):
        ag.move_stage(meeting, clock.now(), "opening", 4)
    with pytest.raises(DomainError, match="after the stages already held"):
        ag.move_stage(meeting, clock.now(), "reports", 1)


def test_break_and_resume(meeting: Conference, clock: ManualClock) -> None:
    clock.set(at(5))
    run(meeting, clock, ag.begin_break, " fire alarm ")
    assert meeting.status is MeetingStatus.ON_BREAK
    assert meeting.agenda.on_break is not None and meeting.agenda.on_break.reason == "fire alarm"
    with pytest.raises(DomainError, match="on a break"):
        ag.begin_break(meeting, clock.now())
    with pytest.raises(DomainError, match="on a break: resume it first"):
        ag.next_stage(meeting, clock.now())
    clock.set(at(17))
    # The break does not count as time spent on the stage.
    assert meeting.agenda.stage("opening").elapsed_minutes(
        clock.now(), meeting.agenda.on_break.started_at) == pytest.approx(5)
    run(meeting, clock, ag.end_break)
    assert meeting.status is MeetingStatus.IN_PROGRESS
    assert meeting.agenda.break_minutes(clock.now()) == pytest.approx(12)
    clock.set(at(20))
    assert meeting.agenda.stage("opening").elapsed_minutes(clock.now()) == pytest.approx(8)
    with pytest.raises(DomainError, match="not on a break"):
        ag.end_break(meeting, clock.now())


def test_ending_the_meeting_during_a_break_closes_the_break(meeting: Conference,
                                                           clock: ManualClock) -> None:
    for stage in ("decision", "planning"):
        run(meeting, clock, ag.skip_stage, stage, override_reason="interim plan")
    clock.set(at(5))
    run(meeting, clock, ag.begin_break, "fire alarm")
    clock.set(at(25))
    run(meeting, clock, ag.end_meeting)
    assert meeting.status is MeetingStatus.ENDED
    assert meeting.agenda.on_break is None and meeting.agenda.breaks[-1].ended_at == at(25)
    assert meeting.agenda.stage("opening").status is StageStatus.DONE
    assert meeting.agenda.stage("opening").elapsed_minutes(at(60)) == pytest.approx(5)


@pytest.mark.parametrize(("minutes", "reason", "error"), [
    (15, "interpreting", None),
    (180, "interpreting", None),
    (0, "interpreting", "between 1 and 180"),
    (181, "interpreting", "between 1 and 180"),
    (15, "   ", "give a reason"),
])
def test_extend_meeting(meeting: Conference, clock: ManualClock, minutes: float, reason: str,
                        error: str | None) -> None:
    before = meeting.clock.planned_end
    if error:
        with pytest.raises(DomainError, match=error):
            ag.extend_meeting(meeting, clock.now(), minutes, reason)
    else:
        run(meeting, clock, ag.extend_meeting, minutes, reason)
        assert (meeting.clock.planned_end - before).total_seconds() == minutes * 60


@pytest.mark.parametrize(("multiplier", "ok"), [(1.0, True), (2.0, True), (3.0, True),
                                                (0.9, False), (3.1, False)])
def test_interpretation_multiplier_range(meeting: Conference, clock: ManualClock,
                                         multiplier: float, ok: bool) -> None:
    if ok:
        run(meeting, clock, ag.set_interpretation, multiplier)
        assert meeting.agenda.interpretation_multiplier == multiplier
    else:
        with pytest.raises(DomainError, match="between 1 and 3"):
            ag.set_interpretation(meeting, clock.now(), multiplier)


def test_nothing_changes_after_the_meeting_ends(meeting: Conference, clock: ManualClock) -> None:
    for stage in ("decision", "planning"):
        run(meeting, clock, ag.skip_stage, stage, override_reason="not quorate: interim plan")
    clock.set(at(30))
    run(meeting, clock, ag.end_meeting)
    assert meeting.status is MeetingStatus.ENDED and meeting.ended_at == at(30)
    for command, args in ((ag.next_stage, ()), (ag.skip_stage, ("closing",)),
                          (ag.add_stage, ("Extra", 5)), (ag.extend_meeting, (5, "why")),
                          (ag.begin_break, ()), (ag.end_meeting, ())):
        with pytest.raises(DomainError, match="has ended"):
            command(meeting, clock.now(), *args)


# ---- agenda templates as data ------------------------------------------------------------
def test_stages_from_template() -> None:
    specs = stages_from_template({"stages": [
        {"id": "welcome", "title": "Welcome", "minutes": 5, "prompts": ["Purpose", "Agenda"]},
        {"id": "decision", "title": "Decision", "minutes": "15", "ring_fenced": True},
    ]})
    assert specs == (StageSpec("welcome", "Welcome", 5, False, ("Purpose", "Agenda")),
                     StageSpec("decision", "Decision", 15, True))


@pytest.mark.parametrize(("template", "error"), [
    ({}, "no 'stages' list"),
    ({"stages": []}, "no 'stages' list"),
    ({"stages": ["welcome"]}, "stage 1 is not a mapping"),
    ({"stages": [{"id": "a", "minutes": 5, "ring_fenced": True}]}, "stage 1 lacks 'title'"),
    ({"stages": [{"id": "a", "title": "A", "minutes": "five", "ring_fenced": True}]},
     "agenda stage 1"),
    ({"stages": [{"id": "a", "title": "A", "minutes": 5}]}, "ring-fence at least one"),
    ({"stages": [{"id": "a", "title": "A", "minutes": 5, "ring_fenced": True},
                 {"id": "a", "title": "B", "minutes": 5}]}, "unique"),
])
def test_bad_templates_are_refused(template: dict[str, Any], error: str) -> None:
    with pytest.raises(DomainError, match=error):
        stages_from_template(template)
