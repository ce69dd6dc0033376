"""A hub server's one phone line for all its conferences, called by real sipp callers on
127.0.0.1: the meeting code puts the call through to its conference (started then, on
demand), the PIN puts the caller in that conference's waiting room; admitted, they are heard
by a browser (aiortc) peer and hear it. Wrong codes are counted by the server's shared PIN
guard against the caller's address and end in a goodbye; no conference starts."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.domain.clock import SystemClock
from facilitator.meeting.host import ConferenceHost
from facilitator.meeting.settings import HostSettings, ServeSettings
from facilitator.services.database import open_database
from facilitator.services.rtc.credentials import Credential, Credentials
from facilitator.services.sip.switchboard import CODES
from facilitator.services.store import EventStore

from ..meeting.hosting import HostedConference
from ..meeting.server_process import ServerProcess
from ..meeting.test_host_process import free_port
from ..rtc.harness import prepared_conference
from ..rtc.peers import tone_power
from .harness import LINE_SETTINGS, PROMPT_CACHE
from .sipp import (
    CAN_PLAY_PCAP,
    SIPP,
    RtpCapture,
    Scenario,
    free_udp_port,
    power_at,
    run_sipp,
    tone_pcap,
)
from .test_dial_in import BROWSER_TONE, HEARD, JADE, LIAM, PHONE_TONE, run, wait_until

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SIPP is None, reason="sipp missing: apt-get install sip-tester"),
              pytest.mark.skipif(not CAN_PLAY_PCAP, reason="sipp plays RTP with a raw socket")]


@contextlib.asynccontextmanager
async def server_with_line(tmp_path: Path) -> AsyncIterator[tuple[ConferenceHost,
                                                                   list[HostedConference]]]:
    os.environ.setdefault("FACILITATOR_PROMPT_CACHE", str(PROMPT_CACHE))
    db_path = tmp_path / "server.sqlite3"
    ids = [prepared_conference(db_path, SystemClock()) for _ in range(2)]
    line = replace(LINE_SETTINGS, listen_port=free_udp_port())
    settings = HostSettings(serve=ServeSettings(port=0, sip=line), transcription=False,
                            shard="t")
    host = ConferenceHost(db_path, SystemClock(), settings, tmp_path / "certs")
    await host.start()
    try:
        yield host, [HostedConference(cid, host.base_url(cid), db_path) for cid in ids]
    finally:
        await host.stop()


def phone_credential(hosted: HostedConference, name: str) -> Credential:
    """The person's meeting code and PIN, as on their invitation."""
    db = open_database(hosted.db_path)
    try:
        conference = EventStore(db).load(hosted.conference_id)
        person = next(a.id for a in conference.attendees.values() if a.name == name)
        return Credentials(db).issue_for(conference, person)
    finally:
        db.close()


