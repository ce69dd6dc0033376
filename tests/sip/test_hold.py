"""A caller who holds: nothing they send (a PBX's hold music) reaches the meeting, and a
phone that drops while on hold is noticed (in-dialog OPTIONS unanswered, or 481) and leaves
the meeting. Intervals are a fraction of a second here; `SipSettings` has the real ones."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.domain.attendees import AttendanceState
from facilitator.services.rtc.media_loop import new_media_loop
from facilitator.services.sip.call import DialogState, SipCall
from facilitator.services.sip.settings import SipSettings
from facilitator.services.sip.ua import SipUserAgent

from .harness import LINE_SETTINGS, running_line
from .phone import ScriptedPhone

JADE = "Jade Thornbury"
FAST = {"keepalive_interval": 0.3, "request_timeout": 0.6}


async def wait_until(condition, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.02)


class Line:
    """The user agent alone, keeping its calls and what each one passed on as audio."""

    def __init__(self, **settings: float) -> None:
        self.ua = SipUserAgent(SipSettings(listen_host="127.0.0.1", listen_port=0,
                                           answer_delay=0.0, **settings), self._accept)
        self.calls: list[SipCall] = []
        self.audio = 0  # 20 ms frames passed on by the call
        self.ended: list[str] = []

    def _accept(self, call: SipCall) -> bool:
        self.calls.append(call)

        def audio(samples: object, media_time: object) -> None:
            self.audio += 1

        call.on_audio = audio
        call.on_ended = self.ended.append
        return True


@pytest.mark.parametrize(("direction", "address"), [("sendonly", "127.0.0.1"),
                                                    ("inactive", "127.0.0.1"),
                                                    ("sendrecv", "0.0.0.0")])
def test_what_a_holding_phone_sends_is_not_passed_on(direction: str, address: str) -> None:
    async def scenario() -> None:
        line = Line(keepalive_interval=60.0)
        await line.ua.start()
        phone = await ScriptedPhone.open(line.ua.local)
        try:
            await phone.call()
            await wait_until(lambda: line.calls[0].state is DialogState.CONFIRMED)
            phone.send_tone(10)
            await wait_until(lambda: line.audio >= 10)
            await phone.reinvite(direction, address)
            await wait_until(lambda: line.calls[0].on_hold)
            before = line.audio
            phone.send_tone(25)  # the PBX's hold music
            await asyncio.sleep(0.2)
            assert line.audio == before, "what the holding phone sent was passed on"
            assert line.calls[0].rtp is not None
            if address != "0.0.0.0":  # (else they come from an address not in the SDP)
                assert line.calls[0].rtp.stats.received >= 35, "the packets did arrive"
            await phone.reinvite("sendrecv")
            await wait_until(lambda: not line.calls[0].on_hold)
            phone.send_tone(10)
            await wait_until(lambda: line.audio >= before + 10)  # off hold: heard again
        finally:
            await line.ua.stop()  # (the phone answers the line's BYE)
            phone.close()

    asyncio.run(asyncio.wait_for(scenario(), 20))


@pytest.mark.parametrize("dead_answer", [None, 481])
def test_a_held_call_is_asked_after_and_ends_when_the_phone_is_gone(
        dead_answer: int | None) -> None:
    async def scenario() -> None:
        line = Line(**FAST)
        await line.ua.start()
        phone = await ScriptedPhone.open(line.ua.local)
        try:
            await phone.call()
            await wait_until(lambda: line.calls and
                             line.calls[0].state is DialogState.CONFIRMED)
            call = line.calls[0]
            await phone.reinvite("sendonly")
            await asyncio.sleep(1.0)  # about three intervals: asked, answered, still there
            options = [r for r in phone.requests if r.method == "OPTIONS"]
            assert len(options) >= 2, "the held call was not asked after"
            assert {r.call_id for r in options} == {phone.call_id}, "not in the dialog"
            assert all(f"tag={call.local_tag}" in r.get("From") and
                       f"tag={phone.tag}" in r.get("To") for r in options)
            numbers = [r.cseq[0] for r in options]
            assert numbers == sorted(set(numbers)), "CSeq must grow"
            assert call.state is DialogState.CONFIRMED and not line.ended

            phone.options_answer = dead_answer  # the phone is gone (or forgot the call)
            gone = asyncio.get_running_loop().time()
            await wait_until(lambda: call.state is DialogState.ENDED, 3.0)
            noticed = asyncio.get_running_loop().time() - gone
            assert noticed <= FAST["keepalive_interval"] + FAST["request_timeout"] + 0.3
            assert line.ended and ("phone" in line.ended[0] or "other end" in line.ended[0])
        finally:
            await line.ua.stop()  # (the phone answers the line's BYE)
            phone.close()

    asyncio.run(asyncio.wait_for(scenario(), 20))


def test_a_call_with_audio_is_not_asked_after_and_a_stale_keepalive_gets_481() -> None:
    async def scenario() -> None:
        line = Line(**FAST)
        await line.ua.start()
        phone = await ScriptedPhone.open(line.ua.local)
        try:
            await phone.call()
            await wait_until(lambda: line.calls and
                             line.calls[0].state is DialogState.CONFIRMED)
            player = asyncio.ensure_future(phone.play_tone(1.2))
            await player
            assert not [r for r in phone.requests if r.method == "OPTIONS"], \
                "a call whose audio arrives needs no question"
            await phone.bye()
            # the phone's own keep-alive for a call the line no longer has: 481 (RFC 5057)
            response = await phone._transact("OPTIONS")
            assert response.status == 481
        finally:
            await line.ua.stop()  # (the phone answers the line's BYE)
            phone.close()

    asyncio.run(asyncio.wait_for(scenario(), 20))


@pytest.mark.slow
def test_hold_music_stays_out_and_a_caller_who_drops_on_hold_is_shown_as_left(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        settings = replace(LINE_SETTINGS, keepalive_interval=0.5, request_timeout=1.0)
        async with running_line(tmp_path, settings) as hub:
            heard: Counter[str] = Counter()  # what reached the mix and the transcription
            hub.media.audio_taps.append(lambda who, samples, said: heard.update({who: 1}))
            jade = hub.person(JADE)
            phone = await ScriptedPhone.open(hub.sip_address)
            await phone.call()
            await asyncio.sleep(0.3)
            await phone.pin(hub.pin(JADE) + "#")
            await wait_until(lambda: jade in hub.meeting.conference.waiting, 10)
            status, body = await hub.api("POST", "/api/admit", {"all": True})
            assert status == 200, body
            caller = hub.line.caller_of(jade)
            assert caller is not None
            await wait_until(lambda: caller.state.name == "IN_MEETING")
            await phone.play_tone(0.6)
            assert heard[jade] >= 20, "the caller is not heard in the meeting"

            await phone.reinvite("sendonly")
            await wait_until(lambda: caller.call.on_hold)
            before = heard[jade]
            await phone.play_tone(1.5)  # hold music
            assert heard[jade] == before, "the PBX's hold music reached the meeting"
            assert hub.meeting.conference.attendee(jade).state is AttendanceState.PRESENT

            phone.options_answer = None
            phone.close()  # the phone dropped, on hold, without a BYE
            await wait_until(lambda: hub.meeting.conference.attendee(jade).state
                             is AttendanceState.LEFT, 5)
            assert hub.line.caller_of(jade) is None
            assert jade not in hub.media.pcm_endpoints
            status, state = await hub.api("GET", "/api/state")
            row = next(p for p in state["people"] if p["id"] == jade)
            assert row["attendance"] == "left" and not row["in_meeting"]

    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        runner.run(asyncio.wait_for(scenario(), 60))
