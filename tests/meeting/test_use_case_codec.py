"""The use cases' arguments survive the wire exactly, by their own type hints."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from facilitator.domain.attendees import AttendanceMode, Needs
from facilitator.domain.minutes import ParagraphDraft, Section
from facilitator.domain.segments import ExclusionGround
from facilitator.meeting.use_case_codec import USE_CASES, CallError, decode_call, encode_call


def round_trip(name: str, *args: object, **kwargs: object) -> dict[str, object]:
    wire = json.loads(json.dumps(encode_call(name, args, kwargs)))
    chosen, decoded = decode_call(wire)
    assert chosen.name == name
    return decoded


def test_enums_sets_dataclasses_and_dates_come_back_as_they_were() -> None:
    grounds = (g for g in (ExclusionGround.CONFIDENTIAL_INFORMATION,))  # any iterable
    assert round_trip("exclude", ["jade"], grounds, "Priya Okonedo", "legal advice",
                      reason_confidential=True) == {
        "attendee_ids": ["jade"], "grounds": [ExclusionGround.CONFIDENTIAL_INFORMATION],
        "requested_by": "Priya Okonedo", "reason": "legal advice",
        "reason_confidential": True}
    drafts = [ParagraphDraft("Agreed.", frozenset({"s1", "s2"}), True)]
    assert round_trip("write_summary", Section.DECISION, drafts, 3, "chair")["paragraphs"] == \
        drafts
    needs = Needs("Polish", childcare=True)
    assert round_trip("add_attendee", "Zofia Nowak", "interpreter",
                      mode=AttendanceMode.PHONE, needs=needs) == {
        "name": "Zofia Nowak", "role_key": "interpreter", "mode": AttendanceMode.PHONE,
        "needs": needs}
    at = datetime(2031, 3, 10, 9, 5, tzinfo=UTC)
    assert round_trip("add_note", None, "Noted.", "chair", at=at)["at"] == at
    assert round_trip("record_decision", "alfie", False, [], "reasons",
                      relist_on=date(2031, 3, 20))["relist_on"] == date(2031, 3, 20)


def test_every_use_case_of_the_window_is_callable_and_nothing_else() -> None:
    for name in ("start_meeting", "exclude", "readmit", "record_decision", "record_plan",
                 "next_stage", "write_summary", "attach_contribution", "end_meeting"):
        assert name in USE_CASES
    for name in ("close", "snapshot", "log_from", "policy", "on_policy", "subscribe_events",
                 "attach_child_file", "set_transcribed", "dry_run", "own_here"):
        assert name not in USE_CASES


def test_a_call_that_does_not_fit_is_refused_on_both_ends() -> None:
    with pytest.raises(CallError):
        encode_call("start_meeting", ("extra",), {})
    with pytest.raises(CallError):
        decode_call({"use_case": "set_room_muted", "args": {"muted": "yes"}})
    with pytest.raises(CallError):
        decode_call({"use_case": "extend_stage", "args": {"stage_id": "s", "minutes": True}})
    with pytest.raises(CallError):
        decode_call({"use_case": "change_mode", "args": {"attendee_id": "a", "mode": "CAR"}})
