"""Time for consecutive interpreting through the chair's HTTP API, as a room computer running
`serve --headless` would set it: the same named use case as the window's "Interpreting time…"."""

from __future__ import annotations

from pathlib import Path

from facilitator.domain import events as ev
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from .harness import running_hub
from .test_hub_audio import run


def test_the_chair_allows_time_for_interpreting_through_the_api(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            for bad, error in (({}, "'multiplier' must be a number from 1 to 3"),
                               ({"multiplier": 4}, "'multiplier' must be a number from 1 to 3"),
                               ({"multiplier": True}, "'multiplier' must be a number")):
                status, body = await hub.api("POST", "/api/interpretation", bad)
                assert status == 400 and error in body["error"], body
            status, body = await hub.api("POST", "/api/interpretation", {"multiplier": 1.5})
            assert (status, body) == (200, {"ok": True,
                                            "events": ["InterpretationMultiplierSet"]})
            status, state = await hub.api("GET", "/api/state")
            assert status == 200 and state["interpretation_multiplier"] == 1.5
            assert hub.meeting.conference.agenda.interpretation_multiplier == 1.5
            # the planned end moves with it, in the same step, so the ring-fence keeps its place
            status, body = await hub.api("POST", "/api/interpretation",
                                         {"multiplier": 2, "move_end": "yes"})
            assert status == 400 and "'move_end' must be true or false" in body["error"]
            end = hub.meeting.conference.clock.planned_end
            status, body = await hub.api("POST", "/api/interpretation",
                                         {"multiplier": 2, "move_end": True})
            assert (status, body["events"]) == (
                200, ["InterpretationMultiplierSet", "MeetingExtended"])
            assert hub.meeting.conference.clock.planned_end > end
            conference_id = hub.meeting.conference.id
        stored = EventStore(open_database(tmp_path / "hub.sqlite3")).load(conference_id)
        assert [e.multiplier for e in stored.log
                if isinstance(e, ev.InterpretationMultiplierSet)] == [1.5, 2.0]
        assert [e.reason for e in stored.log if isinstance(e, ev.MeetingExtended)] == [
            "time for consecutive interpreting (Polish)"]

    run(scenario())


def test_the_chair_links_an_interpreter_and_keeps_them_in_through_the_api(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            zofia, liam, jade = (hub.person("Zofia Nowak"), hub.person("Liam Ashcombe"),
                                 hub.person("Jade Thornbury"))
            status, body = await hub.api("POST", "/api/interpreter",
                                         {"interpreter_id": jade, "for_ids": [liam]})
            assert status == 409 and "a member of the family never interprets" in body["error"]
            status, body = await hub.api("POST", "/api/interpreter",
                                         {"interpreter_id": zofia, "for_ids": [liam, jade]})
            assert (status, body["events"]) == (200, ["InterpreterLinksChanged"])
            for bad in ({"a": 1}, ["x"], {zofia: 3}):
                status, body = await hub.api("POST", "/api/exclude", {
                    "attendee_ids": [liam], "grounds": ["LEGAL_PROCEEDINGS"],
                    "requested_by": "DC Tom Reddaway", "reason": "interview",
                    "interpreters_stay": bad})
                assert status == 400, body
            status, body = await hub.api("POST", "/api/interpreter",  # for Liam alone again
                                         {"interpreter_id": zofia, "for_ids": [liam]})
            assert status == 200, body
            status, body = await hub.api("POST", "/api/exclude", {
                "attendee_ids": [liam], "grounds": ["LEGAL_PROCEEDINGS"],
                "requested_by": "DC Tom Reddaway", "reason": "interview",
                "interpreters_stay": {zofia: "to interpret the police summary"}})
            assert (status, body["events"]) == (200, ["ParticipantsExcluded",
                                                      "InterpreterKeptIn"])
            assert hub.meeting.conference.excluded_now == {liam}

    run(scenario())
