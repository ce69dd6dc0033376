"""Malformed SIP and a burst of calls get proper SIP answers; a caller already in the meeting
keeps being heard throughout."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.services.rtc.media_loop import new_media_loop

from ..rtc.peers import tone_power
from .harness import LINE_SETTINGS, running_line
from .sipp import (
    CAN_PLAY_PCAP,
    SIPP,
    RtpCapture,
    Scenario,
    burst_xml,
    cancel_xml,
    run_sipp,
    tone_pcap,
)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SIPP is None, reason="sipp missing: apt-get install sip-tester")]
needs_pcap = pytest.mark.skipif(not CAN_PLAY_PCAP, reason="sipp plays RTP with a raw socket")
JADE, LIAM = "Jade Thornbury", "Liam Ashcombe"
PHONE_TONE, BROWSER_TONE = 1000.0, 440.0


def request(method: str, branch: str, *, call_id: str = "", extra: str = "", body: str = "",
            version: str = "SIP/2.0", length: int | None = None, port: int = 0) -> bytes:
    call_id = call_id or f"bad-{branch}"
    head = (f"{method} sip:conference@127.0.0.1 {version}\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{branch}\r\n"
            f"From: <sip:tester@127.0.0.1>;tag=t{branch}\r\nTo: <sip:conference@127.0.0.1>\r\n"
            f"Call-ID: {call_id}\r\nCSeq: 1 {method}\r\nMax-Forwards: 70\r\n{extra}"
            f"Content-Length: {len(body) if length is None else length}\r\n\r\n{body}")
    return head.encode()


G729_ONLY = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
             "m=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n")


@needs_pcap
def test_malformed_requests_and_a_burst_get_sip_answers_and_the_call_goes_on(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        settings = replace(LINE_SETTINGS, max_calls=4)
        async with running_line(tmp_path, settings) as hub:
            _capture, transport, media_port = await RtpCapture.open()
            jade = hub.person(JADE)
            tone = tone_pcap(tmp_path, PHONE_TONE, 30.0, "PCMU")
            call = (Scenario(media_port, codecs=("PCMU",)).pause(300)
                    .dtmf_info(hub.pin(JADE) + "#").play(tone).pause(14000).bye())
            sipp = asyncio.ensure_future(run_sipp(call.xml(), hub.sip_address, tmp_path,
                                                  timeout=40))
            liam = hub.browser(LIAM, BROWSER_TONE)
            await liam.connect()
            await liam.join()
            for _ in range(200):
                if jade in hub.meeting.conference.waiting:
                    break
                await asyncio.sleep(0.05)
            await hub.api("POST", "/api/admit", {"all": True})
            await asyncio.sleep(2.5)
            assert tone_power(await liam.listen_for(1.0), PHONE_TONE) > 0.02

            probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            probe.bind(("127.0.0.1", 0))
            probe.setblocking(False)
            port = probe.getsockname()[1]
            loop = asyncio.get_running_loop()

            async def ask(data: bytes, wait: float = 1.0) -> list[bytes]:
                """The responses to `data` (by its branch) arriving within `wait` s."""
                branch = [*data.split(b";branch=", 1), b""][1].split(b"\r\n", 1)[0]
                await loop.sock_sendto(probe, data, hub.sip_address)
                replies: list[bytes] = []
                deadline = loop.time() + wait
                while loop.time() < deadline:
                    try:
                        reply = await asyncio.wait_for(loop.sock_recv(probe, 65536),
                                                       deadline - loop.time())
                    except TimeoutError:
                        break
                    mark = b"branch=" + branch if branch else b"Call-ID: bad-b9\r\n"
                    if mark in reply:  # (earlier INVITEs' error responses are repeated)
                        replies.append(reply)
                return replies

            def status(replies: list[bytes]) -> list[str]:
                return [r.split(b" ", 2)[1].decode() for r in replies]

            assert await ask(b"\x00\xffnot SIP at all", 0.3) == [], "garbage is dropped"
            no_call_id = request("INVITE", "a1", port=port).replace(b"Call-ID: bad-a1\r\n", b"")
            assert status(await ask(no_call_id, 0.3)) == ["400"]
            assert status(await ask(request("INVITE", "a2", version="SIP/3.0", port=port),
                                    0.3)) == ["505"]
            assert status(await ask(request("FOO", "a3", port=port), 0.3)) == ["501"]
            assert status(await ask(request("BYE", "a4", port=port), 0.3)) == ["481"]
            assert status(await ask(request("REGISTER", "a5", port=port), 0.3)) == ["405"]
            assert status(await ask(request("INVITE", "a6", extra="Max-Forwards: 0\r\n",
                                            port=port).replace(b"Max-Forwards: 70\r\n", b""),
                                    0.3)) == ["483"]
            short = request("INVITE", "a7", body="v=0\r\n", length=500, port=port)
            assert status(await ask(short, 0.3)) == ["400"]
            g729 = request("INVITE", "a8", extra="Content-Type: application/sdp\r\n",
                           body=G729_ONLY, port=port)
            assert status(await ask(g729, 0.3)) == ["488"]
            text = request("INVITE", "a9", extra="Content-Type: text/plain\r\n", body="hi",
                           port=port)
            assert status(await ask(text, 0.3)) == ["415"]
            options = await ask(request("OPTIONS", "b1", port=port), 0.3)
            assert status(options) == ["200"] and b"Allow: INVITE, ACK, BYE" in options[0]
            old_client = request("OPTIONS", "b9", port=port).replace(b";branch=z9hG4bKb9", b"")
            assert status(await ask(old_client, 0.3)) == ["200"], "RFC 2543 (no branch)"
            # a final response to an INVITE is repeated until the ACK, then no more
            required = request("INVITE", "b2", extra="Require: 100rel\r\n", port=port)
            replies = await ask(required, 1.2)
            assert status(replies)[:2] == ["420", "420"], "no retransmission before the ACK"
            assert b"Unsupported: 100rel" in replies[0]
            to_tag = next(line for line in replies[0].split(b"\r\n") if line.startswith(b"To:"))
            ack = request("ACK", "b2", call_id="bad-b2", port=port).replace(
                b"To: <sip:conference@127.0.0.1>", to_tag)
            assert await ask(ack, 1.5) == [], "the ACK did not stop the retransmissions"
            probe.close()

            # 20 INVITEs at once: the line takes what its limit allows and says 486 to the rest
            burst = await run_sipp(burst_xml(), hub.sip_address, tmp_path, calls=20, rate=200,
                                   timeout=20)
            assert burst.ok, burst.output
            sent = hub.phone.ua.transport.sent
            assert sent[486] >= 15, f"the burst was not refused properly: {sent}"
            assert hub.phone.ua.transport.malformed >= 3
            heard = await liam.listen_for(1.0)
            assert tone_power(heard, PHONE_TONE) > 0.02, "the caller in the meeting was cut off"
            assert jade in hub.media.pcm_endpoints
            result = await sipp
            assert result.ok, result.output
            await liam.close()
            transport.close()

    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        runner.run(asyncio.wait_for(scenario(), 70))


def test_a_caller_who_hangs_up_while_it_rings_gets_487(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_line(tmp_path) as hub:
            result = await run_sipp(cancel_xml(), hub.sip_address, tmp_path, timeout=10)
            assert result.ok, result.output
            sent = hub.phone.ua.transport.sent
            assert sent[487] == 1 and sent[200] == 1, sent
            invites = [t for t in hub.phone.ua.transport.server.values()
                       if t.request.method == "INVITE"]
            assert [t.acked.is_set() for t in invites] == [True], "the 487 was not ACKed"
            assert not hub.phone.callers and not hub.meeting.conference.waiting

    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        runner.run(asyncio.wait_for(scenario(), 30))
