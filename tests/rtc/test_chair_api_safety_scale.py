"""The Signs of Safety scale through the chair's HTTP API, as the window records it."""

from __future__ import annotations

from pathlib import Path

from .harness import running_hub
from .test_hub_audio import run


def test_the_safety_scale_through_the_chairs_api(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            sian = hub.person("Sian Pritchard")
            status, body = await hub.api("POST", "/api/safety-scale", {
                "child_id": "maisie", "attendee_id": sian, "score": 11})
            assert status == 400 and "'score' must be a whole number from 0 to 10" in (
                body["error"])
            status, body = await hub.api("POST", "/api/safety-scale", {
                "child_id": "maisie", "attendee_id": sian, "score": 4})
            assert status == 200, body
            scores = hub.meeting.conference.minutes.safety_scores
            assert scores[("maisie", sian)].score == 4

    run(scenario())
