"""A whole conference run through the chair's HTTP API alone, as a room computer running
`serve --headless` would: arrivals, stages, each agency's view, the decision for each child,
the plan, and the end of the meeting. Every use case the window has is a door here too."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from facilitator.domain.conference import MeetingStatus
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from .harness import running_hub
from .test_hub_audio import run


def test_a_room_computer_runs_a_conference_from_start_to_end(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path, start_meeting=False) as hub:
            conference = hub.meeting.conference
            ids = {a.name: a.id for a in conference.attendees.values()}
            late = ids["Martin Hale"]
            assert (await hub.api("POST", "/api/start", {}))[0] == 200
            for state in ("left", "returned"):  # steps out to take a call, and comes back
                status, body = await hub.api("POST", "/api/attendance",
                                             {"attendee_id": late, "state": state})
                assert status == 200, body
            status, body = await hub.api("POST", "/api/attendance",
                                         {"attendee_id": late, "state": "sideways"})
            assert status == 400 and "'state' must be one of" in body["error"]
            assert (await hub.api("POST", "/api/break/begin", {"reason": "a comfort break"}))[
                0] == 200
            assert (await hub.api("POST", "/api/break/end", {}))[0] == 200
            status, body = await hub.api("POST", "/api/meeting/extend",
                                         {"minutes": 15, "reason": "the interpreter"})
            assert status == 200, body
            # through the stages to the decision (overriding the ring-fence if asked)
            while hub.meeting.conference.agenda.current.spec.id != "decision":
                status, body = await hub.api("POST", "/api/stage/next",
                                             {"override_reason": "the family asked for more"})
                assert status == 200, body
            maisie, police = "maisie", ids["DC Tom Reddaway"]
            status, body = await hub.api("POST", "/api/views", {
                "child_id": maisie, "attendee_id": police, "view": "significant_harm",
                "categories": ["neglect"], "comment": "home conditions"})
            assert status == 200, body
            status, body = await hub.api("POST", "/api/decision", {
                "child_id": maisie, "plan_required": True, "categories": ["neglect"],
                "reasons": "sustained neglect of Maisie's health needs"})
            assert status == 200, body
            day = hub.meeting.conference.details.day
            social_worker = ids["Priya Okonedo"]
            plan = {"child_id": maisie, "lead_social_worker_id": social_worker,
                    "core_group_ids": [social_worker, ids["Jade Thornbury"]],
                    "first_core_group": str(day + timedelta(days=7)),
                    "outcomes": [{"what_must_change": "Maisie goes to every health appointment",
                                  "measure": "the health visitor's record",
                                  "by_when": str(day + timedelta(days=42))}],
                    "seen_alone": "weekly by the social worker",
                    "contingency": "a strategy discussion if appointments are missed",
                    "review_date": str(hub.meeting.conference.details.deadlines().review_due)}
            status, body = await hub.api("POST", "/api/plan", {**plan, "outcomes": "soon"})
            assert status == 400, body
            status, body = await hub.api("POST", "/api/plan", plan)
            assert status == 200, body
            status, body = await hub.api("POST", "/api/decision", {
                "child_id": "alfie", "plan_required": False, "categories": [],
                "reasons": "Alfie is safe with his grandmother"})
            assert status == 200, body
            # on to the last stage (the plan is ring-fenced too), then the end of the meeting
            while True:
                status, body = await hub.api("POST", "/api/stage/next",
                                             {"override_reason": "agreed by everyone"})
                if status == 409 and "end the meeting" in body["error"]:
                    break
                assert status == 200, body
            status, body = await hub.api("POST", "/api/meeting/end",
                                         {"override_reason": "planning finished early"})
            assert status == 200, body
            assert hub.meeting.conference.status is MeetingStatus.ENDED
        stored = EventStore(open_database(tmp_path / "hub.sqlite3")).load(conference.id)
        assert stored.status is MeetingStatus.ENDED
        assert stored.decisions["maisie"].plan_required
        assert not stored.decisions["alfie"].plan_required
        assert stored.attendee(late).state.is_present

    run(scenario())
