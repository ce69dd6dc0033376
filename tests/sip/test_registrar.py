"""The production path with a real registrar (kamailio on 127.0.0.1): REGISTER answered with
a digest challenge, a call routed by the registrar to where the line registered, the line's
BYE following the Record-Route set back through it; a wrong password is refused."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from facilitator.services.rtc.media_loop import new_media_loop
from facilitator.services.sip.registration import RegistrationState
from facilitator.services.sip.settings import SipSettings
from facilitator.services.sip.ua import SipUserAgent

from .harness import LINE_SETTINGS, running_line
from .registrar import KAMAILIO, kamailio
from .sipp import SIPP, Scenario, free_udp_port, run_sipp

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(KAMAILIO is None or SIPP is None,
                                 reason="needs kamailio and sip-tester (apt-get install)")]
USER, PASSWORD = "conference", "correct horse battery"
JADE = "Jade Thornbury"


def run(coroutine):  # type: ignore[no-untyped-def]
    """Run a scenario on the event loop the hub runs on in the app (draining UDP reads)."""
    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        return runner.run(asyncio.wait_for(coroutine, 60))


def test_registers_with_digest_auth_and_takes_a_call_routed_by_the_registrar(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        port = free_udp_port()
        async with kamailio(tmp_path, port, USER, PASSWORD):
            settings = replace(LINE_SETTINGS, registrar=f"127.0.0.1:{port}", user=USER,
                               password=PASSWORD, expires=120)
            async with running_line(tmp_path, settings) as hub:
                registration = hub.phone.ua.registration
                assert registration is not None
                await asyncio.wait_for(registration.registered.wait(), 10)
                assert 0 < registration.expires <= 120
                log = (tmp_path / "kamailio.log").read_text(errors="replace")
                assert f"registered {USER} from 127.0.0.1:{hub.sip_address[1]}" in log

                jade = hub.person(JADE)
                call = (Scenario(free_udp_port(), via_proxy=True, service=USER).pause(300)
                        .dtmf_info(hub.pin(JADE) + "#").expect_bye(30000))
                sipp = asyncio.ensure_future(run_sipp(call.xml(), ("127.0.0.1", port),
                                                      tmp_path, timeout=40))
                for _ in range(200):
                    if jade in hub.meeting.conference.waiting:
                        break
                    await asyncio.sleep(0.05)
                assert jade in hub.meeting.conference.waiting, (await sipp).output
                caller = hub.phone.caller_of(jade)
                assert caller is not None and caller.call.route_set, "no Record-Route kept"
                status, body = await hub.api("POST", "/api/remove", {"attendee_id": jade})
                assert status == 200, body
                result = await sipp  # BYE from the line, through kamailio, to the caller
                assert result.ok, result.output
                log = (tmp_path / "kamailio.log").read_text(errors="replace")
                assert f"routing INVITE for {USER}" in log

            # stopping the line took the registration away (REGISTER with expires 0)
            assert registration.state is RegistrationState.UNREGISTERED

    run(scenario())


def test_a_wrong_password_is_refused_and_a_stranger_cannot_call(tmp_path: Path) -> None:
    async def scenario() -> None:
        port = free_udp_port()
        async with kamailio(tmp_path, port, USER, PASSWORD):
            settings = SipSettings(listen_host="127.0.0.1", listen_port=free_udp_port(),
                                   registrar=f"127.0.0.1:{port}", user=USER,
                                   password="not the password")
            ua = SipUserAgent(settings, accept=lambda call: False)
            await ua.start()
            try:
                registration = ua.registration
                assert registration is not None
                for _ in range(100):
                    if registration.state is RegistrationState.FAILED:
                        break
                    await asyncio.sleep(0.05)
                assert registration.state is RegistrationState.FAILED
                assert "refused" in registration.problem

                # only the registrar may send us requests: another address gets 403
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as stranger:
                    stranger.bind(("127.0.0.2", 0))
                    stranger.settimeout(3)
                    host, sport = stranger.getsockname()
                    stranger.sendto((
                        f"OPTIONS sip:{USER}@127.0.0.1 SIP/2.0\r\n"
                        f"Via: SIP/2.0/UDP {host}:{sport};branch=z9hG4bKstranger1\r\n"
                        f"From: <sip:x@{host}>;tag=1\r\nTo: <sip:{USER}@127.0.0.1>\r\n"
                        f"Call-ID: stranger-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
                    ).encode(), ua.local)
                    reply = await asyncio.get_running_loop().run_in_executor(
                        None, stranger.recv, 4096)
                assert reply.startswith(b"SIP/2.0 403 ")
            finally:
                await ua.stop()

    run(scenario())


def test_a_restarted_or_absent_registrar_is_noticed_and_the_line_registers_again(
        tmp_path: Path) -> None:
    """kamailio keeps registrations in memory: a restart forgets the line (as a PBX does).
    The line registers again within `registrar_check`, says it is not registered while the
    registrar is away, and tells the chair's window both ways."""
    async def reachable(port: int) -> int:
        """The status of an OPTIONS for the line's user sent to the registrar, which relays
        it to where the user registered (404 when nobody is registered)."""
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("127.0.0.1", 0))
            probe.settimeout(2)
            host, sport = probe.getsockname()
            branch = f"z9hG4bK{free_udp_port()}"
            probe.sendto((
                f"OPTIONS sip:{USER}@127.0.0.1:{port} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP {host}:{sport};branch={branch}\r\n"
                f"From: <sip:probe@{host}>;tag=1\r\nTo: <sip:{USER}@127.0.0.1>\r\n"
                f"Call-ID: {branch}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
                f"Content-Length: 0\r\n\r\n").encode(), ("127.0.0.1", port))
            reply = await asyncio.get_running_loop().run_in_executor(None, probe.recv, 4096)
        return int(reply.split(b" ", 2)[1])

    async def wait_for(condition, timeout: float) -> float:  # type: ignore[no-untyped-def]
        loop = asyncio.get_running_loop()
        start = loop.time()
        while not await condition():
            assert loop.time() - start < timeout, "not within the time allowed"
            await asyncio.sleep(0.1)
        return loop.time() - start

    async def scenario() -> None:
        port = free_udp_port()
        settings = SipSettings(listen_host="127.0.0.1", listen_port=free_udp_port(),
                               registrar=f"127.0.0.1:{port}", user=USER, password=PASSWORD,
                               registrar_check=1.0, registrar_retry=0.3, request_timeout=1.0)
        assert settings.expires == 300
        ua = SipUserAgent(settings, accept=lambda call: False)
        changes: list[RegistrationState] = []
        ua.on_registration = lambda state, problem: changes.append(state)
        (tmp_path / "first").mkdir()
        (tmp_path / "second").mkdir()
        (tmp_path / "third").mkdir()
        try:
            async with kamailio(tmp_path / "first", port, USER, PASSWORD) as first:
                await ua.start()
                registration = ua.registration
                assert registration is not None
                await asyncio.wait_for(registration.registered.wait(), 10)
                assert registration.expires == 300  # asked and granted
                assert await reachable(port) == 200
                # a quick restart: the new kamailio has never heard of the line
                first.terminate()
                await asyncio.wait_for(first.wait(), 10)  # exit_timeout bounds it at 3 s
            async with kamailio(tmp_path / "second", port, USER, PASSWORD):
                assert await reachable(port) == 404
                # within a few checks (the time itself is measured by benchmarks/sip.py)
                await wait_for(lambda: _is(reachable(port), 200), 10)
            # the registrar is away: "not registered", said at once, retried with back-off
            await wait_for(lambda: _true(registration.state is RegistrationState.FAILED), 10)
            assert "not answering" in registration.problem
            assert not registration.registered.is_set()
            await asyncio.sleep(2.0)
            assert registration.state is RegistrationState.FAILED
            async with kamailio(tmp_path / "third", port, USER, PASSWORD):
                await asyncio.wait_for(registration.registered.wait(), 15)
                assert await reachable(port) == 200
            # the chair was told both ways: registered, not registered, registered again (a
            # loaded machine may also see the quick restart as a moment without the registrar)
            assert changes[:2] == [RegistrationState.REGISTERING, RegistrationState.REGISTERED]
            assert RegistrationState.FAILED in changes[2:]
            assert changes[-1] is RegistrationState.REGISTERED
        finally:
            await ua.stop()

    run(scenario())


async def _is(status: Coroutine[Any, Any, int], wanted: int) -> bool:
    return await status == wanted


async def _true(value: bool) -> bool:
    return value


def test_the_phone_line_tells_the_chair_when_callers_cannot_reach_it(tmp_path: Path) -> None:
    async def scenario() -> None:
        port = free_udp_port()
        settings = replace(LINE_SETTINGS, registrar=f"127.0.0.1:{port}", user=USER,
                           password=PASSWORD, registrar_check=1.0, registrar_retry=0.3,
                           request_timeout=1.0)
        async with kamailio(tmp_path, port, USER, PASSWORD) as registrar, \
                running_line(tmp_path, settings) as hub:
            messages: list[str] = []
            hub.media.notices.append(lambda notice: messages.append(notice.message))
            assert hub.line.ua.registration is not None
            await asyncio.wait_for(hub.line.ua.registration.registered.wait(), 10)
            registrar.terminate()
            for _ in range(60):
                if hub.line.registration_state is RegistrationState.FAILED:
                    break
                await asyncio.sleep(0.1)
            assert hub.line.registration_state is RegistrationState.FAILED
            told = [m for m in messages if m]
            assert len(told) == 1 and "not registered" in told[0], told

    run(scenario())
