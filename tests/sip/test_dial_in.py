"""Real sipp callers into the conference's line on 127.0.0.1: PIN by RFC 4733 events and by
SIP INFO, the waiting room, audio both ways with a browser (aiortc) peer, exclusion, hang-up.
"""

from __future__ import annotations

import asyncio
import itertools
import struct
from pathlib import Path

import numpy as np
import pytest

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.segments import ExclusionGround
from facilitator.services.rtc.hub import HubNotice
from facilitator.services.rtc.media_loop import new_media_loop

from ..rtc.peers import tone_power
from .harness import running_line
from .sipp import CAN_PLAY_PCAP, SIPP, RtpCapture, Scenario, power_at, run_sipp, tone_pcap

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SIPP is None, reason="sipp missing: apt-get install sip-tester")]
needs_pcap = pytest.mark.skipif(not CAN_PLAY_PCAP, reason="sipp plays RTP with a raw socket")
JADE, LIAM = "Jade Thornbury", "Liam Ashcombe"
PHONE_TONE, BROWSER_TONE = 1000.0, 440.0
HEARD = 0.02


def run(coroutine):  # type: ignore[no-untyped-def]
    """Run a scenario on the event loop the hub runs on in the app (draining UDP reads)."""
    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        return runner.run(asyncio.wait_for(coroutine, 80))


async def wait_until(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.05)


def check_rtp_stream(packets: list[bytes]) -> None:
    """One SSRC, consecutive sequence numbers, timestamps 160 apart (20 ms at 8 kHz) or,
    after a pause in sending (hold), a whole number of packets later with the marker bit."""
    headers = [struct.unpack("!BBHII", p[:12]) for p in packets]
    assert len({h[4] for h in headers}) == 1, "the SSRC changed within the call"
    assert all(h[0] == 0x80 for h in headers), "RTP version 2, no padding/extension/CSRC"
    assert headers[0][1] & 0x80, "the first packet carries the marker bit"
    steps = []
    for before, after in itertools.pairwise(headers):
        assert (after[2] - before[2]) & 0xFFFF == 1, "sequence numbers not consecutive"
        step = (after[3] - before[3]) & 0xFFFFFFFF
        assert step % 160 == 0 and 0 < step < 8000 * 60, f"timestamp step {step}"
        assert step == 160 or after[1] & 0x80, "a gap without the marker bit"
        steps.append(step)
    assert steps.count(160) > 0.95 * len(steps)


