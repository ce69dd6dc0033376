"""Headless Chromium through a hub server: the join page, its style, script and signalling
under the conference's path, and the meeting code and PIN form there too."""

from __future__ import annotations

import asyncio
from pathlib import Path

from playwright.async_api import async_playwright

from facilitator.services.rtc.credentials import CredentialRole

from ..rtc.peers import tone_power
from ..rtc.test_browser import BROWSER_HEARD, BROWSER_TONE, chromium, tone_wav
from .hosting import JADE, LIAM, running_host
from .test_host import run


def test_a_browser_joins_a_conference_on_a_hub_server(tmp_path: Path) -> None:
    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE, seconds=20)

    async def scenario() -> None:
        async with running_host(tmp_path) as (host, (a, b)), \
                async_playwright() as playwright:
            browser = await chromium(playwright, audio)
            page = await browser.new_page(viewport={"width": 1000, "height": 800})
            # the meeting code and PIN form at the conference's address
            credentials, conference = a._credentials()
            jade = next(p.id for p in conference.attendees.values() if p.name == JADE)
            credential = credentials.issue_for(conference, jade, CredentialRole.PARTICIPANT)
            credentials.db.close()
            await page.goto(a.base_url)  # without the slash: sent to /c/<slug>/
            await page.fill("input[name=code]", credential.code)
            await page.fill("input[name=pin]", credential.pin)
            await page.click("button[type=submit]")
            await page.wait_for_selector("text=Hello Jade Thornbury.")
            assert page.url == f"{a.base_url}/join/{credential.token}"
            styled = await page.evaluate(
                "getComputedStyle(document.querySelector('main')).maxWidth")
            assert styled != "none", "the join page's style did not load under the prefix"

            await page.click("#join-video")
            await page.wait_for_selector("#waiting:not([hidden])")
            liam_a, liam_b = a.peer(LIAM, 1000.0), b.peer(LIAM, 1700.0)
            await a.join_and_admit(liam_a)
            await b.join_and_admit(liam_b)
            await page.wait_for_selector("#meeting:not([hidden])")
            for _ in range(20):
                heard = await liam_a.listen_for(0.5)
                if tone_power(heard, BROWSER_TONE) > BROWSER_HEARD:
                    break
            heard_a, heard_b = await asyncio.gather(liam_a.listen_for(1.5),
                                                    liam_b.listen_for(1.5))
            assert tone_power(heard_a, BROWSER_TONE) > BROWSER_HEARD, "A does not hear Jade"
            assert tone_power(heard_b, BROWSER_TONE) < 0.002, "B hears A's browser"
            assert set(host.running) == {a.conference_id, b.conference_id}
            await liam_a.close()
            await liam_b.close()
            await browser.close()
    run(scenario())
