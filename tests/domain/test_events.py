"""Every change is an event; events survive the codec; state is rebuilt from the log."""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from facilitator.domain import events as ev
from facilitator.domain.agenda import StageSpec
from facilitator.domain.attendees import (
    AttendanceMode,
    AttendanceState,
    Attendee,
    Child,
    Needs,
    ObserverConsent,
)
from facilitator.domain.calendar import Nation
from facilitator.domain.clock import ManualClock
from facilitator.domain.codec import event_from_record, event_to_record, from_data, to_data
from facilitator.domain.conference import Conference, MeetingStatus
from facilitator.domain.decisions import AgencyView, Category, HarmView, Outcome, Plan
from facilitator.domain.details import ConferenceKind
from facilitator.domain.errors import DomainError
from facilitator.domain.ring_fence import RingFenceSettings
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import Mark, UtteranceSource

from .helpers import (
    EDITED_TEXT,
    START,
    hold_meeting,
    make_details,
    new_conference,
    runner,
    snapshot,
)


def all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | all_subclasses(sub)
    return found


def test_all_events_lists_every_event_type() -> None:
    assert set(ev.ALL_EVENTS) == all_subclasses(ev.Event)
    assert len(ev.ALL_EVENTS) == len(set(ev.ALL_EVENTS))
    assert set(ev.EVENT_TYPES) == {cls.__name__ for cls in ev.ALL_EVENTS}


@pytest.mark.parametrize("cls", ev.ALL_EVENTS, ids=lambda c: c.__name__)
def test_events_are_frozen_dataclasses(cls: type[ev.Event]) -> None:
    assert dataclasses.is_dataclass(cls)
    assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def whole_meeting() -> Conference:
    clock = ManualClock(START)
    conf = new_conference(clock)
    hold_meeting(runner(conf, clock), clock, lambda: conf)
    return conf


# The events of the foundation; the whole meeting below produces every one of them.
FOUNDATION_EVENTS = {
    ev.ConferenceCreated, ev.AttendeeAdded, ev.AttendanceChanged, ev.AttendanceModeChanged,
    ev.NeedsRecorded, ev.MeetingStarted, ev.StageChanged, ev.StageSkipped, ev.StageExtended,
    ev.StageAdded, ev.StageMoved, ev.BreakStarted, ev.BreakEnded, ev.MeetingExtended,
    ev.InterpretationMultiplierSet, ev.RingFenceOverridden, ev.MeetingEnded,
    ev.ParticipantsExcluded, ev.ParticipantsReadmitted, ev.AgencyViewRecorded,
    ev.DecisionRecorded, ev.PlanRecorded, ev.UtteranceRecorded, ev.RecognitionRevised,
    ev.UtteranceEdited, ev.UtteranceMarked, ev.SpeakerAssigned,
}


def test_the_whole_meeting_produces_every_foundation_event(whole_meeting: Conference) -> None:
    assert set(ev.ALL_EVENTS) >= FOUNDATION_EVENTS
    assert {type(e) for e in whole_meeting.log} == FOUNDATION_EVENTS
    assert whole_meeting.status is MeetingStatus.ENDED


