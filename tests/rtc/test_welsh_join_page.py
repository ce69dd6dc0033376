"""The join page in Welsh on a phone (390x844, headless Chromium): a mother recorded as a
Welsh speaker finds her page in Welsh from the first screen (the hub tells the page her
language), the roster's roles in Welsh, and English one tap away, remembered on her phone;
the meeting-code page switches too (issue #20, Welsh Language Standards)."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.async_api import Page, async_playwright

from facilitator.services.templates import assets_dir

from .harness import running_hub
from .test_browser import BROWSER_TONE, chromium, tone_wav
from .test_hub_audio import JADE, LIAM, run
from .test_join_page_phone import PHONE, fits_the_phone

WEB = assets_dir() / "web"


def keep(shot: Path, name: str) -> None:
    folder = os.environ.get("FACILITATOR_SCREENSHOTS")  # docs/screenshots, for the README
    if folder:
        shutil.copy(shot, Path(folder) / name)


async def shot(page: Page, folder: Path, name: str) -> None:
    await page.screenshot(path=str(folder / name), full_page=True)
    keep(folder / name, name)


def test_every_text_of_the_pages_has_a_welsh_translation() -> None:
    """Every key the pages use is in English and Welsh, with the same {values}."""
    english = json.loads((WEB / "i18n" / "en.json").read_text(encoding="utf-8"))["words"]
    welsh = json.loads((WEB / "i18n" / "cy.json").read_text(encoding="utf-8"))["words"]
    used = set()
    for name in ("join.html", "phone.html"):
        used |= set(re.findall(r'data-i18n(?:-label)?="([a-z_]+)"', (WEB / name).read_text()))
    script = (WEB / "join.js").read_text(encoding="utf-8")
    used |= set(re.findall(r'setText\([^,]+, "([a-z_]+)"', script))
    used |= set(re.findall(r'\btr\("([a-z_]+)"', script))
    used |= set(re.findall(r'finish\("([a-z_]+)"\)', script))
    for either, other in re.findall(  # setText(x, a ? "key" : "key"), finish(a ? "key" : ...)
            r'(?:setText\([^,;]+,|finish\()[^;]*?\? "([a-z_]+)" : "([a-z_]+)"', script):
        used |= {either, other}
    assert len(used) > 50
    assert not used - set(english), f"used but not in en.json: {used - set(english)}"
    assert set(english) == set(welsh), set(english) ^ set(welsh)
    for key, text in welsh.items():
        assert text.strip(), key
        assert sorted(re.findall(r"\{\w+\}", text)) == sorted(
            re.findall(r"\{\w+\}", english[key])), key


def test_the_welsh_join_page_on_a_phone(tmp_path: Path) -> None:
    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE, seconds=30)

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub, async_playwright() as playwright:
            hub.meeting.record_language(hub.person(JADE), "cy")  # recorded in preparation
            browser = await chromium(playwright, audio)
            context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                                locale="en-GB")  # an English phone
            page = await context.new_page()
            await page.goto(f"{hub.url}/join/{hub.token(JADE)}")
            await page.wait_for_selector("text=Helo Jade Thornbury.")
            assert await page.get_attribute("html", "lang") == "cy"
            assert await page.inner_text("#setup-title") == "Ymuno â'r gynhadledd"
            assert await page.inner_text("#join-video") == "Ymuno gyda fideo"
            assert await page.inner_text("#join-audio") == "Ymuno gyda sain yn unig"
            assert await page.inner_text("#language") == "English"
            assert await page.title() == "Ymuno â'r gynhadledd"
            await fits_the_phone(page)
            await shot(page, tmp_path, "welsh-join-page.png")

            await page.click("#join-audio")
            await page.wait_for_selector("#waiting:not([hidden])")
            assert "Arhoswch, os gwelwch yn dda" in await page.inner_text("#waiting")
            assert await page.inner_text("#leave") == "Gadael"

            await hub.api("POST", "/api/admit", {"all": True})
            await page.wait_for_selector("#meeting:not([hidden])")
            title = await page.inner_text("#roster-title")
            assert re.fullmatch(r"Pwy sydd yn y cyfarfod \(\d+\)", title), title
            roster = await page.inner_text("#roster")
            assert "Priya Okonedo\nGweithiwr cymdeithasol y plentyn, yn yr ystafell" in roster
            assert await page.inner_text("#stage") == "Nawr: Croeso, diben ac agenda"
            assert await page.inner_text("#captions-title") == "Capsiynau"
            assert await page.inner_text("#mute") == "Tewi"
            await page.click("#mute")
            assert await page.inner_text("#mute") == "Dad-dewi"
            await fits_the_phone(page)
            await shot(page, tmp_path, "welsh-join-page-meeting.png")

            # English, one tap away: everything on screen changes, and her choice is kept
            await page.click("#language")
            await page.wait_for_function("document.documentElement.lang === 'en'")
            assert re.fullmatch(r"Who is in the meeting \(\d+\)",
                                await page.inner_text("#roster-title"))
            assert "Child's social worker, in the room" in await page.inner_text("#roster")
            assert await page.inner_text("#mute") == "Unmute"  # still muted, now in English
            assert await page.inner_text("#stage") == "Now: Welcome, purpose and agenda"
            assert await page.inner_text("#language") == "Cymraeg"
            await page.reload()
            await page.wait_for_selector("#meeting:not([hidden])")
            assert await page.get_attribute("html", "lang") == "en"
            await context.close()

            # a Polish speaker's page is in English, with Welsh one tap away
            other = await browser.new_context(viewport=PHONE, is_mobile=True)
            liam = await other.new_page()
            await liam.goto(f"{hub.url}/join/{hub.token(LIAM)}")
            await liam.wait_for_selector("text=Hello Liam Ashcombe.")
            assert await liam.inner_text("#setup-title") == "Join the conference"
            # the meeting-code page, on a Welsh phone
            welsh_phone = await browser.new_context(viewport=PHONE, is_mobile=True,
                                                    locale="cy-GB")
            code = await welsh_phone.new_page()
            await code.goto(hub.url)
            await code.wait_for_function("document.documentElement.lang === 'cy'")
            assert await code.inner_text("h1") == "Ymuno gyda chod eich cyfarfod"
            assert "Cod y cyfarfod" in await code.inner_text("form")
            await fits_the_phone(code)
            await shot(code, tmp_path, "welsh-code-page.png")
            await code.click("#language")
            await code.wait_for_function("document.documentElement.lang === 'en'")
            assert await code.inner_text("h1") == "Join with your meeting code"
            await browser.close()

    run(scenario())


def test_the_servers_own_pages_follow_the_readers_language(tmp_path: Path) -> None:
    """A wrong PIN typed on the Welsh meeting-code page, or a withdrawn link opened on a
    Welsh phone, is answered in Welsh; in English otherwise."""
    import aiohttp

    from .test_pin_entry import _insecure

    async def fetch(client: aiohttp.ClientSession, method: str, url: str,
                    **options: Any) -> tuple[int, str]:
        async with client.request(method, url, allow_redirects=False, **options) as response:
            return response.status, await response.text()

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            connector = aiohttp.TCPConnector(ssl=_insecure())
            async with aiohttp.ClientSession(connector=connector) as client:
                form = {"code": "00000000", "pin": "00000000"}
                status, text = await fetch(client, "POST", f"{hub.url}/phone",
                                           data={**form, "lang": "cy"})
                assert status == 403
                assert "<html lang='cy'>" in text and "Ni allwch ymuno" in text
                assert "Nid yw cod y cyfarfod a&#x27;r PIN yn cyfateb." in text
                status, text = await fetch(client, "POST", f"{hub.url}/phone",
                                           data={"code": "00000000", "pin": "11111111"})
                assert status == 403 and "Cannot join" in text and "do not match" in text
                token = hub.token(JADE)
                hub.credentials.revoke(token, datetime.now(UTC))
                status, text = await fetch(client, "GET", f"{hub.url}/join/{token}",
                                           headers={"Accept-Language": "cy-GB,cy;q=0.9"})
                assert status == 403
                assert "Mae&#x27;r ddolen hon wedi&#x27;i thynnu&#x27;n ôl" in text

    run(scenario())
