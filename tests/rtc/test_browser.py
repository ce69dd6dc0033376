"""Headless Chromium (fake camera and microphone) joins through the real join page."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np
from playwright.async_api import Browser, Page, Playwright, async_playwright

from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource

from .harness import Hub, running_hub
from .peers import tone_power
from .test_hub_audio import B_TONE, JADE, LIAM, run

BROWSER_TONE = 600.0
# Chrome's own noise suppression treats a steady tone as noise and turns it down a lot;
# it still arrives far above silence (< 0.002).
BROWSER_HEARD = 0.005
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def browser_env() -> dict[str, str]:
    """Headless Chromium plays received audio through its own null output only when it finds
    no X display (under xvfb-run it tries a desktop sound server and plays nothing)."""
    return {k: v for k, v in os.environ.items() if k != "DISPLAY"}


def tone_wav(path: Path, frequency: float, seconds: float = 30.0) -> Path:
    t = np.arange(int(48000 * seconds)) / 48000
    pcm = (0.3 * np.sin(2 * np.pi * frequency * t) * 32767).astype(np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(48000)
        out.writeframes(pcm.tobytes())
    return path


def chromium_args(audio: Path) -> list[str]:
    return [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={audio}",
        "--ignore-certificate-errors", "--autoplay-policy=no-user-gesture-required",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
    ]


async def chromium(playwright: Playwright, audio: Path) -> Browser:
    """Headless Chromium with a fake camera, and `audio` as its microphone."""
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args(audio),
                                            env=browser_env())


async def open_jades_link(hub: Hub, page: Page) -> None:
    await page.goto(f"{hub.url}/join/{hub.token(JADE)}")
    await page.wait_for_selector("text=Hello Jade Thornbury.")


async def inbound_audio_energy(page: Page) -> float:
    result: Any = await page.evaluate("""async () => {
        const pc = window.facilitator.pc; if (!pc) return 0;
        let energy = 0;
        (await pc.getStats()).forEach((r) => {
            if (r.type === 'inbound-rtp' && r.kind === 'audio') energy += r.totalAudioEnergy || 0;
        });
        return energy; }""")
    return float(result)


async def energy_over(page: Page, seconds: float) -> float:
    before = await inbound_audio_energy(page)
    await asyncio.sleep(seconds)
    return await inbound_audio_energy(page) - before


def test_browser_joins_waits_is_admitted_and_excluded(tmp_path: Path) -> None:
    assert Path(CHROMIUM).exists(), "chromium missing: bash scripts/setup.sh test installs it"
    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE)

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub, async_playwright() as playwright:
            browser = await chromium(playwright, audio)
            page = await browser.new_page(viewport={"width": 1000, "height": 800})
            await open_jades_link(hub, page)
            await page.click("#join-video")
            await page.wait_for_selector("#waiting:not([hidden])")
            assert "Please wait" in await page.inner_text("#waiting")

            liam = hub.peer(LIAM, B_TONE)
            await liam.connect()
            await liam.join()
            await asyncio.sleep(1.5)
            assert await energy_over(page, 1.0) < 0.001, "the waiting browser hears audio"

            await hub.api("POST", "/api/admit", {"all": True})
            await page.wait_for_selector("#meeting:not([hidden])")
            roster = await page.inner_text("#roster")
            assert "Priya Okonedo\nChild's social worker, in the room" in roster
            assert "Liam Ashcombe" in roster
            assert "Welcome, purpose and agenda" in await page.inner_text("#stage")
            for _ in range(20):  # the browser's media may take a few seconds on a busy machine
                if await energy_over(page, 0.5) > 0.003:
                    break
            assert await energy_over(page, 1.5) > 0.01, "the browser hears nothing"
            heard_by_liam = await liam.listen_for(1.5)
            assert tone_power(heard_by_liam, BROWSER_TONE) > BROWSER_HEARD, (
                "nobody hears the browser")
            now = hub.meeting.now()
            hub.meeting.record_utterance(hub.person(LIAM),
                                UtteranceSource.VIDEO, now, now, "Thank you for joining.")
            await page.wait_for_selector("#captions li")
            assert await page.inner_text("#captions") == "Liam Ashcombe: Thank you for joining."
            await page.screenshot(path=str(tmp_path / "browser-meeting.png"))

            hub.meeting.exclude([hub.person(JADE)],
                                [ExclusionGround.CONFIDENTIAL_INFORMATION], "Priya Okonedo",
                                "legal advice")
            await page.wait_for_selector("#out-of-part:not([hidden])")
            assert await page.is_hidden("#meeting")
            assert "Liam" not in await page.inner_text("body")
            assert "Thank you" not in await page.inner_text("body"), "captions stay on screen"
            await asyncio.sleep(0.5)
            assert await energy_over(page, 1.5) < 0.001, "the excluded browser hears the meeting"
            heard_by_liam = await liam.listen_for(1.5)
            assert tone_power(heard_by_liam, BROWSER_TONE) < 0.002, "the excluded browser is heard"

            await page.click("#leave")
            await page.wait_for_selector("#finished:not([hidden])")
            await liam.close()
            await browser.close()

    run(scenario())


def test_phone_sized_screen_audio_only(tmp_path: Path) -> None:
    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE, seconds=10)

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub, async_playwright() as playwright:
            browser = await chromium(playwright, audio)
            context = await browser.new_context(viewport={"width": 360, "height": 640},
                                                is_mobile=True, has_touch=True)
            page = await context.new_page()
            await open_jades_link(hub, page)
            join = await page.query_selector("#join-audio")
            assert join is not None
            box = await join.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
            await page.click("#join-audio")
            await page.wait_for_selector("#waiting:not([hidden])")
            await hub.api("POST", "/api/admit", {"all": True})
            await page.wait_for_selector("#meeting:not([hidden])")
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, "the page scrolls sideways on a phone"
            await page.wait_for_function("window.facilitator.pc && "
                                         "window.facilitator.pc.localDescription")
            sdp = await page.evaluate("window.facilitator.pc.localDescription.sdp")
            assert "m=video" not in sdp, "audio only must not send or receive video"
            await page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
            mute = await page.query_selector("#mute")
            assert mute is not None
            await mute.click()
            await asyncio.sleep(0.3)
            peer = hub.running.server.hub.peers[hub.person(JADE)]
            assert peer.muted
            await browser.close()

    run(scenario())


def test_a_test_call_before_the_day_is_recorded_for_the_chair(tmp_path: Path) -> None:
    from facilitator.domain.preparation import CheckResult

    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE, seconds=20)

    async def scenario() -> None:
        async with running_hub(tmp_path, start_meeting=False) as hub, \
                async_playwright() as playwright:
            browser = await chromium(playwright, audio)
            page = await browser.new_page()
            await open_jades_link(hub, page)
            await page.click("#test-call")
            await page.wait_for_selector("#testing:not([hidden])")
            await page.wait_for_selector("#send-test:not([disabled])", timeout=30000)
            assert await page.inner_text("#check-microphone") == "working"
            assert await page.inner_text("#check-connection") == "working"
            await page.click("#send-test")
            await page.wait_for_selector("#test-sent:not([hidden])")
            assert hub.person(JADE) not in hub.meeting.conference.waiting, (
                "a test call must not put anyone in the waiting room")
            checks = hub.meeting.conference.preparation
            check = checks.technology[hub.person(JADE)]
            assert check.microphone is CheckResult.WORKS
            assert check.connection is CheckResult.WORKS
            assert check.camera is CheckResult.WORKS
            await browser.close()

    run(scenario())


def test_the_join_page_answers_for_its_link_and_comes_back_when_the_hub_goes_quiet(
        tmp_path: Path) -> None:
    """A second tab with the same link is refused while the first answers; a page that hears
    nothing from the hub (its network went) reconnects by itself, back into the meeting."""
    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE, seconds=60)

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub, async_playwright() as playwright:
            browser = await chromium(playwright, audio)
            page = await browser.new_page()
            await open_jades_link(hub, page)
            await page.click("#join-audio")
            await page.wait_for_selector("#waiting:not([hidden])")
            await hub.api("POST", "/api/admit", {"all": True})
            await page.wait_for_selector("#meeting:not([hidden])")
            await page.wait_for_function("window.facilitator.connection === 'connected'")

            second = await browser.new_page()  # a second device with the same link
            await second.goto(f"{hub.url}/join/{hub.token(JADE)}")
            await second.wait_for_selector("#finished:not([hidden])", timeout=10000)
            assert "already in use" in await second.inner_text("#finished-text")
            await second.close()
            assert await page.is_visible("#meeting")  # the first is still in

            server = hub.running.server
            handle = server._handle
            quiet = {"on": True}

            async def hub_goes_quiet(attendee_id: str, name: str, socket: Any, peer: Any,
                                     message: Any) -> Any:
                if quiet["on"] and getattr(message, "kind", None) in ("ping", "here"):
                    return peer  # as if the network between them had gone
                return await handle(attendee_id, name, socket, peer, message)

            server._handle = hub_goes_quiet  # type: ignore[method-assign]
            await page.evaluate("window.firstSocket = window.facilitator.ws")
            await page.wait_for_selector("text=Connection lost. Reconnecting…", timeout=20000)
            quiet["on"] = False
            await page.wait_for_function(
                "window.facilitator.ws !== window.firstSocket && "
                "window.facilitator.lastState === 'in_meeting' && "
                "window.facilitator.connection === 'connected'", timeout=20000)
            assert await page.is_visible("#meeting")
            assert await page.is_hidden("#problem"), await page.inner_text("#problem")
            assert hub.person(JADE) in hub.running.server.hub.policy.in_meeting
            await browser.close()

    run(scenario())


def test_reloading_the_page_while_excluded_lands_in_the_waiting_room(tmp_path: Path) -> None:
    """The old page is still alive while the reload asks for the new one: it must not make
    the link look "already in use". Back on the screen for a part of the meeting she is not
    in within 3 s, then readmitted."""
    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE, seconds=60)

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub, async_playwright() as playwright:
            browser = await chromium(playwright, audio)
            page = await browser.new_page()
            await open_jades_link(hub, page)
            await page.click("#join-audio")
            await page.wait_for_selector("#waiting:not([hidden])")
            await hub.api("POST", "/api/admit", {"all": True})
            await page.wait_for_selector("#meeting:not([hidden])")
            hub.meeting.exclude([hub.person(JADE)], [ExclusionGround.CONFIDENTIAL_INFORMATION],
                                "Priya Okonedo", "legal advice")
            await page.wait_for_selector("#out-of-part:not([hidden])")
            for _ in range(3):
                started = time.monotonic()
                await page.reload()
                await page.wait_for_function("window.facilitator.lastState === 'waiting'",
                                             timeout=10000)
                await page.wait_for_selector("#out-of-part:not([hidden])", timeout=3000)
                assert time.monotonic() - started < 3.0
                assert "already in use" not in await page.inner_text("body")
            hub.meeting.readmit([hub.person(JADE)])
            await page.wait_for_selector("#meeting:not([hidden])", timeout=10000)
            await browser.close()

    run(scenario())