# ---- every event type, with a value in every field, built from its type hints ----------------
def example_of(tp: Any, name: str = "x") -> Any:
    """A value of type `tp` that is not a default: so a field the codec drops is noticed."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return example_of(next(a for a in args if a is not type(None)), name)
    if origin is frozenset:
        return frozenset({example_of(args[0], name)})
    if origin is tuple:
        return (example_of(args[0], name + "1"), example_of(args[0], name + "2"))
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: example_of(hints[f.name], f.name) for f in dataclasses.fields(tp)
                     if f.init})
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return list(tp)[-1]
    examples: dict[Any, Any] = {
        str: f"{name} — Siân", bool: True, int: 7, float: 2.5, datetime: T, date: D,
    }
    return examples[tp]



@pytest.mark.parametrize("cls", ev.ALL_EVENTS, ids=lambda c: c.__name__)
def test_every_event_type_round_trips_with_every_field_set(cls: type[ev.Event]) -> None:
    event = example_of(cls)
    back = round_trip(event)
    assert back == event
    assert type(back) is cls
    payload = event_to_record(event)[1]
    assert set(payload) == {f.name for f in dataclasses.fields(cls)}
    json.dumps(payload)  # plain JSON all the way down


# Hand-made events with the awkward values: None, empty sets, ints for floats, other offsets.
LONDON_SUMMER = timezone(timedelta(hours=1))
T = datetime(2027, 6, 8, 14, 30, 15, 250000, tzinfo=LONDON_SUMMER)
D = date(2027, 2, 28)
EDGE_EVENTS: list[ev.Event] = [
    ev.ConferenceCreated(at=T, actor="Siân Llŷr", details=make_details(
        id="conf-wales", kind=ConferenceKind.REVIEW, nation=Nation.WALES,
        children=(Child("bab", "Baby Rhys", None, unborn=True),
                  Child("ela", "Elen Rhys", date(2019, 2, 28))),
        previous_conference=date(2026, 12, 3), strategy_discussion=None,
        record_circulation_working_days=5, ring_fence=RingFenceSettings(12.5, 4),
        stages=(StageSpec("decision", "Penderfyniad", 15, True, ("Beth yw'r pryder?",)),),
        delay_reason="")),
    ev.AttendeeAdded(at=T, attendee=Attendee("o", "Ada Quill", "observer",
                                             observer_consent=ObserverConsent(True, True))),
    ev.AttendeeAdded(at=T, attendee=Attendee(
        "m", "Dana", "parent", "", AttendanceMode.PHONE, AttendanceState.APOLOGIES_WITH_REPORT,
        Needs(None, "hearing loop", True, True, "phone only"), None, None, None)),
    ev.StageExtended(at=T, stage_id="decision", minutes=15),  # an int where a float goes
    ev.UtteranceRecorded(at=T, utterance_id="u", speaker_id=None, source=UtteranceSource.TYPED,
                         started_at=T, ended_at=T, text="“quoted” — ŵ", confidence=None),
    ev.UtteranceMarked(at=T, utterance_id="u", marks=frozenset()),
    ev.SpeakerAssigned(at=T, utterance_id="u", speaker_id=None),
    ev.ParticipantsExcluded(at=T, exclusion_id="x", attendee_ids=frozenset({"m", "d"}),
                            grounds=frozenset(ExclusionGround), requested_by="police",
                            reason="r", segment_id="s"),
    ev.AgencyViewRecorded(at=T, view=AgencyView("ela", "p", HarmView.UNDECIDED)),
    ev.DecisionRecorded(at=T, child_id="ela", plan_required=True,
                        categories=frozenset({Category.FINANCIAL, Category.NEGLECT}),
                        reasons="r"),
    ev.PlanRecorded(at=T, plan=Plan("ela", "sw", frozenset(), date(2027, 6, 20),
                                    (Outcome("a", "b", date(2027, 9, 1)),
                                     Outcome("c", "d", date(2027, 10, 1))),
                                    "weekly", "c", date(2027, 12, 1), "late")),
    ev.RecognitionRevised(at=T, utterance_id="u", text="t", ended_at=T, confidence=None),
    ev.UtteranceMarked(at=T, utterance_id="u", marks=frozenset(Mark)),
]


def round_trip(event: ev.Event) -> ev.Event:
    type_name, payload = event_to_record(event)
    return event_from_record(type_name, json.loads(json.dumps(payload)))


@pytest.mark.parametrize("event", EDGE_EVENTS, ids=lambda e: type(e).__name__)
def test_edge_values_round_trip(event: ev.Event) -> None:
    back = round_trip(event)
    assert back == event
    assert type(back) is type(event)
    assert back.at.utcoffset() == timedelta(hours=1)


def test_numbers_come_back_as_their_declared_type() -> None:
    back = round_trip(ev.StageExtended(at=T, stage_id="s", minutes=15))
    assert isinstance(back, ev.StageExtended) and type(back.minutes) is float


def test_every_event_of_a_whole_meeting_round_trips(whole_meeting: Conference) -> None:
    for event in whole_meeting.log:
        type_name, payload = event_to_record(event)
        assert type_name == type(event).__name__
        text = json.dumps(payload, ensure_ascii=False)
        assert event_from_record(type_name, json.loads(text)) == event
        assert to_data(from_data(type(event), payload)) == payload


def test_unknown_event_type_is_refused() -> None:
    with pytest.raises(DomainError, match="unknown event type 'MeetingCancelled'"):
        event_from_record("MeetingCancelled", {"at": START.isoformat()})


def test_replay_rebuilds_identical_state(whole_meeting: Conference) -> None:
    rebuilt = Conference.from_events(whole_meeting.log)
    assert snapshot(rebuilt) == snapshot(whole_meeting)


def test_replay_through_the_codec_rebuilds_identical_state(whole_meeting: Conference) -> None:
    decoded = [round_trip(e) for e in whole_meeting.log]
    rebuilt = Conference.from_events(decoded)
    assert snapshot(rebuilt) == snapshot(whole_meeting)
    edited = [u for u in rebuilt.utterances.values() if u.human_edited]
    assert [u.text for u in edited] == [EDITED_TEXT]
    assert rebuilt.quorum() == whole_meeting.quorum()
    assert rebuilt.clock.status(START + timedelta(minutes=90)) == whole_meeting.clock.status(
        START + timedelta(minutes=90))


@pytest.mark.parametrize("cut", [1, 10, 25, 40, 50])
def test_replaying_any_prefix_of_the_log_matches_the_state_at_that_point(cut: int) -> None:
    clock = ManualClock(START)
    conf = new_conference(clock)
    states = [snapshot(conf)]

    def do(command: object, *args: object, **kwargs: object) -> list[ev.Event]:
        events = runner(conf, clock)(command, *args, **kwargs)
        states.append(snapshot(conf))
        return events

    hold_meeting(do, clock, lambda: conf)
    by_length = {len(s["log"]): s for s in states}
    length = max(n for n in by_length if n <= cut)
    assert snapshot(Conference.from_events(conf.log[:length])) == by_length[length]


def test_a_log_must_start_with_the_conference(whole_meeting: Conference) -> None:
    with pytest.raises(DomainError, match="must start with ConferenceCreated"):
        Conference.from_events(whole_meeting.log[1:])
    with pytest.raises(DomainError, match="must start with ConferenceCreated"):
        Conference.from_events([])


def test_utc_and_local_offsets_compare_by_instant() -> None:
    assert round_trip(ev.BreakEnded(at=START)).at == START.astimezone(UTC)
