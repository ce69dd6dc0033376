"""Captions reach only those in the audience of every segment a line spans."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource
from facilitator.services.asr.results import PartialText

from .harness import running_hub
from .test_hub_audio import A_TONE, B_TONE, JADE, LIAM, run


def captions(peer) -> list[str]:  # type: ignore[no-untyped-def]
    return [m["text"] for m in peer.messages if m["type"] == "caption" and m["final"]]


def test_captions_follow_the_segment_audience(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE)
            await hub.join_and_admit(jade, liam)
            meeting = hub.meeting

            def say(text: str, seconds_ago: float = 1.0) -> None:
                now = meeting.now()
                meeting.record_utterance(None, UtteranceSource.ROOM,
                                         now - timedelta(seconds=seconds_ago), now, text)

            await asyncio.sleep(1.2)
            say("Welcome everyone.")
            await liam.wait_for(lambda m: m.get("text") == "Welcome everyone.")
            await jade.wait_for(lambda m: m.get("text") == "Welcome everyone.")
            assert next(m for m in liam.messages if m.get("text") == "Welcome everyone.")[
                "speaker"] == "In the room"

            meeting.exclude([hub.person(JADE)], [ExclusionGround.CONFIDENTIAL_INFORMATION],
                            "Priya Okonedo", "legal advice")
            await asyncio.sleep(1.2)
            say("Counsel advises an application to court.")
            await liam.wait_for(lambda m: m.get("text") ==
                                "Counsel advises an application to court.")

            # a line spoken during the exclusion but finalised after Jade is back
            await asyncio.sleep(1.0)
            meeting.readmit([hub.person(JADE)])
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


def partials(peer) -> list[str]:  # type: ignore[no-untyped-def]
    return [m["text"] for m in peer.messages if m["type"] == "caption" and not m["final"]]


def test_a_partial_caption_of_words_said_while_she_was_out_never_reaches_her(
        tmp_path: Path) -> None:
    """The leak found with a real browser: the words so far of a sentence that began while
    Jade was out, sent about a second after she was readmitted. They follow the audience of
    the segment in which the sentence began, not who is in the meeting now."""
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE)
            await hub.join_and_admit(jade, liam)
            meeting, server = hub.meeting, hub.running.server
            tom = hub.person("DC Tom Reddaway")
            await asyncio.sleep(2.5)  # both in the meeting since before the sentences begin

            def hearing(text: str, began_ago: float, speaking: bool = True) -> None:
                now = meeting.now()
                server.partial_caption(PartialText(
                    tom, tom, UtteranceSource.VIDEO, now - timedelta(seconds=began_ago), now,
                    text, speaking))

            meeting.exclude([hub.person(JADE)], [ExclusionGround.CONFIDENTIAL_INFORMATION],
                            "DC Tom Reddaway", "a criminal investigation")
            await jade.wait_for(lambda m: m.get("state") == "waiting")
            await asyncio.sleep(0.5)
            hearing("there is a warrant", began_ago=0.3)
            await liam.wait_for(lambda m: m.get("text") == "there is a warrant")
            meeting.readmit([hub.person(JADE)])  # just as the secret sentence goes on
            await jade.wait_for(lambda m: m.get("state") == "in_meeting"
                                and jade.last_state() == "in_meeting")
            hearing("there is a warrant for the uncle in", began_ago=1.5)
            await liam.wait_for(lambda m: m.get("text") == "there is a warrant for the uncle in")
            hearing("there is a warrant for the uncle in Leeds", began_ago=2.0, speaking=False)
            await asyncio.sleep(1.0)  # a new sentence, begun once she is back, reaches her
            hearing("welcome back", began_ago=0.2)
            await jade.wait_for(lambda m: m.get("text") == "welcome back")
            assert partials(jade) == ["welcome back"], partials(jade)
            assert "there is a warrant for the uncle in" in partials(liam)
            for peer in (jade, liam):
                await peer.close()

    run(scenario())


def test_a_revised_line_replaces_its_caption_only_for_those_who_had_it(tmp_path: Path) -> None:
    """The recogniser's better text for a line goes out as that line did: through the egress
    guard with the line's origin, so a line said while Jade was out is never revised to her."""
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE)
            await hub.join_and_admit(jade, liam)
            meeting = hub.meeting

            def say(text: str, seconds_ago: float = 1.0) -> str:
                now = meeting.now()
                events = meeting.record_utterance(None, UtteranceSource.ROOM,
                                                  now - timedelta(seconds=seconds_ago), now, text)
                return str(events[0].utterance_id)  # type: ignore[attr-defined]

            await asyncio.sleep(1.2)
            first = say("we was told on tuesday")
            await jade.wait_for(lambda m: m.get("text") == "we was told on tuesday")
            meeting.revise_recognition(first, "We were told on Tuesday.", meeting.now())
            for peer in (jade, liam):
                await peer.wait_for(lambda m: m.get("text") == "We were told on Tuesday.")
            meeting.exclude([hub.person(JADE)], [ExclusionGround.CONFIDENTIAL_INFORMATION],
                            "Priya Okonedo", "legal advice")
            await asyncio.sleep(1.2)
            secret = say("the police interview is on friday")
            await liam.wait_for(lambda m: m.get("text") == "the police interview is on friday")
            await asyncio.sleep(1.0)
            meeting.readmit([hub.person(JADE)])
            await jade.wait_for(lambda m: m.get("state") == "in_meeting"
                                and jade.last_state() == "in_meeting")
            await asyncio.sleep(0.5)
            meeting.revise_recognition(secret, "The police interview is on Friday.", meeting.now())
            await liam.wait_for(lambda m: m.get("text") == "The police interview is on Friday.")
            await asyncio.sleep(0.3)
            revised = [(m["id"], m["text"]) for m in jade.messages if m.get("revised")]
            assert revised == [(first, "We were told on Tuesday.")]  # in place, by its id
            assert not any("police" in str(m.get("text", "")).lower() for m in jade.messages)
            for peer in (jade, liam):
                await peer.close()

    run(scenario())
