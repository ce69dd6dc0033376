"""Interpreters: linked to the people they interpret for, never family, and out with them."""

from __future__ import annotations

import pytest

from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceState
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import interpreting as it
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import preparation as pr
from facilitator.domain.commands import segments as sg
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError
from facilitator.domain.interpreting import interpreters_of, interpreting_label, links
from facilitator.domain.ring_fence import ReserveLevel
from facilitator.domain.segments import ExclusionGround

from .helpers import run

ZOFIA = "Zofia Marek"
LEGAL = [ExclusionGround.LEGAL_PROCEEDINGS]


def zofia(conf: Conference, clock: ManualClock, *for_ids: str) -> str:
    """A Polish interpreter from an interpreting service, booked for these people, present."""
    booked = run(conf, clock, pr.book_interpreter, "Polish", for_ids, name=ZOFIA,
                 agency="Larkfield Interpreting Service")
    added = booked[0]
    assert isinstance(added, ev.AttendeeAdded)
    run(conf, clock, pe.change_attendance, added.attendee.id, AttendanceState.PRESENT)
    return added.attendee.id


@pytest.mark.parametrize("family", ["dad", "amy"])
def test_a_family_member_is_never_linked_as_interpreter(meeting: Conference, clock: ManualClock,
                                                        family: str) -> None:
    zofia(meeting, clock, "mum")
    with pytest.raises(DomainError, match=r"never interprets at a conference\. Book an accredited"):
        it.link_interpreter(meeting, clock.now(), family, ["mum"], "Polish")
    with pytest.raises(DomainError, match="never interprets"):
        pr.book_interpreter(meeting, clock.now(), "Polish", ["mum"], interpreter_id=family)
    with pytest.raises(DomainError, match="not listed as an independent interpreter"):
        it.link_interpreter(meeting, clock.now(), "sw", ["mum"], "Polish")


def test_the_chair_changes_whom_an_interpreter_interprets_for(meeting: Conference,
                                                              clock: ManualClock) -> None:
    interpreter = zofia(meeting, clock, "mum")
    assert interpreters_of(meeting, "mum") == {interpreter}
    assert interpreting_label(meeting, interpreter) == (
        "interpreting for Dana Fairweather (Polish)")
    run(meeting, clock, it.link_interpreter, interpreter, ["mum", "dad"])
    assert links(meeting) == {interpreter: {"mum", "dad"}}
    assert it.link_interpreter(meeting, clock.now(), interpreter, ["dad", "mum"]) == []
    run(meeting, clock, it.link_interpreter, interpreter, [])
    assert interpreters_of(meeting, "mum") == frozenset()
    assert interpreting_label(meeting, interpreter) == ""


def test_the_interpreter_goes_out_with_the_person_and_comes_back_with_them(
        meeting: Conference, clock: ManualClock) -> None:
    interpreter = zofia(meeting, clock, "mum")
    clock.advance(minutes=5)
    run(meeting, clock, sg.exclude, ["mum"], LEGAL, "police", "police interview pending")
    assert meeting.excluded_now == {"mum", interpreter}
    assert not meeting.in_meeting(interpreter)
    clock.advance(minutes=5)
    run(meeting, clock, sg.readmit, ["mum"])
    assert meeting.excluded_now == frozenset() and meeting.in_meeting(interpreter)


def test_the_chair_keeps_the_interpreter_in_with_a_reason(meeting: Conference,
                                                           clock: ManualClock) -> None:
    interpreter = zofia(meeting, clock, "mum")
    with pytest.raises(DomainError, match="say why Zofia Marek stays in"):
        sg.exclude(meeting, clock.now(), ["mum"], LEGAL, "police", "interview",
                   interpreters_stay={interpreter: " "})
    with pytest.raises(DomainError, match="interprets for nobody going out"):
        sg.exclude(meeting, clock.now(), ["dad"], LEGAL, "police", "interview",
                   interpreters_stay={interpreter: "needed"})
    events = run(meeting, clock, sg.exclude, ["mum"], LEGAL, "police", "interview",
                 interpreters_stay={interpreter: "to interpret the police report to the panel"})
    assert meeting.excluded_now == {"mum"}
    kept = [e for e in events if isinstance(e, ev.InterpreterKeptIn)]
    assert [(k.interpreter_id, k.for_ids, k.reason, k.chair_decided) for k in kept] == [
        (interpreter, {"mum"}, "to interpret the police report to the panel", True)]


def test_an_interpreter_also_needed_by_someone_staying_stays(meeting: Conference,
                                                             clock: ManualClock) -> None:
    interpreter = zofia(meeting, clock, "mum", "dad")
    events = run(meeting, clock, sg.exclude, ["mum"], LEGAL, "police", "interview")
    assert meeting.excluded_now == {"mum"}
    kept = next(e for e in events if isinstance(e, ev.InterpreterKeptIn))
    assert not kept.chair_decided and "Kit Fairweather" in kept.reason
    run(meeting, clock, sg.exclude, ["dad"], LEGAL, "police", "interview")
    assert meeting.excluded_now == {"mum", "dad", interpreter}  # nobody left to interpret for


def test_time_for_interpreting_moves_the_end_so_the_ring_fence_keeps_its_place(
        meeting: Conference, clock: ManualClock) -> None:
    zofia(meeting, clock, "mum")
    before = meeting.clock.status(clock.now())
    assert before.level is ReserveLevel.ON_TRACK and before.slack_minutes == 20
    # without moving the end, 100 planned minutes at x1.5 no longer fit the 120
    alone = it.allow_interpreting(meeting, clock.now(), 1.5, move_end=False)
    assert [type(e) for e in alone] == [ev.InterpretationMultiplierSet]
    events = run(meeting, clock, it.allow_interpreting, 1.5)
    extended = [e for e in events if isinstance(e, ev.MeetingExtended)]
    assert [(e.minutes, e.reason) for e in extended] == [
        (50, "time for consecutive interpreting (Polish)")]
    after = meeting.clock.status(clock.now())
    assert after.level is ReserveLevel.ON_TRACK and after.slack_minutes == 20
    assert after.needed_minutes == 60  # the 40 ring-fenced minutes, interpreted
    assert it.allow_interpreting(meeting, clock.now(), 1.5) == [
        ev.InterpretationMultiplierSet(at=clock.now(), multiplier=1.5)]  # nothing more to add


def test_separate_parts_swap_the_interpreter_with_the_parent(meeting: Conference,
                                                             clock: ManualClock) -> None:
    interpreter = zofia(meeting, clock, "mum")
    conflict = [ExclusionGround.CHILD_PARENT_CONFLICT]
    run(meeting, clock, sg.exclude, ["mum", "dad"], conflict, "sw", "Amy speaks alone")
    assert meeting.excluded_now == {"mum", "dad", interpreter}
    clock.advance(minutes=10)
    run(meeting, clock, sg.swap_parts, ["mum", "dad"], ["amy"], "sw", "the parents' part")
    assert meeting.excluded_now == {"amy", "advocate"}  # Zofia came back with Dana


def test_an_interpreter_who_left_is_not_moved_out(meeting: Conference,
                                                  clock: ManualClock) -> None:
    interpreter = zofia(meeting, clock, "mum")
    run(meeting, clock, pe.change_attendance, interpreter, AttendanceState.LEFT)
    run(meeting, clock, sg.exclude, ["mum"], LEGAL, "police", "interview pending")
    assert meeting.excluded_now == {"mum"}
