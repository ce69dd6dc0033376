"""The transcript: recognition beside the minute-taker's edits, which it never overwrites."""

from __future__ import annotations

import pytest

from facilitator.domain import events as ev
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import record as rc
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError, EditConflict
from facilitator.domain.transcript import Mark, UtteranceSource

from .helpers import at, new_conference, run


@pytest.fixture
def said(meeting: Conference, clock: ManualClock) -> str:
    clock.set(at(3))
    events = run(meeting, clock, rc.record_utterance, "mum", UtteranceSource.PHONE, at(2),
                 at(3), "  i want the kids home  ", 0.6)
    (recorded,) = events
    assert isinstance(recorded, ev.UtteranceRecorded)
    return recorded.utterance_id


def test_utterance_as_recorded(meeting: Conference, said: str) -> None:
    utterance = meeting.utterances[said]
    assert utterance.speaker_id == "mum" and utterance.source is UtteranceSource.PHONE
    assert (utterance.started_at, utterance.ended_at) == (at(2), at(3))
    assert utterance.stage_id == "opening" and utterance.segment_id == meeting.segments[0].id
    assert utterance.recognised_text == utterance.text == "i want the kids home"
    assert utterance.confidence == 0.6 and utterance.version == 1
    assert not utterance.human_edited


def test_recognition_revision_before_any_edit_updates_the_text(meeting: Conference,
                                                               clock: ManualClock,
                                                               said: str) -> None:
    run(meeting, clock, rc.revise_recognition, said, "I want the kids home.", at(3.5), 0.9)
    utterance = meeting.utterances[said]
    assert utterance.text == "I want the kids home."
    assert utterance.ended_at == at(3.5) and utterance.confidence == 0.9
    assert utterance.version == 2


# (operations in order, expected text shown, expected recognised text)
SEQUENCES = [
    (["edit"], "EDITED", "i want the kids home"),
    (["edit", "revise"], "EDITED", "REVISED"),
    (["revise", "edit"], "EDITED", "REVISED"),
    (["edit", "revise", "revise"], "EDITED", "REVISED"),
    (["revise"], "REVISED", "REVISED"),
]


@pytest.mark.parametrize(("operations", "shown", "recognised"), SEQUENCES)
def test_recognition_never_overwrites_a_human_edit(meeting: Conference, clock: ManualClock,
                                                   said: str, operations: list[str],
                                                   shown: str, recognised: str) -> None:
    for operation in operations:
        version = meeting.utterances[said].version
        if operation == "edit":
            run(meeting, clock, rc.edit_utterance, said, "EDITED", version, "minutes")
        else:
            run(meeting, clock, rc.revise_recognition, said, "REVISED", at(3))
    utterance = meeting.utterances[said]
    assert utterance.text == shown
    assert utterance.recognised_text == recognised
    assert utterance.human_edited is ("edit" in operations)
    assert utterance.version == 1 + len(operations)


def test_edit_history_is_kept(meeting: Conference, clock: ManualClock, said: str) -> None:
    clock.set(at(4))
    run(meeting, clock, rc.edit_utterance, said, "I want the children home.", 1, "minutes")
    clock.set(at(5))
    run(meeting, clock, rc.edit_utterance, said, "I want my children home.", 2, "chair")
    edits = meeting.utterances[said].edits
    assert [(e.text, e.editor, e.at) for e in edits] == [
        ("I want the children home.", "minutes", at(4)),
        ("I want my children home.", "chair", at(5)),
    ]
    assert meeting.utterances[said].text == "I want my children home."


def test_an_edit_based_on_an_old_version_conflicts_with_a_later_edit(
    meeting: Conference, clock: ManualClock, said: str
) -> None:
    base = meeting.utterances[said].version
    run(meeting, clock, rc.edit_utterance, said, "I want the kids home now.", base, "chair")
    run(meeting, clock, rc.revise_recognition, said, "i want the kids home", at(3))
    current = meeting.utterances[said]
    with pytest.raises(EditConflict, match="chair changed this line") as conflict:
        rc.edit_utterance(meeting, clock.now(), said, "my own version", base, "minutes")
    assert conflict.value.current_text == current.text == "I want the kids home now."
    assert conflict.value.current_version == current.version == base + 2
    assert isinstance(conflict.value, DomainError)
    assert meeting.utterances[said] == current  # nothing changed
    # Based on the version after that edit, the same change goes through.
    run(meeting, clock, rc.edit_utterance, said, "my own version", base + 1, "minutes")
    assert meeting.utterances[said].text == "my own version"


@pytest.mark.parametrize("changed_by", ["revise", "mark", "speaker"])
def test_an_edit_is_not_blocked_by_machine_or_metadata_changes(
    meeting: Conference, clock: ManualClock, said: str, changed_by: str
) -> None:
    """Only a person's edit conflicts; a recognition revision never blocks a human edit."""
    base = meeting.utterances[said].version
    if changed_by == "revise":
        run(meeting, clock, rc.revise_recognition, said, "I want the kids home now.", at(3))
    elif changed_by == "mark":
        run(meeting, clock, rc.mark_utterance, said, {Mark.PARENT_VIEW}, "chair")
    else:
        run(meeting, clock, rc.assign_speaker, said, "dad", "chair")
    run(meeting, clock, rc.edit_utterance, said, "my own version", base, "minutes")
    assert meeting.utterances[said].text == "my own version"


