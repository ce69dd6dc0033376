"""The professionals' record says which interpreter went out with whom, and who stayed and why."""

from __future__ import annotations

from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import segments as sg
from facilitator.domain.segments import ExclusionGround
from facilitator.record.attendance import interpreter_notes

from ..domain.helpers import START, run, started_conference
from ..domain.test_interpreting import zofia


def test_the_record_shows_the_interpreter_out_with_them_and_the_decision_to_keep_one_in() -> None:
    clock = ManualClock(START)
    meeting = started_conference(clock)
    interpreter = zofia(meeting, clock, "mum")
    clock.advance(minutes=10)
    run(meeting, clock, sg.exclude, ["mum"], [ExclusionGround.LEGAL_PROCEEDINGS], "police",
        "interview pending")
    clock.advance(minutes=15)
    run(meeting, clock, sg.readmit, ["mum"])
    clock.advance(minutes=5)
    run(meeting, clock, sg.exclude, ["mum"], [ExclusionGround.LEGAL_PROCEEDINGS], "police",
        "interview pending", interpreters_stay={interpreter: "to interpret the plan's steps"})
    notes = interpreter_notes(meeting)
    assert notes[0].startswith("Zofia Marek") and "went out with Dana Fairweather" in notes[0]
    assert "10:10" in notes[0] and "10:25" in notes[0]
    assert "the chair decided they stay: to interpret the plan's steps" in notes[-1]
