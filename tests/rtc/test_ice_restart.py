"""An ICE restart on the same call: the join page's new offer (new ICE credentials) is
answered by the hub on the same peer, and the call goes on without a new connection."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aioice import Connection
from playwright.async_api import async_playwright

from facilitator.meeting.settings import ServeSettings
from facilitator.services.rtc.ice_restart import ice_connection
from facilitator.services.rtc.turn import turn_password

from .harness import running_hub
from .peers import tone_power
from .test_browser import (
    BROWSER_HEARD,
    BROWSER_TONE,
    chromium,
    energy_over,
    open_jades_link,
    tone_wav,
)
from .test_hub_audio import B_TONE, JADE, LIAM, run

TRANSPORT_STATS = """async () => { let found = null;
    (await window.facilitator.pc.getStats()).forEach((r) => { if (r.type === 'transport')
        found = r; });
    return found; }"""


def test_the_aioice_internals_the_restart_relies_on_are_there() -> None:
    connection = Connection(ice_controlling=False)
    for name in ("_local_username", "_local_password", "_add_remote_candidate",
                 "remote_username", "remote_password", "_nominated"):
        assert hasattr(connection, name), f"aioice's Connection has no {name} any more"


def test_the_page_restarts_ice_and_the_hub_answers_on_the_same_call(tmp_path: Path) -> None:
    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE, seconds=60)

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub, async_playwright() as playwright:
            browser = await chromium(playwright, audio)
            page = await browser.new_page()
            await open_jades_link(hub, page)
            await page.click("#join-audio")
            await page.wait_for_selector("#waiting:not([hidden])")
            liam = hub.peer(LIAM, B_TONE)
            await liam.connect()
            await liam.join()
            await hub.api("POST", "/api/admit", {"all": True})
            await page.wait_for_function("window.facilitator.connection === 'connected'",
                                         timeout=20000)
            media = hub.running.server.hub
            peer = media.peers[hub.person(JADE)]
            connection = ice_connection(peer.pc)
            before = (connection.local_username, connection.remote_username)
            await page.evaluate("window.firstSocket = window.facilitator.ws")

            await page.evaluate("window.facilitator.restartIce()")
            for _ in range(100):
                if peer.ice_restarts:
                    break
                await asyncio.sleep(0.05)
            assert peer.ice_restarts == 1, "the hub did not take the page's ICE restart"
            assert media.peers[hub.person(JADE)] is peer, "a new call, not a restart"
            assert connection.local_username != before[0]
            assert connection.remote_username != before[1]
            await page.wait_for_function(
                "window.facilitator.connection === 'connected' && "
                "!window.facilitator.restartedAt && "
                "window.facilitator.ws === window.firstSocket", timeout=10000)
            sdp = await page.evaluate("window.facilitator.pc.remoteDescription.sdp")
            assert f"a=ice-ufrag:{connection.local_username}" in sdp
            await asyncio.sleep(1.0)
            transport = await page.evaluate(TRANSPORT_STATS)
            ufrag = await page.evaluate(
                "window.facilitator.pc.localDescription.sdp.match(/a=ice-ufrag:(.*)/)[1]")
            assert transport["iceLocalUsernameFragment"] == ufrag.strip(), (
                "the call still goes through the first ICE generation")
            assert transport["selectedCandidatePairChanges"] >= 2
            assert await energy_over(page, 1.5) > 0.01, "the page no longer hears Liam"
            heard = await liam.listen_for(1.5)
            assert tone_power(heard, BROWSER_TONE) > BROWSER_HEARD, "Liam no longer hears"
            await liam.close()
            await browser.close()

    run(scenario())


def test_the_page_takes_renewed_turn_credentials_for_its_next_restart(tmp_path: Path) -> None:
    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE, seconds=20)
    secret = tmp_path / "turn-secret"
    secret.write_text("test-shared-secret\n")
    nowhere = "turn:127.0.0.1:9?transport=tcp"  # nothing listens: only the credentials count
    settings = ServeSettings(port=0, turn_servers=(nowhere,), turn_secret_file=secret,
                             turn_lifetime=2)

    async def scenario() -> None:
        async with running_hub(tmp_path, settings=settings) as hub, \
                async_playwright() as playwright:
            browser = await chromium(playwright, audio)
            page = await browser.new_page()
            await open_jades_link(hub, page)
            await page.click("#join-audio")
            await page.wait_for_function("window.facilitator.pc !== null", timeout=10000)
            first = await page.evaluate("window.facilitator.iceServers[0].username")
            assert first.endswith(":" + hub.person(JADE))
            await page.wait_for_function(
                f"window.facilitator.pc.getConfiguration().iceServers[0].username !== '{first}'",
                timeout=5000)
            renewed = await page.evaluate(
                "window.facilitator.pc.getConfiguration().iceServers[0]")
            assert renewed["urls"] == [nowhere]
            assert renewed["credential"] == turn_password("test-shared-secret",
                                                          renewed["username"])
            await browser.close()

    run(scenario())
