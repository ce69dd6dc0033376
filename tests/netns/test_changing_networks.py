"""The join page in headless Chromium at home, behind NAT, through the council's firewall
(tests/netns/network.py): the home router's NAT mapping changes mid-call, its network starts
dropping all UDP, and the page is back, measured from the change to the moment both sides
hear each other again for good."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, Playwright, async_playwright

from ..rtc.peers import Peer, tone_power
from ..rtc.test_browser import BROWSER_HEARD, BROWSER_TONE, chromium, energy_over, tone_wav
from ..rtc.test_hub_audio import C_TONE, JADE, TOM
from .test_through_firewalls import Deployment, deployment

pytestmark = pytest.mark.slow
PAGE_HEARS = 0.003  # the page's inbound audio energy over a 0.3 s sample while Tom speaks
SELECTED = """async () => { const stats = await window.facilitator.pc.getStats();
    let pair = null;
    stats.forEach((r) => {
        if (r.type === 'transport') pair = stats.get(r.selectedCandidatePairId); });
    const local = pair ? stats.get(pair.localCandidateId) : null;
    return local ? [local.candidateType, local.relayProtocol || local.protocol] : null; }"""


GENERATION = """async () => { let ufrag = null, pair = null;
    (await window.facilitator.pc.getStats()).forEach((r) => { if (r.type === 'transport') {
        ufrag = r.iceLocalUsernameFragment; pair = r.selectedCandidatePairId; } });
    const offered = window.facilitator.pc.localDescription.sdp.match(/a=ice-ufrag:(\\S+)/);
    return [ufrag, offered && offered[1], pair]; }"""


def sample(net: Deployment, page: Page, tom: Peer, seconds: float = 0.3) -> bool:
    """Do Tom and the page hear each other now? (Both measured at the same time.)"""
    tom_hears = net.council.submit(tom.listen_for(seconds))
    page_hears = net.home.submit(energy_over(page, seconds))
    return (tone_power(tom_hears.result(10), BROWSER_TONE) > BROWSER_HEARD
            and page_hears.result(10) > PAGE_HEARS)


def back_after(net: Deployment, page: Page, tom: Peer, window: float) -> float:
    """Seconds from now until both hear each other for good (the end of the last sample in
    which either did not), sampling for `window` seconds."""
    started = time.monotonic()
    back = 0.0
    while time.monotonic() - started < window:
        if not sample(net, page, tom):
            back = time.monotonic() - started
    return back


@pytest.fixture
def phone_at_home(tmp_path: Path) -> Iterator[tuple[Deployment, Page, Peer]]:
    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE, seconds=180)
    with deployment(tmp_path) as net:
        tom = net.peer(TOM, C_TONE)  # in the council's network
        net.council.run(tom.connect())
        net.council.run(tom.join())

        async def open_page() -> tuple[Playwright, Browser, Page]:
            playwright = await async_playwright().start()
            browser = await chromium(playwright, audio)  # started from the home's thread: home
            page = await browser.new_page()
            await page.goto(f"{net.hub.url}/join/{net.tokens[JADE]}")
            await page.wait_for_selector("text=Hello Jade Thornbury.")
            await page.click("#join-audio")
            await page.wait_for_selector("#waiting:not([hidden])")
            return playwright, browser, page

        playwright, browser, page = net.home.run(open_page())
        try:
            net.chair("POST", "/api/admit", {"all": True})
            net.home.run(page.wait_for_function(
                "window.facilitator.connection === 'connected'", timeout=20000))
            assert back_after(net, page, tom, 3.0) < 2.0, "no call to begin with"
            yield net, page, tom
        finally:
            net.home.run(browser.close())
            net.home.run(playwright.stop())
            net.council.run(tom.close())


def same_call(net: Deployment, page: Page) -> Any:
    return net.home.run(page.evaluate("window.facilitator.ws === window.callSocket"))


def test_the_phone_is_back_within_5_s_when_its_nat_mapping_changes_or_udp_is_dropped(
        phone_at_home: tuple[Deployment, Page, Peer]) -> None:
    net, page, tom = phone_at_home
    net.home.run(page.evaluate("window.callSocket = window.facilitator.ws"))

    net.network.change_nat_mapping(("udp",))  # the call's mapping; the page's TCP one stays
    udp_rebound = back_after(net, page, tom, 8.0)
    assert udp_rebound < 5.0, f"back {udp_rebound:.1f} s after the NAT mapping changed"
    assert same_call(net, page), "the page reconnected: the call did not survive"

    net.network.drop_home_udp()  # mid-call: a network that lets no UDP through
    udp_dropped = back_after(net, page, tom, 8.0)
    assert udp_dropped < 5.0, f"back {udp_dropped:.1f} s after UDP was dropped"
    assert same_call(net, page)
    candidate = net.home.run(page.evaluate(SELECTED))
    assert candidate is not None and candidate[0] == "relay" and candidate[1] in ("tcp", "tls"), \
        candidate

    before = net.home.run(page.evaluate(GENERATION))  # an ICE restart through TURN over TCP
    started = time.monotonic()
    net.home.run(page.evaluate("window.facilitator.restartIce()"))
    while (now := net.home.run(page.evaluate(GENERATION)))[0] in (before[0], None) or \
            now[0] != now[1] or now[2] == before[2]:  # until through the new generation
        assert time.monotonic() - started < 5.0, f"the restart did not complete: {now}"
        time.sleep(0.05)
    restarted = time.monotonic() - started
    assert back_after(net, page, tom, 2.0) < 1.0, "the restart interrupted the call"
    assert same_call(net, page) and net.home.run(page.evaluate(SELECTED))[0] == "relay"
    print(f"\nback after the home's UDP mapping changed: {udp_rebound:.1f} s; after all UDP "
          f"was dropped mid-call: {udp_dropped:.1f} s (through TURN over {candidate[1]}); "
          f"an ICE restart through TURN took {restarted:.2f} s")


def test_when_every_mapping_changes_the_page_reconnects_and_is_back(
        phone_at_home: tuple[Deployment, Page, Peer]) -> None:
    """TCP too: the page's signalling socket goes with its mapping (the hub resets what
    arrives from the new port), so the page reconnects with the same link when it next sends
    (its ping, within 5 s) and the call is set up again. The hub's old connection is reset by
    the home router here (Linux answers for a forgotten mapping); a router that drops silently
    adds the hub's 2 s "are you there?"."""
    net, page, tom = phone_at_home
    net.network.change_nat_mapping()
    everything = back_after(net, page, tom, 14.0)
    print(f"\nback after every NAT mapping changed (signalling too): {everything:.1f} s")
    assert everything < 10.0
    assert net.home.run(page.evaluate("window.facilitator.lastState")) == "in_meeting"
