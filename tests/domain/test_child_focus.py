"""Child focus: the four parts marked on lines per child, by a person; suggestions only suggest."""

from __future__ import annotations

import pytest

from facilitator.domain import events as ev
from facilitator.domain.child_focus import FocusPart, suggest
from facilitator.domain.commands import child_focus as cf
from facilitator.domain.commands import record as rc
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError

from .helpers import CHILDREN, run
from .participation_script import ROOM, say, scripted


def test_mark_and_unmark_a_line_for_a_child() -> None:
    conf, clock, lines = scripted()
    events = run(conf, clock, cf.mark_child_focus, lines["advocate"], "amy", FocusPart.VIEWS,
                 "minutes")
    assert isinstance(events[0], ev.ChildFocusMarked) and events[0].actor == "minutes"
    assert conf.child_focus.lines("amy", FocusPart.VIEWS) == {lines["advocate"]}
    assert run(conf, clock, cf.mark_child_focus, lines["advocate"], "amy", FocusPart.VIEWS,
               "chair") == []  # already marked
    run(conf, clock, cf.unmark_child_focus, lines["advocate"], "amy", FocusPart.VIEWS, "chair")
    assert conf.child_focus.lines("amy", FocusPart.VIEWS) == frozenset()
    rebuilt = Conference.from_events(conf.log)
    assert rebuilt.child_focus.marks == conf.child_focus.marks


def test_unknown_child_or_line_is_refused() -> None:
    conf, clock, lines = scripted()
    with pytest.raises(DomainError, match="no subject child"):
        run(conf, clock, cf.mark_child_focus, lines["amy"], "zed", FocusPart.NEEDS, "chair")
    with pytest.raises(DomainError, match="no utterance"):
        run(conf, clock, cf.mark_child_focus, "nope", "amy", FocusPart.NEEDS, "chair")


def test_merging_lines_keeps_the_marks() -> None:
    conf, clock, lines = scripted()
    second = say(conf, clock, "dad", ROOM, 26.5, 5, "Every week.")
    run(conf, clock, cf.mark_child_focus, second, "ben", FocusPart.OUTCOMES, "minutes")
    run(conf, clock, rc.merge_utterances, lines["dad"], second, "minutes")
    assert conf.child_focus.lines("ben", FocusPart.OUTCOMES) == {lines["dad"]}


def test_suggestions_from_the_text_are_not_marks() -> None:
    conf, _, _ = scripted()
    found = suggest("x", "Amy told me she feels safe at her nan's and wants to stay there.",
                    CHILDREN)
    assert {(s.child_id, s.part) for s in found} >= {("amy", FocusPart.VIEWS)}
    assert all(s.child_id == "amy" for s in found)  # Ben is not named
    said = suggest("y", "I like my room at Nan's.", CHILDREN, speaker_child_id="amy")
    assert ("amy", FocusPart.VIEWS) in {(s.child_id, s.part) for s in said}
    assert ("amy", FocusPart.LIVED_EXPERIENCE) in {(s.child_id, s.part) for s in said}
    needs = suggest("z", "Ben needs a speech and language assessment by March.", CHILDREN)
    assert {(s.child_id, s.part) for s in needs} == {("ben", FocusPart.NEEDS),
                                                      ("ben", FocusPart.OUTCOMES)}
    assert not conf.child_focus.marks  # nothing was marked by suggesting
