"""Real aiortc peers on 127.0.0.1: waiting room, mix-minus, and exclusion enforced in the hub."""

from __future__ import annotations

import asyncio
from pathlib import Path

from facilitator.domain.segments import ExclusionGround
from facilitator.services.rtc.media_loop import new_media_loop

from .harness import running_hub
from .peers import pcm_tone, tone_power

JADE, LIAM, TOM = "Jade Thornbury", "Liam Ashcombe", "DC Tom Reddaway"
A_TONE, B_TONE, C_TONE = 440.0, 1000.0, 1700.0
HEARD = 0.02  # a 0.3-amplitude tone through Opus arrives near 0.15; silence below 0.002


def run(coroutine):  # type: ignore[no-untyped-def]
    """Run a scenario on the event loop the hub runs on in the app (draining UDP reads)."""
    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        return runner.run(asyncio.wait_for(coroutine, 60))


def test_waiting_room_then_admitted_then_mix_minus(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE)
            for peer in (jade, liam):
                await peer.connect()
                await peer.join()
            assert jade.last_state() == "waiting" and liam.last_state() == "waiting"
            assert hub.person(JADE) in hub.meeting.conference.waiting
            waiting_audio = await jade.listen_for(1.0)
            assert tone_power(waiting_audio, B_TONE) < 0.002, "a waiting person heard the meeting"

            status, body = await hub.api("POST", "/api/admit", {"all": True})
            assert status == 200, body
            await jade.wait_for(lambda m: m.get("state") == "in_meeting")
            await liam.wait_for(lambda m: m.get("state") == "in_meeting")
            heard_by_jade = await jade.listen_for(1.5)
            heard_by_liam = await liam.listen_for(1.5)
            assert tone_power(heard_by_jade, B_TONE) > HEARD, "Jade cannot hear Liam"
            assert tone_power(heard_by_jade, A_TONE) < HEARD / 5, "Jade hears herself"
            assert tone_power(heard_by_liam, A_TONE) > HEARD, "Liam cannot hear Jade"
            assert tone_power(heard_by_liam, B_TONE) < HEARD / 5, "Liam hears himself"
            roster = [m for m in liam.messages if m.get("state") == "in_meeting"][-1]["roster"]
            assert any(r["name"] == "Priya Okonedo" and r["where"] == "in the room"
                       for r in roster)
            for peer in (jade, liam):
                await peer.close()

    run(scenario())


def test_excluded_person_hears_nothing_and_is_heard_by_nobody(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam, tom = (hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE),
                               hub.peer(TOM, C_TONE))
            await hub.join_and_admit(jade, liam, tom)
            await asyncio.sleep(1.0)

            hub.meeting.exclude([hub.person(JADE)],
                                [ExclusionGround.LEGAL_PROCEEDINGS], "DC Tom Reddaway",
                                "police interview pending")
            await jade.wait_for(lambda m: m.get("state") == "waiting")
            await asyncio.sleep(0.3)  # what was already in flight drains
            heard_by_jade = await jade.listen_for(1.5)
            heard_by_tom = await tom.listen_for(1.5)
            assert tone_power(heard_by_jade, B_TONE) < 0.002, "the excluded person hears Liam"
            assert tone_power(heard_by_jade, C_TONE) < 0.002, "the excluded person hears Tom"
            assert tone_power(heard_by_tom, A_TONE) < 0.002, "Tom hears the excluded person"
            assert tone_power(heard_by_tom, B_TONE) > HEARD, "Tom no longer hears Liam"
            waiting = [m for m in jade.messages if m.get("type") == "state"][-1]
            # told only that this is a part of the meeting she is not in (she is brought back)
            assert waiting == {"type": "state", "state": "waiting", "out_of_part": True}, (
                "the screen reveals more")

            hub.meeting.readmit([hub.person(JADE)])
            await jade.wait_for(lambda m: m.get("state") == "in_meeting")
            await asyncio.sleep(0.3)
            heard_by_tom = await tom.listen_for(1.5)
            assert tone_power(heard_by_tom, A_TONE) > HEARD, "Jade is not heard after return"
            for peer in (jade, liam, tom):
                await peer.close()

    run(scenario())


