"""The interpreter's channel with real aiortc peers through the hub, measured at the listener.

Liam Ashcombe speaks Polish; Zofia Nowak, his interpreter, joins by video. DC Tom Reddaway
speaks (a 1700 Hz tone); Zofia interprets (1000 Hz); Jade Thornbury listens (440 Hz)."""

from __future__ import annotations

import asyncio
import math
from datetime import timedelta
from pathlib import Path

import numpy as np

from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceMode
from facilitator.domain.interpreting import KeptIn
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from .harness import Hub, running_hub
from .peers import SpeechTrack, tone_power
from .test_hub_audio import HEARD, run

JADE, LIAM, TOM, ZOFIA = "Jade Thornbury", "Liam Ashcombe", "DC Tom Reddaway", "Zofia Nowak"
JADE_TONE, LIAM_TONE, TOM_TONE, ZOFIA_TONE = 440.0, 600.0, 1700.0, 1000.0
SILENT = 0.002


def db(a: float, b: float) -> float:
    return 20 * math.log10(max(a, 1e-9) / max(b, 1e-9))


def interpreting(seconds: float) -> np.ndarray:
    t = np.arange(int(48000 * seconds)) / 48000
    return (0.3 * np.sin(2 * np.pi * ZOFIA_TONE * t) * 32767).astype(np.int16)


def zofia_joins_by_video(hub: Hub) -> None:
    hub.meeting.change_mode(hub.person(ZOFIA), AttendanceMode.VIDEO)