@pytest.mark.parametrize("version", [0, 2])
def test_an_edit_of_a_version_that_does_not_exist_is_refused(
    meeting: Conference, clock: ManualClock, said: str, version: int
) -> None:
    with pytest.raises(DomainError, match=f"version {version} of this line does not exist"):
        rc.edit_utterance(meeting, clock.now(), said, "x", version, "minutes")


def test_an_unchanged_edit_records_nothing(meeting: Conference, clock: ManualClock,
                                           said: str) -> None:
    assert rc.edit_utterance(meeting, clock.now(), said, "i want the kids home", 1, "m") == []


def test_marks_and_speaker(meeting: Conference, clock: ManualClock, said: str) -> None:
    run(meeting, clock, rc.mark_utterance, said, [Mark.PARENT_VIEW, Mark.CONFIDENTIAL], "m")
    assert meeting.utterances[said].marks == {Mark.PARENT_VIEW, Mark.CONFIDENTIAL}
    assert rc.mark_utterance(meeting, clock.now(), said, {Mark.CONFIDENTIAL,
                                                          Mark.PARENT_VIEW}, "m") == []
    run(meeting, clock, rc.assign_speaker, said, None, "m")
    assert meeting.utterances[said].speaker_id is None
    run(meeting, clock, rc.assign_speaker, said, "dad", "m")
    assert meeting.utterances[said].speaker_id == "dad"


def test_a_typed_note_has_no_recognition_to_revise(meeting: Conference,
                                                   clock: ManualClock) -> None:
    (note,) = run(meeting, clock, rc.record_utterance, None, UtteranceSource.TYPED, at(0),
                  at(0), "Reports were shared with the parents on Monday.")
    with pytest.raises(DomainError, match="typed note"):
        rc.revise_recognition(meeting, clock.now(), note.utterance_id, "x", at(0))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("start", "end", "text", "speaker", "error"), [
    (5, 4, "words", None, "cannot end before it starts"),
    (-1, 1, "words", None, "cannot start before the meeting"),
    (1, 2, "   ", None, "empty utterance"),
    (1, 2, "words", "ghost", "no attendee 'ghost'"),
])
def test_utterance_refusals(meeting: Conference, clock: ManualClock, start: float, end: float,
                            text: str, speaker: str | None, error: str) -> None:
    with pytest.raises(DomainError, match=error):
        rc.record_utterance(meeting, clock.now(), speaker, UtteranceSource.ROOM, at(start),
                            at(end), text)


def test_nothing_is_minuted_before_the_meeting(clock: ManualClock) -> None:
    conf = new_conference(clock)
    with pytest.raises(DomainError, match="has not started"):
        rc.record_utterance(conf, clock.now(), None, UtteranceSource.ROOM, at(0), at(0), "hi")


def test_unknown_utterance(meeting: Conference, clock: ManualClock) -> None:
    with pytest.raises(DomainError, match="no utterance 'nope'"):
        rc.edit_utterance(meeting, clock.now(), "nope", "x", 1, "m")


class TestSplitAndMerge:
    """A minute-taker splits a line that holds two sentences, and merges a broken one."""

    def _lines(self) -> tuple[Conference, ManualClock]:
        from datetime import timedelta

        from .helpers import started_conference

        clock = ManualClock(at(0))
        conf = started_conference(clock)
        clock.advance(seconds=30)
        for text in ("We visited on Monday. The school called", "on Tuesday about attendance."):
            clock.advance(seconds=10)
            run(conf, clock, rc.record_utterance, None, UtteranceSource.ROOM,
                clock.now() - timedelta(seconds=8), clock.now(), text)
        return conf, clock

    def test_split_makes_two_lines_in_the_same_segment(self) -> None:
        conf, clock = self._lines()
        first = conf.transcript()[0]
        run(conf, clock, rc.split_utterance, first.id, 21, "Owen Birch")
        lines = conf.transcript()
        assert [u.text for u in lines] == ["We visited on Monday.", "The school called",
                                           "on Tuesday about attendance."]
        assert lines[0].recognised_text == "We visited on Monday. The school called"
        assert lines[1].segment_id == lines[0].segment_id
        assert lines[0].ended_at == lines[1].started_at

    def test_merge_joins_consecutive_lines_of_one_speaker(self) -> None:
        conf, clock = self._lines()
        a, b = conf.transcript()
        run(conf, clock, rc.merge_utterances, a.id, b.id, "Owen Birch")
        (merged,) = conf.transcript()
        assert merged.text == ("We visited on Monday. The school called on Tuesday about "
                               "attendance.")
        assert merged.ended_at == b.ended_at
        with pytest.raises(DomainError):
            rc.merge_utterances(conf, clock.now(), b.id, a.id, "Owen Birch")

    @pytest.mark.parametrize("where", ["start", "end"])
    def test_a_split_must_leave_words_on_both_sides(self, where: str) -> None:
        conf, clock = self._lines()
        first = conf.transcript()[0]
        position = 0 if where == "start" else len(first.text)
        with pytest.raises(DomainError, match="split between words"):
            rc.split_utterance(conf, clock.now(), first.id, position, "Owen Birch")

    def test_a_typed_note_split_keeps_its_order(self) -> None:
        conf, clock = self._lines()
        (note,) = run(conf, clock, rc.record_utterance, None, UtteranceSource.TYPED,
                      clock.now(), clock.now(), "First part. Second part.")
        run(conf, clock, rc.split_utterance, note.utterance_id, 11, "Owen Birch")  # type: ignore[attr-defined]
        assert [u.text for u in conf.transcript()][-2:] == ["First part.", "Second part."]