def test_the_meeting_code_puts_the_call_through_to_its_conference_then_the_pin(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with server_with_line(tmp_path) as (host, (first, second)):
            assert host.switchboard is not None and not host.running
            jade = phone_credential(first, JADE)
            other = phone_credential(second, JADE)
            assert jade.code != other.code and jade.conference_id == first.conference_id
            capture, transport, media_port = await RtpCapture.open()
            tone = tone_pcap(tmp_path, PHONE_TONE, 8.0, "PCMA")
            call = (Scenario(media_port).pause(500).dtmf_rtp(jade.code + "#").pause(800)
                    .dtmf_rtp(jade.pin + "#").play(tone, 8000).bye())
            sipp = asyncio.ensure_future(run_sipp(call.xml(), host.switchboard.address,
                                                  tmp_path, timeout=60))
            await wait_until(lambda: first.conference_id in host.running, 15)
            runtime = host.running[first.conference_id].runtime
            assert runtime.api is not None
            await wait_until(lambda: jade.attendee_id in runtime.api.conference.waiting, 15)
            assert list(host.running) == [first.conference_id], "another conference started"
            running = runtime.server
            assert running is not None and running.phone_line is not None
            assert running.phone_line.caller_of(jade.attendee_id) is not None

            liam = first.peer(LIAM, BROWSER_TONE)
            await first.join_and_admit(liam)
            caller = running.phone_line.caller_of(jade.attendee_id)
            assert caller is not None
            await wait_until(lambda: caller.state.name == "IN_MEETING", 10)
            await wait_until(lambda: not caller._prompt, 10)  # "you are now in the conference"
            assert tone_power(await liam.listen_for(1.0), PHONE_TONE) > HEARD, \
                "the browser does not hear the caller"
            mark = len(capture.packets)
            await asyncio.sleep(1.0)
            assert power_at(capture.decoded(mark), BROWSER_TONE, 8000) > HEARD, \
                "the caller does not hear the browser"
            result = await sipp
            assert result.ok, result.output
            await liam.close()
            transport.close()

    run(scenario())


def test_wrong_meeting_codes_end_in_a_goodbye_counted_against_the_address(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with server_with_line(tmp_path) as (host, (first, second)):
            assert host.switchboard is not None
            real = phone_credential(first, JADE).code
            wrong = [c for c in ("00000000", "12345678", "99999999", "87654321")
                     if c != real][:3]
            _, transport, media_port = await RtpCapture.open()
            call = (Scenario(media_port, codecs=("PCMU",)).pause(300)
                    .dtmf_rtp(wrong[0] + "#").pause(300).dtmf_info(wrong[1]).pause(300)
                    .dtmf_rtp(wrong[2]).expect_bye())
            result = await run_sipp(call.xml(), host.switchboard.address, tmp_path, timeout=40)
            assert result.ok, result.output
            assert not host.running, "a wrong code started a conference"
            assert host.pin_guard.status(CODES)["wrong_pins_today"] == 3
            warnings = [r.getMessage() for r in caplog.records
                        if "wrong meeting code" in r.getMessage()]
            assert warnings and all("********" in w for w in warnings)  # (rate-limited)
            assert host.pin_guard.status(first.conference_id)["wrong_pins_today"] == 0

            # the right code, then a PIN of the other conference's: wrong there
            code, other_pin = real, phone_credential(second, JADE).pin
            call = (Scenario(media_port, codecs=("PCMU",)).pause(300).dtmf_rtp(code + "#")
                    .pause(800).dtmf_rtp(other_pin + "#").pause(300)
                    .dtmf_rtp(other_pin + "#").pause(300).dtmf_rtp(other_pin + "#")
                    .expect_bye())
            result = await run_sipp(call.xml(), host.switchboard.address, tmp_path, timeout=60)
            assert result.ok, result.output
            assert list(host.running) == [first.conference_id]
            runtime = host.running[first.conference_id].runtime
            assert runtime.api is not None and not runtime.api.conference.waiting
            assert host.pin_guard.status(first.conference_id)["wrong_pins_today"] == 3
            transport.close()

    with caplog.at_level("INFO"):
        run(scenario())


def test_facilitator_server_answers_on_its_sip_line(tmp_path: Path) -> None:
    """`facilitator server --sip HOST:PORT` as a process: one line, a wrong code refused."""
    os.environ.setdefault("FACILITATOR_PROMPT_CACHE", str(PROMPT_CACHE))
    db = tmp_path / "server.sqlite3"
    prepared_conference(db, SystemClock())
    sip_port = free_udp_port()
    server = ServerProcess(db, free_port(), "--sip", f"127.0.0.1:{sip_port}")
    try:
        deadline = time.monotonic() + 30
        while not any("phone line: SIP on" in line for line in server.output):
            assert time.monotonic() < deadline, "".join(server.output)
            time.sleep(0.1)
        assert f"phone line: SIP on 127.0.0.1:{sip_port} (meeting code, then PIN)\n" in \
            server.output

        async def call() -> None:
            _, transport, media_port = await RtpCapture.open()
            scenario = (Scenario(media_port, codecs=("PCMU",)).pause(300)
                        .dtmf_rtp("00000001#").pause(300).dtmf_rtp("00000002#").pause(300)
                        .dtmf_rtp("00000003#").expect_bye())
            result = await run_sipp(scenario.xml(), ("127.0.0.1", sip_port), tmp_path,
                                    timeout=40)
            transport.close()
            assert result.ok, result.output

        run(call())
        assert server.started(at_least=1, timeout=0.5) == [], "a wrong code started a conference"
    finally:
        assert server.stop() in (0, -9)
