"""Meeting code and PIN, on the web form and the phone line: whose credentials they open, and
how many guesses anyone gets (one limiter for both), against a real server on 127.0.0.x."""

from __future__ import annotations

import ssl
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest

from facilitator.services.rtc.credentials import CredentialError, CredentialRole, Credentials
from facilitator.services.rtc.hub import HubNotice
from facilitator.services.sip.line import PhoneLine
from facilitator.services.sip.settings import SipSettings

from .harness import Hub, running_hub
from .test_hub_audio import JADE, LIAM, run


class FakeMonotonic:
    """The guard's clock, moved by hand (taken over from the real one mid-test if need be)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def post_pin(hub: Hub, code: str, pin: str, source: str = "127.0.0.1"
                   ) -> tuple[int, str, str]:
    """The web form from `source` (any 127.x address is this machine): status, Location, text."""
    connector = aiohttp.TCPConnector(local_addr=(source, 0), ssl=_insecure())
    async with aiohttp.ClientSession(connector=connector) as client, client.post(
        f"{hub.url}/phone", data={"code": code, "pin": pin}, allow_redirects=False
    ) as response:
        return response.status, response.headers.get("Location", ""), await response.text()


def _wrong(real: str) -> str:
    return "00000000" if real != "00000000" else "11111111"


def test_the_chairs_and_minute_takers_credentials_are_not_opened_by_code_and_pin(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            status, _ = await hub.api("POST", "/api/minute-taker-link", {})
            assert status == 200
            conference_id = hub.meeting.conference.id
            others = [c for c in hub.credentials.for_conference(conference_id)
                      if c.role is not CredentialRole.PARTICIPANT]
            assert {c.role for c in others} == {CredentialRole.CHAIR,
                                                CredentialRole.MINUTE_TAKER}
            for credential in others:
                status, location, _ = await post_pin(hub, credential.code, credential.pin)
                assert status == 403, f"the {credential.role.value}'s PIN opened {location}"
                assert credential.token not in location
                with pytest.raises(CredentialError):
                    hub.credentials.by_pin(conference_id, credential.pin, hub.meeting.now(),
                                           source="198.51.100.7")
            # and what they now carry is no PIN at all
            assert all(c.pin == "" for c in hub.credentials.for_conference(conference_id)
                       if c.role is not CredentialRole.PARTICIPANT)
            # a participant's own code and PIN still open their link, and that link is not
            # the chair's bearer token, with or without the word "Bearer"
            jade = hub.credentials.issue_for(hub.meeting.conference, hub.person(JADE))
            assert len(jade.pin) == 8
            status, location, _ = await post_pin(hub, jade.code, jade.pin)
            assert status == 303 and location == f"/join/{jade.token}"
            status, _ = await hub.api("GET", "/api/links", token=jade.token)
            assert status == 401
            async with aiohttp.ClientSession() as client:
                for header in (hub.running.chair_token, f"Token {hub.running.chair_token}",
                               f"bearer{hub.running.chair_token}"):
                    async with client.get(f"{hub.url}/api/links", ssl=_insecure(),
                                          headers={"Authorization": header}) as response:
                        assert response.status == 401, header[:12]

    run(scenario())


def test_guessing_from_one_address_is_slowed_and_others_still_get_in(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            clock = FakeMonotonic()  # time moves only when told
            hub.credentials.pin_guard.clock = clock
            jade = hub.credentials.issue_for(hub.meeting.conference, hub.person(JADE))
            wrong = _wrong(jade.pin)
            statuses = [(await post_pin(hub, jade.code, wrong))[0] for _ in range(60)]
            assert statuses[:5] == [403] * 5, "the first few mistakes are just wrong PINs"
            assert set(statuses[5:]) == {429}, statuses
            status, _, text = await post_pin(hub, jade.code, jade.pin)
            assert status == 429 and "wait" in text, "this address must wait, right PIN or not"
            # someone typing at another address is not held up by those guesses
            status, location, _ = await post_pin(hub, jade.code, jade.pin, "127.0.0.2")
            assert status == 303 and location == f"/join/{jade.token}"
            # the wait doubles: 1 s after the 5th wrong PIN, then 2 s after the 6th
            clock.now += 1.01
            assert (await post_pin(hub, jade.code, wrong))[0] == 403
            clock.now += 1.5
            assert (await post_pin(hub, jade.code, wrong))[0] == 429
            clock.now += 0.6
            assert (await post_pin(hub, jade.code, wrong))[0] == 403
            # 7 wrong PINs in the whole run were checked from 127.0.0.1, not 62
            clock.now += 3
            status, body = await hub.api("GET", "/api/pin-entry")
            assert status == 200 and body["wrong_pins_today"] == 7

    run(scenario())


def test_a_spent_budget_closes_pin_entry_for_everyone_and_tells_the_chair(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            notices: list[HubNotice] = []
            hub.running.server.hub.notices.append(notices.append)
            jade = hub.credentials.issue_for(hub.meeting.conference, hub.person(JADE))
            liam = hub.credentials.issue_for(hub.meeting.conference, hub.person(LIAM))
            wrong = _wrong(jade.pin)
            budget, free = 50, 5  # the defaults (PinPolicy)
            sources = [f"127.0.1.{n}" for n in range(1, 60)]
            sent = 0
            for source in sources:  # many addresses, each within its free tries
                for _ in range(free):
                    if sent < budget:
                        assert (await post_pin(hub, jade.code, wrong, source))[0] == 403
                        sent += 1
            assert any("guessing PINs" in n.message for n in notices), "the chair was not told"
            # now even the right PIN, from an address that never guessed, is refused
            status, _, text = await post_pin(hub, liam.code, liam.pin, "127.0.2.1")
            assert status == 429 and "paused" in text
            line = _line(hub.credentials, hub.meeting.conference.id, hub)
            assert line.identify(liam.pin, "127.0.2.2") is None
            # the join link itself still works
            assert (await _get(f"{hub.url}/join/{liam.token}"))[0] == 200
            # after the cool-down it reopens, but one more wrong PIN closes it again
            clock = FakeMonotonic(time.monotonic())
            hub.credentials.pin_guard.clock = clock
            clock.now += 30 * 60 + 1
            assert (await post_pin(hub, jade.code, wrong, "127.0.2.3"))[0] == 403
            assert (await post_pin(hub, liam.code, liam.pin, "127.0.2.4"))[0] == 429
            # the chair reopens it
            status, body = await hub.api("POST", "/api/pin-entry/reopen", {})
            assert status == 200, body
            status, location, _ = await post_pin(hub, liam.code, liam.pin, "127.0.2.5")
            assert status == 303 and location == f"/join/{liam.token}"

    run(scenario())


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as client, client.get(url, ssl=_insecure()) as response:
        return response.status, await response.text()


def _line(credentials: Credentials, conference_id: str, hub: Any) -> PhoneLine:
    nothing: Any = SimpleNamespace()
    return PhoneLine(nothing, credentials, conference_id, SipSettings(),
                     hub.meeting.now, prompt_dir=Path("/nonexistent"))


def _call(number: str, call_id: str, source: str) -> Any:
    return SimpleNamespace(caller=number, call_id=call_id, source=(source, 5060),
                           on_established=None, on_digit=None, on_audio=None,
                           on_hold_changed=None, on_ended=None)


def test_the_phone_line_counts_wrong_pins_by_signalling_address_with_the_web_form(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            conference_id = hub.meeting.conference.id
            line = _line(hub.credentials, conference_id, hub)
            jade = hub.credentials.issue_for(hub.meeting.conference, hub.person(JADE))
            wrong = _wrong(jade.pin)
            attacker = "198.51.100.20"
            for n in range(3):  # anonymous, then a new From number on every call
                number = "unknown" if n == 0 else f"*******{n:03d}"
                assert line._accept(_call(number, f"a{n}", attacker))
                for _ in range(2):
                    assert line.identify(wrong, attacker) is None
            # five were checked (the sixth came too soon): the next call from that address is
            # refused, whatever its From
            assert not line._accept(_call("unknown", "a9", attacker))
            assert not line._accept(_call("*******555", "a10", attacker))
            assert line.identify(jade.pin, attacker) is None, "the right PIN while paused"
            # a caller through another address gets in; so does the web form
            assert line._accept(_call("*******777", "b1", "203.0.113.5"))
            assert line.identify(jade.pin, "203.0.113.5") == hub.person(JADE)
            status, location, _ = await post_pin(hub, jade.code, jade.pin, "127.0.0.3")
            assert status == 303 and location == f"/join/{jade.token}"
            # and the phone line's wrong PINs count in the same conference budget as the web's
            status, body = await hub.api("GET", "/api/pin-entry")
            assert status == 200 and body["wrong_pins_today"] == 5

    run(scenario())


def test_the_guard_alone_budget_arithmetic_and_sources() -> None:
    from facilitator.services.rtc.pin_guard import PinGuard, PinPolicy, source_key

    clock = FakeMonotonic()
    guard = PinGuard(PinPolicy(budget=10, cool_down=60.0, window=600.0), clock)
    told: list[str] = []
    guard.listeners.append(lambda conference, message: told.append(message))
    for n in range(10):
        assert guard.pause("c", f"10.0.0.{n}") is None
        guard.failed("c", f"10.0.0.{n}")
    paused = guard.pause("c", "10.9.9.9")
    assert paused is not None and paused.everyone and paused.seconds == pytest.approx(60.0)
    assert guard.pause("other conference", "10.9.9.9") is None
    assert len(told) == 2  # half the budget, then closed
    # the day's maximum: budget + one per cool-down
    assert PinPolicy().most_failures_per_window() == 50 + 48
    # a window later everything is forgotten
    clock.now += 601
    assert guard.pause("c", "10.9.9.9") is None
    # IPv6: one /64 is one source; an IPv4-mapped address is its IPv4 address
    assert source_key("2001:db8:1:2::1") == source_key("2001:db8:1:2:ffff::9")
    assert source_key("2001:db8:1:3::1") != source_key("2001:db8:1:2::1")
    assert source_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert source_key(None) == "unknown"


def test_paused_entry_says_why() -> None:
    from facilitator.services.rtc.credentials import PinEntryPaused
    from facilitator.services.rtc.pin_guard import Pause

    assert "wait 4 seconds" in str(PinEntryPaused(Pause(3.6, everyone=False)))
    assert "ask the chair" in str(PinEntryPaused(Pause(100.0, everyone=True)))