@needs_pcap
def test_right_pin_by_rfc4733_waits_then_hears_and_is_heard_then_hangs_up(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_line(tmp_path) as hub:
            capture, transport, media_port = await RtpCapture.open()
            jade = hub.person(JADE)
            tone = tone_pcap(tmp_path, PHONE_TONE, 6.0, "PCMA")
            call = (Scenario(media_port).pause(500).dtmf_rtp(hub.pin(JADE) + "#")
                    .pause(1500).play(tone, 6000).reinvite("sendonly").pause(300)
                    .reinvite("sendrecv").pause(300).bye())
            notices: list[HubNotice] = []
            hub.media.notices.append(notices.append)
            sipp = asyncio.ensure_future(run_sipp(call.xml(), hub.sip_address, tmp_path))
            await wait_until(lambda: jade in hub.meeting.conference.waiting, 15)
            assert jade in hub.media.pcm_endpoints, "the caller is not a hub endpoint"
            assert hub.meeting.conference.attendee(jade).mode.name == "PHONE"

            liam = hub.browser(LIAM, BROWSER_TONE)
            await liam.connect()
            await liam.join()
            status, body = await hub.api("POST", "/api/admit", {"all": True})
            assert status == 200, body
            await liam.wait_for(lambda m: m.get("state") == "in_meeting")
            await asyncio.sleep(2.5)  # the "you are now in the conference" prompt plays
            heard_by_liam = await liam.listen_for(1.5)
            assert tone_power(heard_by_liam, PHONE_TONE) > HEARD, "the browser hears no phone"
            mark = len(capture.packets)
            await asyncio.sleep(1.0)
            on_the_line = capture.decoded(mark)
            assert power_at(on_the_line, BROWSER_TONE, 8000) > HEARD, "the phone hears no browser"
            assert power_at(on_the_line, PHONE_TONE, 8000) < HEARD / 5, "the caller hears themself"

            result = await sipp
            assert result.ok, result.output
            await wait_until(lambda: hub.meeting.conference.attendee(jade).state
                             is AttendanceState.LEFT, 5)
            assert jade not in hub.media.pcm_endpoints
            check_rtp_stream([p for p, _ in capture.packets])
            line_states = [n.connection for n in notices if n.attendee_id == jade]
            assert line_states[0] == "connected" and line_states[-1] == "disconnected"
            assert "on hold" in line_states, "holding the call did not show on the line"
            held = line_states.index("on hold")
            assert "connected" in line_states[held:], "taking it off hold did not show"
            await liam.close()
            transport.close()

    run(scenario())


@needs_pcap
def test_pin_by_sip_info_g722_excluded_hears_only_the_hold_message_then_back_then_removed(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_line(tmp_path) as hub:
            capture, transport, media_port = await RtpCapture.open()
            jade = hub.person(JADE)
            pin = hub.pin(JADE)
            tone = tone_pcap(tmp_path, PHONE_TONE, 40.0, "G722")
            call = (Scenario(media_port, codecs=("G722", "PCMA")).pause(300)
                    .dtmf_info(pin[:3]).dtmf_info(pin[3:], relay=False).dtmf_info("#")
                    .play(tone).expect_bye(60000))
            sipp = asyncio.ensure_future(run_sipp(call.xml(), hub.sip_address, tmp_path,
                                                  timeout=70))
            await wait_until(lambda: jade in hub.meeting.conference.waiting, 15)
            caller = hub.phone.caller_of(jade)
            assert caller is not None and caller.call.format is not None
            assert caller.call.format.codec.name == "G722", "G.722 was offered first"
            liam = hub.browser(LIAM, BROWSER_TONE)
            await liam.connect()
            await liam.join()
            await hub.api("POST", "/api/admit", {"all": True})
            await wait_until(lambda: caller.state.name == "IN_MEETING")
            await asyncio.sleep(1.0)
            assert tone_power(await liam.listen_for(1.0), PHONE_TONE) > HEARD

            hub.meeting.exclude([jade], [ExclusionGround.FAMILY_CONFLICT],
                                "Priya Okonedo", "domestic abuse: separate parts")
            await wait_until(lambda: caller.state.name == "OUT")
            assert caller._prompt, "no calm message for the excluded caller"
            caller.keep_heard = True
            await asyncio.sleep(0.3)
            heard_by_liam = await liam.listen_for(1.5)
            assert tone_power(heard_by_liam, PHONE_TONE) < 0.002, "the excluded caller is heard"
            assert jade not in hub.media.mixer.sources, "their voice reached the mixer"
            await wait_until(lambda: not caller._prompt, 15)  # the message ends: quiet hold
            mark = len(capture.packets)
            await asyncio.sleep(1.0)
            hold = capture.decoded(mark)
            assert len(hold) > 12000 and float(np.max(np.abs(hold))) < 0.01, "hold is not quiet"
            meeting = np.concatenate(caller.heard)
            assert tone_power(meeting, BROWSER_TONE) < 0.002, "the excluded caller hears Liam"

            hub.meeting.readmit([jade])
            await wait_until(lambda: caller.state.name == "IN_MEETING")
            assert caller._prompt, "no 'you are back in the conference'"
            await wait_until(lambda: not caller._prompt, 10)
            mark = len(capture.packets)
            heard_by_liam = await liam.listen_for(1.0)
            assert tone_power(heard_by_liam, PHONE_TONE) > HEARD, "not heard after readmission"
            back = capture.decoded(mark)
            assert power_at(back, BROWSER_TONE, 16000) > HEARD, "hears nothing after readmission"

            status, body = await hub.api("POST", "/api/remove", {"attendee_id": jade})
            assert status == 200, body
            result = await sipp  # the line says goodbye and sends BYE
            assert result.ok, result.output
            assert jade not in hub.media.pcm_endpoints
            check_rtp_stream([p for p, _ in capture.packets])
            await liam.close()
            transport.close()

    run(scenario())


@needs_pcap
def test_three_wrong_pins_get_a_polite_goodbye_and_are_logged(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with running_line(tmp_path) as hub:
            capture, transport, media_port = await RtpCapture.open()
            real = {hub.pin(name) for name in (JADE, LIAM, "Carys Bell")}
            wrong = [p for p in ("000000", "123456", "999999", "654321") if p not in real][:3]
            call = (Scenario(media_port, codecs=("PCMU",)).pause(300)
                    .dtmf_rtp(wrong[0] + "#").pause(300)
                    .dtmf_info(wrong[1] + "#").pause(300).dtmf_info(wrong[2]).expect_bye())
            result = await run_sipp(call.xml(), hub.sip_address, tmp_path, timeout=40)
            assert result.ok, result.output
            assert not hub.meeting.conference.waiting, "a wrong PIN reached the waiting room"
            assert not hub.media.pcm_endpoints
            warnings = [r.getMessage() for r in caplog.records if "wrong PIN" in r.getMessage()]
            assert len(warnings) >= 3 and any("hanging up" in w for w in warnings)
            assert all(w.count("*") >= 5 for w in warnings), "caller's number logged in full"
            check_rtp_stream([p for p, _ in capture.packets])
            transport.close()

    with caplog.at_level("INFO"):
        run(scenario())
