"""Segments and exclusions (procedure section 8.3), and who may receive what was said."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta

import pytest

from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceState
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import record as rc
from facilitator.domain.commands import segments as sg
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError
from facilitator.domain.segments import Exclusion, ExclusionGround
from facilitator.domain.transcript import UtteranceSource

from .helpers import add_cast, at, run

G = ExclusionGround
PARENTS = frozenset({"mum", "dad"})
CHILD_SIDE = frozenset({"amy", "advocate"})


def exclude(conf: Conference, clock: ManualClock, ids: set[str],
            ground: ExclusionGround = G.FAMILY_CONFLICT, *, advocate_stays: bool = False
            ) -> list[ev.Event]:
    return run(conf, clock, sg.exclude, ids, {ground}, "sw", "they cannot attend together",
               advocate_stays=advocate_stays)


def check_invariants(conf: Conference) -> None:
    """What must hold after any sequence of commands."""
    segments = conf.segments
    index = {s.id: i for i, s in enumerate(segments)}
    for before, after in itertools.pairwise(segments):
        assert before.ended_at == after.started_at  # no gap, no overlap
    assert [s.number for s in segments] == list(range(1, len(segments) + 1))

    def span(exclusion: Exclusion) -> range:
        """The segments an exclusion covers (to the end if open or closed by the meeting end)."""
        if exclusion.is_open or exclusion.active_ids:
            stop = len(segments)
        else:  # everyone readmitted: its end segment is the first with them back
            stop = index[exclusion.end_segment_id or ""]
        return range(index[exclusion.start_segment_id], stop)

    for exclusion in conf.exclusions:
        assert exclusion.grounds and exclusion.requested_by.strip() and exclusion.reason.strip()
        assert exclusion.started_at == segments[index[exclusion.start_segment_id]].started_at
        if conf.ended_at is not None:
            assert exclusion.ended_at is not None and exclusion.end_segment_id
        if not exclusion.is_open:
            assert exclusion.ended_at is not None and exclusion.end_segment_id in index
        for number in span(exclusion):
            # Everyone not yet readmitted is out of every segment of the exclusion.
            for person in exclusion.active_ids:
                assert not segments[number].admits(person), (person, number)
                assert person not in segments[number].audience(conf.attendees)
    for number, segment in enumerate(segments):
        covered: set[str] = set()
        for exclusion in conf.exclusions:
            if number in span(exclusion):
                covered |= exclusion.attendee_ids
        # Nobody is out of a segment without an exclusion on record.
        assert segment.excluded <= covered, segment


def test_exclusion_records_everything(meeting: Conference, clock: ManualClock) -> None:
    clock.set(at(12))
    events = run(meeting, clock, sg.exclude, {"dad"}, {G.THREAT_OF_VIOLENCE, G.DISRUPTION},
                 " police ", " threats made to the social worker this week ")
    (excluded,) = events
    assert isinstance(excluded, ev.ParticipantsExcluded)
    (exclusion,) = meeting.exclusions
    assert exclusion.attendee_ids == {"dad"}
    assert exclusion.grounds == {G.THREAT_OF_VIOLENCE, G.DISRUPTION}
    assert exclusion.requested_by == "police"
    assert exclusion.reason == "threats made to the social worker this week"
    assert exclusion.started_at == at(12)
    assert exclusion.start_segment_id == excluded.segment_id == meeting.segments[-1].id
    assert exclusion.is_open and exclusion.ended_at is None
    assert meeting.excluded_now == {"dad"}
    assert meeting.segments[0].ended_at == at(12)
    check_invariants(meeting)

    clock.set(at(30))
    (back,) = run(meeting, clock, sg.readmit, {"dad"})
    (exclusion,) = meeting.exclusions
    assert exclusion.ended_at == at(30)
    assert exclusion.end_segment_id == back.segment_id == meeting.segments[-1].id  # type: ignore[attr-defined]
    assert meeting.excluded_now == frozenset()
    assert [s.excluded for s in meeting.segments] == [frozenset(), {"dad"}, frozenset()]
    check_invariants(meeting)


@pytest.mark.parametrize(("grounds", "requested_by", "reason", "error"), [
    (set(), "sw", "reason", "at least one ground"),
    ({G.WELFARE_OF_CHILD}, "  ", "reason", "who requested"),
    ({G.WELFARE_OF_CHILD}, "sw", "", "reason for the exclusion"),
])
def test_every_exclusion_has_grounds_requester_and_reason(
    meeting: Conference, clock: ManualClock, grounds: set[ExclusionGround], requested_by: str,
    reason: str, error: str,
) -> None:
    with pytest.raises(DomainError, match=error):
        sg.exclude(meeting, clock.now(), {"dad"}, grounds, requested_by, reason)
    assert meeting.exclusions == [] and len(meeting.segments) == 1


@pytest.mark.parametrize(("who", "error"), [
    ({"chair"}, "Helen Adair is the independent conference chair and cannot be excluded"),
    ({"minutes"}, "Owen Birch is the minute-taker and cannot be excluded"),
    ({"dad", "chair"}, "cannot be excluded"),
    (set(), "at least one person"),
    ({"stranger"}, "no attendee 'stranger'"),
])
def test_who_cannot_be_excluded(meeting: Conference, clock: ManualClock, who: set[str],
                                error: str) -> None:
    with pytest.raises(DomainError, match=error):
        sg.exclude(meeting, clock.now(), who, {G.DISRUPTION}, "chair", "asked to leave")
    assert meeting.exclusions == []


def test_excluding_someone_already_out_is_refused(meeting: Conference, clock: ManualClock) -> None:
    exclude(meeting, clock, {"dad"})
    with pytest.raises(DomainError, match="Kit Fairweather is already out"):
        sg.exclude(meeting, clock.now(), {"dad", "mum"}, {G.DISRUPTION}, "chair", "again")


@pytest.mark.parametrize("who", [{"mum"}, {"dad", "mum"}, {"sw"}])
def test_readmitting_someone_not_excluded_is_refused(meeting: Conference, clock: ManualClock,
                                                     who: set[str]) -> None:
    exclude(meeting, clock, {"dad"})
    with pytest.raises(DomainError, match="is not excluded from this segment"):
        sg.readmit(meeting, clock.now(), who)
    assert meeting.excluded_now == {"dad"}
    with pytest.raises(DomainError, match="at least one person"):
        sg.readmit(meeting, clock.now(), set())


def test_readmitting_before_any_exclusion_is_refused(meeting: Conference,
                                                     clock: ManualClock) -> None:
    with pytest.raises(DomainError, match="Kit Fairweather is not excluded"):
        sg.readmit(meeting, clock.now(), {"dad"})


def test_exclusions_only_while_the_meeting_runs(conf: Conference, clock: ManualClock) -> None:
    add_cast(conf, clock)
    with pytest.raises(DomainError, match="only while the meeting is running"):
        sg.exclude(conf, clock.now(), {"dad"}, {G.DISRUPTION}, "chair", "why")


def test_readmitting_part_of_a_group(meeting: Conference, clock: ManualClock) -> None:
    clock.set(at(5))
    exclude(meeting, clock, {"mum", "dad"})
    clock.set(at(10))
    run(meeting, clock, sg.readmit, {"mum"})
    (exclusion,) = meeting.exclusions
    assert exclusion.is_open and exclusion.readmitted_ids == {"mum"}
    assert meeting.excluded_now == {"dad"}
    clock.set(at(15))
    run(meeting, clock, sg.readmit, {"dad"})
    (exclusion,) = meeting.exclusions
    assert exclusion.ended_at == at(15)
    check_invariants(meeting)


def test_exclusions_end_when_the_meeting_ends(meeting: Conference, clock: ManualClock) -> None:
    for stage in ("decision", "planning"):
        run(meeting, clock, ag.skip_stage, stage, override_reason="interim plan")
    clock.set(at(5))
    exclude(meeting, clock, {"dad"})
    clock.set(at(20))
    run(meeting, clock, ag.end_meeting)
    (exclusion,) = meeting.exclusions
    assert exclusion.ended_at == at(20)
    assert exclusion.end_segment_id == meeting.segments[-1].id
    assert meeting.segments[-1].ended_at == at(20)
    check_invariants(meeting)


# ---- the child's advocate ------------------------------------------------------------------
@pytest.mark.parametrize(("who", "advocate_stays", "out"), [
    ({"amy"}, False, {"amy", "advocate"}),
    ({"amy"}, True, {"amy"}),
    ({"advocate"}, False, {"advocate"}),  # the advocate alone: information not for the child
    ({"mum"}, False, {"mum"}),  # a parent's exclusion takes no advocate
])
def test_excluding_the_child_also_excludes_their_advocate(
    meeting: Conference, clock: ManualClock, who: set[str], advocate_stays: bool, out: set[str]
) -> None:
    exclude(meeting, clock, who, G.NOT_FOR_CHILD, advocate_stays=advocate_stays)
    assert meeting.excluded_now == out
    assert meeting.exclusions[0].attendee_ids == out
    check_invariants(meeting)


def test_advocate_already_out_is_not_excluded_twice(meeting: Conference,
                                                    clock: ManualClock) -> None:
    exclude(meeting, clock, {"advocate"}, G.NOT_FOR_CHILD)
    clock.advance(minutes=5)
    exclude(meeting, clock, {"amy"}, G.CHILD_REQUEST)
    assert meeting.exclusions[1].attendee_ids == {"amy"}
    assert meeting.excluded_now == {"amy", "advocate"}
    check_invariants(meeting)


# ---- separate parts for child and parents -------------------------------------------------
def test_separate_parts_never_have_both_groups_in(meeting: Conference,
                                                  clock: ManualClock) -> None:
    clock.set(at(10))
    run(meeting, clock, sg.exclude, PARENTS, {G.CHILD_PARENT_CONFLICT}, "amy",
        "Amy asked to speak without her parents")  # the child's part
    clock.set(at(20))
    events = run(meeting, clock, sg.swap_parts, PARENTS, {"amy"}, "chair", "the parents' part")
    assert len(events) == 1  # one step: nobody comes back before the others have gone
    assert meeting.excluded_now == CHILD_SIDE  # the advocate goes out with the child
    clock.set(at(30))
    run(meeting, clock, sg.swap_parts, CHILD_SIDE, PARENTS, "chair", "the child's part again")
    assert meeting.excluded_now == PARENTS
    clock.set(at(40))
    run(meeting, clock, sg.readmit, PARENTS)

    separate = [s for s in meeting.segments if at(10) <= s.started_at < at(40)]
    assert len(separate) == 3
    for segment in separate:
        parents_in = any(segment.admits(p) for p in PARENTS)
        child_in = segment.admits("amy")
        assert not (parents_in and child_in), segment
    # The parents' exclusions end exactly when the child's part ends, and vice versa.
    assert [(e.attendee_ids, e.started_at, e.ended_at) for e in meeting.exclusions] == [
        (PARENTS, at(10), at(20)), (CHILD_SIDE, at(20), at(30)), (PARENTS, at(30), at(40)),
    ]
    check_invariants(meeting)


@pytest.mark.parametrize(("back", "out", "error"), [
    ({"mum"}, {"mum"}, "both come back and go out"),
    ({"dad"}, {"amy"}, "Kit Fairweather is not out"),
    ({"mum"}, {"chair"}, "cannot be excluded"),
    ({"mum"}, set(), "at least one person"),
])
def test_swap_parts_refusals(meeting: Conference, clock: ManualClock, back: set[str],
                             out: set[str], error: str) -> None:
    exclude(meeting, clock, {"mum"})
    with pytest.raises(DomainError, match=error):
        sg.swap_parts(meeting, clock.now(), back, out, "chair", "separate parts")
    assert meeting.excluded_now == {"mum"}


OPERATIONS = ("exclude", "readmit", "swap", "utter")


@pytest.mark.parametrize("seed", range(25))
def test_invariants_hold_after_any_sequence(meeting: Conference, clock: ManualClock,
                                            seed: int) -> None:
    """Random but repeatable sequences of exclusions, readmissions and separate parts."""
    rng = random.Random(seed)
    people = ["mum", "dad", "amy", "advocate", "police", "school"]
    for _ in range(30):
        clock.advance(minutes=rng.choice([0, 0.5, 1, 3]))
        out = sorted(meeting.excluded_now)
        inside = [p for p in people if p not in out]
        operation = rng.choice(OPERATIONS)
        if operation == "exclude" and inside:
            who = set(rng.sample(inside, rng.randint(1, min(2, len(inside)))))
            run(meeting, clock, sg.exclude, who, {rng.choice(list(G))}, "chair", "reason",
                advocate_stays=rng.random() < 0.3)
        elif operation == "readmit" and out:
            run(meeting, clock, sg.readmit, set(rng.sample(out, rng.randint(1, len(out)))))
        elif operation == "swap" and out and inside:
            run(meeting, clock, sg.swap_parts, {rng.choice(out)}, {rng.choice(inside)}, "chair",
                "separate parts")
        else:
            start = clock.now() - timedelta(minutes=rng.choice([0, 1, 4]))
            run(meeting, clock, rc.record_utterance, None, UtteranceSource.ROOM,
                max(start, meeting.started_at or start), clock.now(), "words")
        check_invariants(meeting)
        for utterance in meeting.transcript():
            for person in people:
                if meeting.may_receive(person, utterance):
                    for segment in meeting.segments:
                        if segment.overlaps(utterance.started_at, utterance.ended_at):
                            assert segment.admits(person)
                            assert person in segment.audience(meeting.attendees)


# ---- utterances and who may receive them ----------------------------------------------------
@pytest.fixture
def dad_out_from_20_to_30(meeting: Conference, clock: ManualClock) -> Conference:
    clock.set(at(20))
    exclude(meeting, clock, {"dad"})
    clock.set(at(30))
    run(meeting, clock, sg.readmit, {"dad"})
    clock.set(at(40))
    return meeting


def say(conf: Conference, clock: ManualClock, start: datetime, end: datetime) -> str:
    events = run(conf, clock, rc.record_utterance, "sw", UtteranceSource.ROOM, start, end,
                 "something said")
    return events[0].utterance_id  # type: ignore[attr-defined]


UTTERANCES = [
    # (start, end, segment number, may dad receive it?, why)
    (10, 15, 1, True, "before the exclusion"),
    (21, 25, 2, False, "while he is out"),
    (19, 21, 1, False, "spans the start of the exclusion"),
    (29, 31, 2, False, "started while he was out, ends after his return"),
    (31, 35, 3, True, "after he came back"),
    (20, 20, 2, False, "at the very moment he left"),
    (30, 32, 3, True, "at the very moment he came back"),
    (15, 35, 1, False, "spans the whole exclusion"),
]


@pytest.mark.parametrize(("start", "end", "number", "dad_may", "why"), UTTERANCES,
                         ids=[u[4] for u in UTTERANCES])
def test_utterances_are_filtered_by_audience(
    dad_out_from_20_to_30: Conference, clock: ManualClock, start: float, end: float,
    number: int, dad_may: bool, why: str,
) -> None:
    conf = dad_out_from_20_to_30
    utterance_id = say(conf, clock, at(start), at(end))
    utterance = conf.utterances[utterance_id]
    assert conf.segment(utterance.segment_id).number == number, why
    assert conf.may_receive("dad", utterance) is dad_may, why
    assert conf.may_receive("mum", utterance) is True
    assert (utterance in conf.transcript_for("dad")) is dad_may
    assert utterance in conf.transcript_for("mum")


def test_transcript_for_keeps_order_and_filters(dad_out_from_20_to_30: Conference,
                                                clock: ManualClock) -> None:
    conf = dad_out_from_20_to_30
    late = say(conf, clock, at(31), at(32))
    hidden = say(conf, clock, at(22), at(23))
    early = say(conf, clock, at(5), at(6))
    assert [u.id for u in conf.transcript()] == [early, hidden, late]
    assert [u.id for u in conf.transcript_for("dad")] == [early, late]
    assert [u.id for u in conf.transcript_for("chair")] == [early, hidden, late]
    assert [s.number for s in conf.segments_for("dad")] == [1, 3]


def test_utterance_belongs_to_the_stage_it_started_in(meeting: Conference,
                                                      clock: ManualClock) -> None:
    clock.set(at(10))
    run(meeting, clock, ag.next_stage)
    clock.set(at(12))
    said = say(meeting, clock, at(9), at(11))
    assert meeting.utterances[said].stage_id == "opening"


def test_decision_belongs_to_a_segment(meeting: Conference, clock: ManualClock) -> None:
    clock.set(at(20))
    exclude(meeting, clock, {"dad"})
    run(meeting, clock, rc.record_decision, "ben", False, (), "needs met at home")
    assert meeting.decisions["ben"].segment_id == meeting.segments[-1].id
    assert not meeting.segment(meeting.decisions["ben"].segment_id).admits("dad")


def test_an_apology_sender_is_never_a_speaker(meeting: Conference, clock: ManualClock) -> None:
    assert meeting.attendee("gp").state is AttendanceState.APOLOGIES_WITH_REPORT
    with pytest.raises(DomainError, match="sent apologies"):
        rc.record_utterance(meeting, clock.now(), "gp", UtteranceSource.ROOM, clock.now(),
                            clock.now(), "hello")


def test_someone_added_during_an_exclusion_is_in_the_audience(meeting: Conference,
                                                              clock: ManualClock) -> None:
    exclude(meeting, clock, {"dad"})
    run(meeting, clock, pe.add_attendee, "Pat Moss", "housing", attendee_id="housing")
    assert meeting.current_segment is not None
    assert meeting.current_segment.audience(meeting.attendees) == set(meeting.attendees) - {"dad"}
