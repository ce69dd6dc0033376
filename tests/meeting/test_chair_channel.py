"""The chair's channel answers each call once: a call sent again after a drop (same id) gets
the first answer and is not applied twice; only the meeting API's use cases can be named, and
a refusal comes back typed so the window can ask the chair and retry."""

from __future__ import annotations

from typing import Any, cast

from facilitator.app import ConferenceSession
from facilitator.domain.clock import ManualClock
from facilitator.domain.errors import OverrideRequired
from facilitator.meeting.api import MeetingApi
from facilitator.meeting.chair_channel import ChairChannel
from facilitator.meeting.remote_client import refusal_error
from facilitator.services.rtc.server import ConferenceServer

from .test_egress_property import START, prepared_session


def channel(clock: ManualClock | None = None) -> tuple[ChairChannel, MeetingApi]:
    api = MeetingApi(prepared_session(clock or ManualClock(START)))
    return ChairChannel(cast(ConferenceServer, None), api), api


def note(text: str) -> dict[str, Any]:
    return {"type": "call", "use_case": "add_note",
            "args": {"speaker_id": None, "text": text, "editor": "chair"}}


def test_a_call_sent_again_is_answered_again_and_applied_once() -> None:
    door, api = channel()
    before = len(api.conference.log)
    first = door.call("call-1", note("Once only."))
    again = door.call("call-1", note("Once only."))
    assert first == again
    assert first["type"] == "done" and first["numbers"] == [before + 1]
    assert [getattr(e, "text", "") for e in api.conference.log].count("Once only.") == 1
    assert door.applied == 1
    # a new id is a new call
    assert door.call("call-2", note("Once only."))["numbers"] == [before + 2]
    # an id is short (each applied one is kept in the database)
    assert door.call("x" * 65, note("Too long an id."))["type"] == "error"
    assert len(api.conference.log) == before + 2


def test_only_use_cases_can_be_named() -> None:
    door, api = channel()
    before = len(api.conference.log)
    for name in ("close", "_run", "feed", "conference", "subscribe_events", "own_here",
                 "__class__", "set_transcribed", "attach_child_file", 42):
        reply = door.call(f"id-{name}", {"type": "call", "use_case": name, "args": {}})
        assert reply["type"] == "refused" and reply["kind"] == "BadCall", name
        assert "no use case called" in reply["message"]
    assert len(api.conference.log) == before


def test_arguments_that_do_not_fit_are_refused_not_run() -> None:
    door, api = channel()
    before = len(api.conference.log)
    for args in ({"speaker_id": None, "text": 5, "editor": "chair"},
                 {"text": "no editor"},
                 {"speaker_id": None, "text": "x", "editor": "chair", "sneaky": 1}):
        reply = door.call(f"id-{len(str(args))}", {"type": "call", "use_case": "add_note",
                                                   "args": args})
        assert reply["kind"] == "BadCall", args
    assert len(api.conference.log) == before


def test_a_refusal_comes_back_typed_and_the_retry_with_a_reason_goes_through() -> None:
    clock = ManualClock(START)
    door, api = channel(clock)
    decision = next(s for s in api.conference.agenda.stages if s.spec.ring_fenced)
    clock.advance(minutes=100)  # the reserved time has gone
    call = {"type": "call", "use_case": "go_to_stage", "args": {"stage_id": decision.id}}
    reply = door.call("go", call)
    assert reply["kind"] == "OverrideRequired"
    problem = refusal_error(reply)
    assert isinstance(problem, OverrideRequired) and problem.needed_minutes == 30
    assert "reserved for decision and planning" in str(problem)
    retry = {**call, "args": {"stage_id": decision.id, "override_reason": "family agreed",
                              "override_confidential": True}}
    assert door.call("go-again", retry)["type"] == "done"
    assert api.conference.agenda.current.id == decision.id


def test_a_hub_restarted_between_applying_and_answering_answers_from_its_database() -> None:
    """The answered ids in memory are gone with the process; the call's record, written with
    its events, is not: the call sent again is answered with the same numbers, not rerun."""
    door, api = channel()
    first = door.call("before-restart", note("Applied before the restart."))
    store = api._session.store
    restarted = ChairChannel(cast(ConferenceServer, None), MeetingApi(
        ConferenceSession.open(store, api.conference.id, ManualClock(START))))
    again = restarted.call("before-restart", note("Applied before the restart."))
    assert again == first and restarted.applied == 0
    conference = store.load(api.conference.id)
    assert [getattr(e, "text", "") for e in conference.log].count(
        "Applied before the restart.") == 1


def test_a_call_is_recorded_only_with_the_events_it_stored() -> None:
    door, api = channel()
    store = api._session.store
    refused = door.call("refused", {"type": "call", "use_case": "readmit",
                                    "args": {"attendee_ids": ["nobody"]}})
    assert refused["type"] == "refused"
    assert store.applied_call(api.conference.id, "refused") is None  # nothing to apply twice
    done = door.call("stored", note("Recorded with its event."))
    assert store.applied_call(api.conference.id, "stored") == done["numbers"]
    # the record lives in the events' own transaction: a failed append leaves neither
    count = len(api.conference.log)
    store.db.execute("UPDATE conferences SET event_count = event_count + 1")  # another writer
    failed = door.call("failed", note("Never stored."))
    assert failed["type"] == "refused"
    assert store.applied_call(api.conference.id, "failed") is None
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == count
