"""The ring-fenced decision and planning time: what shrinks it, warnings, and overrides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from facilitator.domain import events as ev
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError, OverrideRequired
from facilitator.domain.ring_fence import ReserveLevel, RingFenceSettings

from .helpers import add_cast, at, new_conference, run

L = ReserveLevel
Step = tuple[float, Callable[..., list[ev.Event]], tuple[Any, ...]]

START = (0.0, ag.start_meeting, ())


def play(conf: Conference, clock: ManualClock, steps: list[Step]) -> None:
    for minute, command, args in steps:
        clock.set(at(minute))
        run(conf, clock, command, *args)


# (steps, now (minutes after scheduled start), level, slack, protected, needed, settings)
STATUS = [
    pytest.param([], 0, L.ON_TRACK, 20, 40, 40, None, id="on-time"),
    pytest.param([], -10, L.ON_TRACK, 20, 40, 40, None, id="before-the-start"),
    pytest.param([], 10, L.APPROACHING, 10, 40, 40, None, id="late-start-10"),
    pytest.param([], 15, L.IMMINENT, 5, 40, 40, None, id="late-start-15"),
    pytest.param([], 20, L.IMMINENT, 0, 40, 40, None, id="late-start-20"),
    pytest.param([], 30, L.EATING, -10, 30, 40, None, id="late-start-30"),
    pytest.param([(30, ag.start_meeting, ())], 30, L.EATING, -10, 30, 40, None,
                 id="started-30-late"),
    pytest.param([(30, ag.start_meeting, ()), (30, ag.extend_meeting, (15, "late start"))],
                 30, L.IMMINENT, 5, 40, 40, None, id="late-start-then-extended"),
    pytest.param([START], 0, L.ON_TRACK, 20, 40, 40, None, id="started-on-time"),
    pytest.param([START], 25, L.IMMINENT, 5, 40, 40, None, id="opening-overran-15"),
    pytest.param([START], 35, L.EATING, -5, 35, 40, None, id="opening-overran-25"),
    pytest.param([START, (10, ag.next_stage, ()), (55, ag.next_stage, ())], 55,
                 L.IMMINENT, 5, 40, 40, None, id="reports-overran-15"),
    pytest.param([START, (10, ag.next_stage, ()), (65, ag.next_stage, ())], 65,
                 L.EATING, -5, 35, 40, None, id="reports-overran-25"),
    pytest.param([START, (5, ag.begin_break, ())], 17, L.APPROACHING, 8, 40, 40, None,
                 id="on-a-12-minute-break"),
    pytest.param([START, (5, ag.begin_break, ()), (17, ag.end_break, ())], 17, L.APPROACHING,
                 8, 40, 40, None, id="after-a-12-minute-break"),
    pytest.param([START, (5, ag.begin_break, ())], 30, L.EATING, -5, 35, 40, None,
                 id="on-a-25-minute-break"),
    pytest.param([START, (0, ag.set_interpretation, (1.2,))], 0, L.IMMINENT, 0, 48, 48, None,
                 id="interpretation-1.2"),
    pytest.param([START, (0, ag.set_interpretation, (2.0,))], 0, L.EATING, -80, 0, 80, None,
                 id="interpretation-doubles-everything"),
    pytest.param([(0, ag.add_stage, ("Safety plan for Ben", 10, 5, True))], 0, L.APPROACHING,
                 10, 50, 50, None, id="a-ring-fenced-stage-added"),
    pytest.param([], 0, L.APPROACHING, 20, 40, 40, RingFenceSettings(25, 15),
                 id="custom-thresholds-warn-25"),
    pytest.param([], 5, L.IMMINENT, 15, 40, 40, RingFenceSettings(25, 15),
                 id="custom-thresholds-urgent-15"),
    pytest.param([], 10, L.ON_TRACK, 10, 40, 40, RingFenceSettings(5, 2),
                 id="custom-thresholds-quiet"),
    pytest.param([], 16, L.APPROACHING, 4, 40, 40, RingFenceSettings(5, 2),
                 id="custom-thresholds-warn-5"),
    pytest.param([START, (10, ag.next_stage, ()), (40, ag.next_stage, ()),
                  (50, ag.next_stage, ())], 50, L.IN_RESERVE, 20, 40, 40, None,
                 id="in-the-reserve-on-time"),
    pytest.param([START, (10, ag.next_stage, ()), (40, ag.next_stage, ()),
                  (50, ag.next_stage, ())], 60, L.IN_RESERVE, 20, 30, 30, None,
                 id="in-the-reserve-10-minutes-in"),
]


@pytest.mark.parametrize(("steps", "now", "level", "slack", "protected", "needed", "settings"),
                         STATUS)
def test_reserve_status(clock: ManualClock, steps: list[Step], now: float, level: ReserveLevel,
                        slack: float, protected: float, needed: float,
                        settings: RingFenceSettings | None) -> None:
    conf = new_conference(clock, **({"ring_fence": settings} if settings else {}))
    add_cast(conf, clock)
    play(conf, clock, steps)
    status = conf.clock.status(at(now))
    assert status.level is level
    assert status.slack_minutes == pytest.approx(slack)
    assert status.protected_minutes == pytest.approx(protected)
    assert status.needed_minutes == pytest.approx(needed)
    assert status.shortfall_minutes == pytest.approx(needed - protected)
    if level in (L.ON_TRACK, L.IN_RESERVE):
        assert status.warning is None
    else:
        assert status.warning and "decision and planning" in status.warning


def test_warning_words_in_the_reserve_when_short(meeting: Conference, clock: ManualClock) -> None:
    play(meeting, clock, [(10, ag.next_stage, ()), (65, ag.next_stage, ())])
    clock.set(at(80))
    run(meeting, clock, ag.next_stage, "the family needed more time")
    status = meeting.clock.status(at(80))
    assert status.level is L.IN_RESERVE
    assert status.warning == (
        "decision and planning need 40 more minutes but only 30 remain before the planned end")


# ---- entering decision and planning short ------------------------------------------------
def reports_overran(meeting: Conference, clock: ManualClock, views_at: float) -> None:
    play(meeting, clock, [(10, ag.next_stage, ()), (views_at, ag.next_stage, ())])


def test_entering_on_time_needs_no_override(meeting: Conference, clock: ManualClock) -> None:
    reports_overran(meeting, clock, 40)
    clock.set(at(50))
    events = run(meeting, clock, ag.next_stage)
    assert [type(e) for e in events] == [ev.StageChanged]
    assert meeting.overrides == []


def test_entering_short_needs_an_override(meeting: Conference, clock: ManualClock) -> None:
    reports_overran(meeting, clock, 65)
    clock.set(at(75))
    with pytest.raises(OverrideRequired, match="only 35 of the 40 minutes") as refused:
        ag.next_stage(meeting, clock.now())
    assert refused.value.protected_minutes == pytest.approx(35)
    assert refused.value.needed_minutes == pytest.approx(40)
    with pytest.raises(OverrideRequired):
        ag.next_stage(meeting, clock.now(), "   ")  # a blank reason is no reason
    assert meeting.agenda.current is not None and meeting.agenda.current.id == "views"

    events = run(meeting, clock, ag.next_stage, " parents arrived late; agreed with all ")
    assert events == [
        ev.RingFenceOverridden(at=at(75), kind=ev.OverrideKind.ENTER_SHORT, stage_id="decision",
                               reason="parents arrived late; agreed with all",
                               protected_minutes=35.0, needed_minutes=40.0),
        ev.StageChanged(at=at(75), from_stage_id="views", to_stage_id="decision"),
    ]
    assert meeting.overrides == events[:1]


@pytest.mark.parametrize(("leave_at", "short"), [
    (70, False),  # leaving the family's views early leaves exactly the 40 reserved minutes
    (70.4, False),  # within half a minute: rounding, not short
    (71, True),
])
def test_leaving_the_stage_before_early_frees_its_time(meeting: Conference, clock: ManualClock,
                                                       leave_at: float, short: bool) -> None:
    reports_overran(meeting, clock, 65)  # the family's views planned until +75
    clock.set(at(leave_at))
    if short:
        with pytest.raises(OverrideRequired):
            ag.next_stage(meeting, clock.now())
    else:
        assert [type(e) for e in run(meeting, clock, ag.next_stage)] == [ev.StageChanged]


def test_interpretation_makes_entering_short(meeting: Conference, clock: ManualClock) -> None:
    reports_overran(meeting, clock, 40)
    run(meeting, clock, ag.set_interpretation, 1.5)  # reserve now needs 60 minutes
    clock.set(at(50))
    with pytest.raises(OverrideRequired) as refused:
        ag.next_stage(meeting, clock.now())
    assert refused.value.needed_minutes == pytest.approx(60)
    assert refused.value.protected_minutes == pytest.approx(55)  # 70 left, close needs 15


# ---- cutting a ring-fenced stage short, skipping it, ending without it -----------------------
def in_decision(meeting: Conference, clock: ManualClock) -> None:
    play(meeting, clock, [(10, ag.next_stage, ()), (40, ag.next_stage, ()),
                          (50, ag.next_stage, ())])


@pytest.mark.parametrize(("leave_at", "cut"), [(55, 15.0), (69, 1.0), (69.6, None), (75, None)])
def test_cutting_the_decision_short_needs_an_override(
    meeting: Conference, clock: ManualClock, leave_at: float, cut: float | None
) -> None:
    in_decision(meeting, clock)
    clock.set(at(leave_at))
    if cut is None:
        assert [type(e) for e in run(meeting, clock, ag.next_stage)] == [ev.StageChanged]
        return
    with pytest.raises(OverrideRequired, match="'Decision' is ring-fenced") as refused:
        ag.next_stage(meeting, clock.now())
    assert refused.value.needed_minutes == pytest.approx(cut)
    events = run(meeting, clock, ag.next_stage, "every agency agreed quickly")
    assert isinstance(events[0], ev.RingFenceOverridden)
    assert events[0].kind is ev.OverrideKind.CUT_SHORT
    assert events[0].stage_id == "decision"
    assert events[0].needed_minutes == pytest.approx(cut)
    assert isinstance(events[1], ev.StageChanged) and events[1].to_stage_id == "planning"


def test_going_back_from_the_plan_early_cuts_it_short(meeting: Conference,
                                                      clock: ManualClock) -> None:
    in_decision(meeting, clock)
    play(meeting, clock, [(70, ag.next_stage, ())])
    clock.set(at(75))
    with pytest.raises(OverrideRequired, match="'The plan' is ring-fenced"):
        ag.previous_stage(meeting, clock.now())


def test_ending_the_meeting_in_the_plan_early_needs_an_override(meeting: Conference,
                                                                 clock: ManualClock) -> None:
    in_decision(meeting, clock)
    play(meeting, clock, [(70, ag.next_stage, ())])
    clock.set(at(80))
    with pytest.raises(OverrideRequired, match="cuts it short"):
        ag.end_meeting(meeting, clock.now())
    events = run(meeting, clock, ag.end_meeting, "the family had to leave")
    assert [type(e) for e in events] == [ev.RingFenceOverridden, ev.MeetingEnded]
    assert meeting.overrides[0].kind is ev.OverrideKind.CUT_SHORT


@pytest.mark.parametrize("stage", ["decision", "planning"])
def test_skipping_a_ring_fenced_stage_needs_an_override(meeting: Conference, clock: ManualClock,
                                                       stage: str) -> None:
    for reason in (None, "", "  "):
        with pytest.raises(OverrideRequired, match="skipping it needs an override"):
            ag.skip_stage(meeting, clock.now(), stage, override_reason=reason)
    events = run(meeting, clock, ag.skip_stage, stage, "", "not quorate: interim plan")
    assert [type(e) for e in events] == [ev.RingFenceOverridden, ev.StageSkipped]
    assert events[0].kind is ev.OverrideKind.SKIP_RESERVED  # type: ignore[attr-defined]
    assert meeting.overrides == events[:1]


def test_skipping_an_ordinary_stage_needs_no_override(meeting: Conference,
                                                      clock: ManualClock) -> None:
    assert [type(e) for e in run(meeting, clock, ag.skip_stage, "views")] == [ev.StageSkipped]


@pytest.mark.parametrize(("held", "skipped", "error"), [
    ((), (), "ring-fenced stages not yet held: Decision, The plan"),
    (("decision",), (), "not yet held: The plan"),
    ((), ("decision",), "not yet held: The plan"),
    (("decision", "planning"), (), None),
    (("decision",), ("planning",), None),
    ((), ("decision", "planning"), None),
])
def test_ending_before_the_ring_fenced_stages_are_held_is_refused(
    meeting: Conference, clock: ManualClock, held: tuple[str, ...], skipped: tuple[str, ...],
    error: str | None,
) -> None:
    for stage in skipped:
        run(meeting, clock, ag.skip_stage, stage, override_reason="interim plan")
    minute = 0.0
    for stage in held:
        minute += 20
        clock.set(at(minute))
        run(meeting, clock, ag.go_to_stage, stage, "late")
    clock.set(at(minute + 20))
    if error:
        with pytest.raises(DomainError, match=error):
            ag.end_meeting(meeting, clock.now())
        with pytest.raises(DomainError, match=error):  # an override does not excuse it
            ag.end_meeting(meeting, clock.now(), "we ran out of time")
    else:
        assert isinstance(run(meeting, clock, ag.end_meeting)[-1], ev.MeetingEnded)


def test_reserve_is_reported_in_the_agenda_with_no_ring_fenced_stage_left(
    meeting: Conference, clock: ManualClock
) -> None:
    for stage in ("decision", "planning"):
        run(meeting, clock, ag.skip_stage, stage, override_reason="interim plan")
    status = meeting.clock.status(at(5))
    assert status.needed_minutes == 0 and status.warning is None
