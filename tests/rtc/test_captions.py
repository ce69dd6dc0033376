"""Captions reach only those in the audience of every segment a line spans."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from facilitator.domain.commands import record, segments
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource

from .harness import running_hub
from .test_hub_audio import A_TONE, B_TONE, JADE, LIAM, run


def captions(peer) -> list[str]:  # type: ignore[no-untyped-def]
    return [m["text"] for m in peer.messages if m["type"] == "caption" and m["final"]]


def test_captions_follow_the_segment_audience(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE)
            await hub.join_and_admit(jade, liam)
            session = hub.session

            def say(text: str, seconds_ago: float = 1.0) -> None:
                now = session.now()
                session.execute(record.record_utterance, None, UtteranceSource.ROOM,
                                now - timedelta(seconds=seconds_ago), now, text)

            await asyncio.sleep(1.2)
            say("Welcome everyone.")
            await liam.wait_for(lambda m: m.get("text") == "Welcome everyone.")
            await jade.wait_for(lambda m: m.get("text") == "Welcome everyone.")
            assert next(m for m in liam.messages if m.get("text") == "Welcome everyone.")[
                "speaker"] == "In the room"

            session.execute(segments.exclude, [hub.person(JADE)],
                            [ExclusionGround.CONFIDENTIAL_INFORMATION], "Priya Okonedo",
                            "legal advice")
            await asyncio.sleep(1.2)
            say("Counsel advises an application to court.")
            await liam.wait_for(lambda m: m.get("text") ==
                                "Counsel advises an application to court.")

            # a line spoken during the exclusion but finalised after Jade is back
            await asyncio.sleep(1.0)
            session.execute(segments.readmit, [hub.person(JADE)])
            await jade.wait_for(lambda m: m.get("state") == "in_meeting"
                                and jade.last_state() == "in_meeting")
            say("The interview date is confidential.", seconds_ago=2.0)
            await liam.wait_for(lambda m: m.get("text") ==
                                "The interview date is confidential.")
            await asyncio.sleep(1.2)
            say("Welcome back, Jade.", seconds_ago=0.5)
            await jade.wait_for(lambda m: m.get("text") == "Welcome back, Jade.")
            assert captions(jade) == ["Welcome everyone.", "Welcome back, Jade."]

            # captions switched off: none come
            await liam.send({"type": "captions", "on": False})
            await asyncio.sleep(0.2)
            say("After the switch.", seconds_ago=0.5)
            await jade.wait_for(lambda m: m.get("text") == "After the switch.")
            await asyncio.sleep(0.3)
            assert "After the switch." not in captions(liam)
            for peer in (jade, liam):
                await peer.close()

    run(scenario())