def test_reconnecting_while_excluded_lands_in_the_waiting_room(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE)
            await hub.join_and_admit(jade, liam)
            hub.meeting.exclude([hub.person(JADE)],
                                [ExclusionGround.CONFIDENTIAL_INFORMATION], "Priya Okonedo",
                                "legal advice")
            await jade.close(abruptly=True)  # the network drops
            await asyncio.sleep(0.5)

            again = hub.peer(JADE, A_TONE)
            await again.connect()
            await again.join()
            assert again.last_state() == "waiting"
            heard = await again.listen_for(1.0)
            assert tone_power(heard, B_TONE) < 0.002
            heard_by_liam = await liam.listen_for(1.0)
            assert tone_power(heard_by_liam, A_TONE) < 0.002

            # a person not excluded comes straight back in after a drop
            await liam.close(abruptly=True)
            await asyncio.sleep(0.5)
            liam_again = hub.peer(LIAM, B_TONE)
            await liam_again.connect()
            await liam_again.join()
            assert liam_again.last_state() == "in_meeting"
            for peer in (again, liam_again):
                await peer.close()

    run(scenario())


def test_a_pcm_endpoint_such_as_a_phone_line_is_a_full_participant(tmp_path: Path) -> None:
    import numpy as np

    from facilitator.domain.attendees import AttendanceMode
    from facilitator.services.rtc.hub import PcmEndpoint

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            media = hub.running.server.hub
            line = hub.person("Carys Bell")
            hub.meeting.arrive_remotely(line, AttendanceMode.PHONE)
            heard_on_line: list[np.ndarray] = []
            media.add_pcm_endpoint(PcmEndpoint(line, heard_on_line.append))
            jade = hub.peer(JADE, A_TONE)
            await jade.connect()
            await jade.join()
            await hub.api("POST", "/api/admit", {"all": True})
            await jade.wait_for(lambda m: m.get("state") == "in_meeting")

            talker = asyncio.ensure_future(pcm_tone(media, line, C_TONE, seconds=8))
            await asyncio.sleep(1.0)
            heard_by_jade = await jade.listen_for(1.5)
            assert tone_power(heard_by_jade, C_TONE) > HEARD, "nobody hears the phone line"
            heard_on_line.clear()
            await asyncio.sleep(1.0)
            assert tone_power(np.concatenate(heard_on_line), A_TONE) > HEARD, (
                "the phone line does not hear Jade")

            hub.meeting.exclude([line], [ExclusionGround.FAMILY_CONFLICT],
                                "Priya Okonedo", "domestic abuse: separate parts")
            await asyncio.sleep(0.3)
            heard_by_jade = await jade.listen_for(1.5)
            assert tone_power(heard_by_jade, C_TONE) < 0.002, "the excluded line is heard"
            heard_on_line.clear()
            await asyncio.sleep(1.0)
            assert tone_power(np.concatenate(heard_on_line), A_TONE) < 0.002, (
                "the excluded line hears the meeting")
            talker.cancel()
            await jade.close()

    run(scenario())


def test_a_muted_room_reaches_no_one(tmp_path: Path) -> None:

    from facilitator.services.rtc.hub import PcmEndpoint
    from facilitator.services.rtc.policy import ROOM

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            media = hub.running.server.hub
            media.add_pcm_endpoint(PcmEndpoint(ROOM, lambda samples: None))
            jade = hub.peer(JADE, A_TONE)
            await jade.connect()
            await jade.join()
            await hub.api("POST", "/api/admit", {"all": True})
            await jade.wait_for(lambda m: m.get("state") == "in_meeting")

            talker = asyncio.ensure_future(pcm_tone(media, ROOM, C_TONE, seconds=6))
            await asyncio.sleep(1.0)
            assert tone_power(await jade.listen_for(1.0), C_TONE) > HEARD
            hub.meeting.set_room_muted(True)
            state = await jade.wait_for(lambda m: m.get("room_muted") is True)
            assert state["state"] == "in_meeting"
            await asyncio.sleep(0.3)
            assert tone_power(await jade.listen_for(1.0), C_TONE) < 0.002, "the muted room is heard"
            talker.cancel()
            await jade.close()

    run(scenario())