def test_the_interpreted_person_hears_the_interpreter_10_db_over_the_original(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            zofia_joins_by_video(hub)
            voice = SpeechTrack()
            liam, jade, tom = (hub.peer(LIAM, LIAM_TONE), hub.peer(JADE, JADE_TONE),
                               hub.peer(TOM, TOM_TONE))
            zofia = hub.peer(ZOFIA, ZOFIA_TONE, microphone=voice)
            await hub.join_and_admit(liam, jade, tom, zofia)
            await asyncio.sleep(1.0)
            # Zofia silent (between her turns): Liam hears Tom as Jade does
            before_liam, before_jade = await asyncio.gather(liam.listen_for(1.5),
                                                            jade.listen_for(1.5))
            tom_at_liam = tone_power(before_liam, TOM_TONE)
            tom_at_jade = tone_power(before_jade, TOM_TONE)
            assert tom_at_liam > HEARD and abs(db(tom_at_liam, tom_at_jade)) < 1.5

            voice.say(interpreting(4.0))
            await asyncio.sleep(0.8)
            at_liam, at_jade = await asyncio.gather(liam.listen_for(2.0), jade.listen_for(2.0))
            over = db(tone_power(at_liam, ZOFIA_TONE), tone_power(at_liam, TOM_TONE))
            print(f"at Liam: interpreter {over:.1f} dB over the original; original "
                  f"{db(tone_power(at_liam, TOM_TONE), tom_at_liam):.1f} dB from before")
            assert over >= 10.0, f"the interpreter only {over:.1f} dB over the original"
            # everyone else: the original at its normal level, the interpreter as any speaker
            tom_now = tone_power(at_jade, TOM_TONE)
            assert abs(db(tom_now, tom_at_jade)) < 1.5, "others hear the original lowered"
            assert abs(db(tone_power(at_jade, ZOFIA_TONE), tom_now)) < 1.5
            heard_by_tom = await tom.listen_for(1.0)
            assert tone_power(heard_by_tom, ZOFIA_TONE) > HEARD, "the room side hears Zofia"
            for peer in (liam, jade, tom, zofia):
                await peer.close()

    run(scenario())


def test_the_interpreter_goes_out_with_the_person_unless_the_chair_keeps_them_in(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            zofia_joins_by_video(hub)
            liam, tom = hub.peer(LIAM, LIAM_TONE), hub.peer(TOM, TOM_TONE)
            zofia = hub.peer(ZOFIA, ZOFIA_TONE)
            await hub.join_and_admit(liam, tom, zofia)
            await asyncio.sleep(1.0)

            hub.meeting.exclude([hub.person(LIAM)], [ExclusionGround.LEGAL_PROCEEDINGS],
                                TOM, "police interview pending")
            await zofia.wait_for(lambda m: m.get("state") == "waiting")
            await asyncio.sleep(0.3)  # what was in flight drains
            at_zofia, at_tom = await asyncio.gather(zofia.listen_for(1.5), tom.listen_for(1.5))
            assert tone_power(at_zofia, TOM_TONE) < SILENT, "the interpreter hears the part"
            assert tone_power(at_tom, ZOFIA_TONE) < SILENT, "the interpreter is heard"
            waiting = [m for m in zofia.messages if m.get("type") == "state"][-1]
            assert waiting == {"type": "state", "state": "waiting", "out_of_part": True}
            assert not [m for m in zofia.messages[-20:] if m.get("type") == "caption"]

            hub.meeting.readmit([hub.person(LIAM)])  # Zofia comes back with him
            await zofia.wait_for(lambda m: m.get("state") == "in_meeting")
            await liam.wait_for(lambda m: m.get("state") == "in_meeting")

            reason = "to interpret the police summary for the record"
            hub.meeting.exclude([hub.person(LIAM)], [ExclusionGround.LEGAL_PROCEEDINGS],
                                TOM, "police interview pending",
                                interpreters_stay=[KeptIn(hub.person(ZOFIA), reason)])
            await liam.wait_for(lambda m: m.get("state") == "waiting")
            await asyncio.sleep(0.3)
            at_zofia = await zofia.listen_for(1.5)
            assert tone_power(at_zofia, TOM_TONE) > HEARD, "kept in, she hears the meeting"
            conference_id = hub.meeting.conference.id
            for peer in (liam, tom, zofia):
                await peer.close()
        stored = EventStore(open_database(tmp_path / "hub.sqlite3")).load(conference_id)
        kept = [e for e in stored.log if isinstance(e, ev.InterpreterKeptIn)]
        assert [(k.reason, k.chair_decided) for k in kept] == [(reason, True)]

    run(scenario())


def test_captions_of_the_interpreter_say_for_whom_and_an_excluded_interpreter_gets_none(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            zofia_joins_by_video(hub)
            liam, tom = hub.peer(LIAM, LIAM_TONE), hub.peer(TOM, TOM_TONE)
            zofia = hub.peer(ZOFIA, ZOFIA_TONE)
            await hub.join_and_admit(liam, tom, zofia)
            await asyncio.sleep(0.3)  # words begun before someone was admitted never reach them

            def say(who: str, text: str) -> None:
                now = hub.meeting.now()
                hub.meeting.record_utterance(hub.person(who), UtteranceSource.VIDEO,
                                             now - timedelta(milliseconds=100), now, text)

            say(ZOFIA, "He says he wants his daughter to be safe.")
            caption = await liam.wait_for(lambda m: m.get("type") == "caption")
            assert caption["speaker"] == "Zofia Nowak, interpreting for Liam Ashcombe (Polish)"
            assert (await tom.wait_for(lambda m: m.get("type") == "caption"))["speaker"] == (
                caption["speaker"])

            hub.meeting.exclude([hub.person(LIAM)], [ExclusionGround.LEGAL_PROCEEDINGS],
                                TOM, "police interview pending")
            await zofia.wait_for(lambda m: m.get("state") == "waiting")
            seen = len(zofia.messages)
            say(TOM, "The police interview is on Friday.")
            await tom.wait_for(lambda m: m.get("text") == "The police interview is on Friday.")
            await asyncio.sleep(0.3)
            assert not [m for m in zofia.messages[seen:] if m.get("type") == "caption"], (
                "the excluded interpreter got a caption of the part")
            for peer in (liam, tom, zofia):
                await peer.close()

    run(scenario())
