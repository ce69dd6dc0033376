"""The join page on a phone (390x844, headless Chromium): the in-call buttons only once joined,
everyone in the meeting listed under a labelled captions box, and a parent out of a part of
the meeting told so, and that she will be brought back, with nothing of that part (issue #16,
item 14)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from playwright.async_api import Page, async_playwright

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain.clock import ManualClock, SystemClock
from facilitator.domain.commands import agenda
from facilitator.domain.segments import ExclusionGround
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore
from facilitator.views import present_for_display

from .harness import running_hub
from .test_browser import BROWSER_TONE, chromium, open_jades_link, tone_wav
from .test_hub_audio import JADE, run

PHONE = {"width": 390, "height": 844}
IN_CALL = ("#mute", "#hand", "#captions-toggle")


async def fits_the_phone(page: Page) -> None:
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
        "the page scrolls sideways on a phone")


def test_the_join_page_on_a_phone(tmp_path: Path) -> None:
    audio = tone_wav(tmp_path / "voice.wav", BROWSER_TONE, seconds=30)

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub, async_playwright() as playwright:
            browser = await chromium(playwright, audio)
            context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = await context.new_page()

            # before joining: the set-up, and no in-call buttons
            await open_jades_link(hub, page)
            assert await page.is_hidden("#controls"), "in-call buttons before joining"
            for button in (*IN_CALL, "#leave"):
                assert await page.is_hidden(button), button
            assert await page.is_visible("#join-audio")
            await fits_the_phone(page)
            await page.screenshot(path=str(tmp_path / "1-setup.png"), full_page=True)

            # the waiting room: only "Leave" means anything there
            await page.click("#join-audio")
            await page.wait_for_selector("#waiting:not([hidden])")
            assert "Please wait" in await page.inner_text("#waiting")
            assert await page.is_visible("#leave")
            for button in IN_CALL:
                assert await page.is_hidden(button), button
            await page.screenshot(path=str(tmp_path / "2-waiting.png"), full_page=True)

            # in the meeting: everyone in it, under a labelled captions box
            await hub.api("POST", "/api/admit", {"all": True})
            await page.wait_for_selector("#meeting:not([hidden])")
            for button in (*IN_CALL, "#leave"):
                assert await page.is_visible(button), button
            expected = [name for name, _, _ in present_for_display(hub.meeting.conference)]
            assert len(expected) >= 6
            roster = await page.inner_text("#roster")
            for name in expected:
                assert name in roster, name
            assert "Jade Thornbury" in roster and "Helen Marsh" in roster
            assert "Priya Okonedo\nChild's social worker, in the room" in roster
            assert await page.inner_text("#roster-title") == (
                f"Who is in the meeting ({len(expected)})")
            assert await page.inner_text("#captions-title") == "Captions"
            assert await page.is_visible("#no-captions")
            await fits_the_phone(page)
            await page.screenshot(path=str(tmp_path / "3-meeting.png"), full_page=True)

            # out of a part: told so, and that the chair brings her back; nothing of the part
            stage = hub.meeting.conference.agenda.current.spec.title
            hub.meeting.exclude([hub.person(JADE)], [ExclusionGround.CONFIDENTIAL_INFORMATION],
                                "DC Tom Reddaway", "a criminal investigation of a relative")
            await page.wait_for_selector("#out-of-part:not([hidden])")
            assert await page.is_hidden("#waiting") and await page.is_hidden("#meeting")
            text = await page.inner_text("#out-of-part")
            assert "You are not in this part of the meeting" in text
            assert "bring you back" in text
            shown = await page.inner_text("body")
            for secret in (stage, "criminal", "investigation", "Reddaway", "Priya", "Liam",
                           "Captions"):
                assert secret not in shown, secret
            assert await page.is_visible("#leave")
            for button in IN_CALL:
                assert await page.is_hidden(button), button
            await fits_the_phone(page)
            await page.screenshot(path=str(tmp_path / "4-out-of-part.png"), full_page=True)

            hub.meeting.readmit([hub.person(JADE)])
            await page.wait_for_selector("#meeting:not([hidden])")
            assert await page.is_hidden("#out-of-part")
            await browser.close()

    run(scenario())


def test_the_chair_is_listed_as_in_the_meeting_from_its_start(tmp_path: Path) -> None:
    """Nobody marked as arrived yet: the page still lists the chair, who runs the meeting."""
    clock = ManualClock(SystemClock().now())
    store = EventStore(open_database(tmp_path / "c.sqlite3"))
    conference = store.create(build_conference(demo_data(clock.now()), clock.now()))
    session = ConferenceSession(store, conference, clock)
    assert present_for_display(session.conference) == []
    clock.set(conference.details.scheduled_start + timedelta(minutes=1))
    session.execute(agenda.start_meeting)
    assert present_for_display(session.conference) == [
        ("Helen Marsh", "Independent conference chair", "in the room")]
