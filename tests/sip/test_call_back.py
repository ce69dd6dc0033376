"""A caller who hung up and calls back has one state: waiting to be admitted again (not
"left" and "waiting" at once), whether they hung up in the meeting or while a segment kept
them out; once admitted they have returned."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.segments import ExclusionGround
from facilitator.services.rtc.media_loop import new_media_loop
from facilitator.views import PeopleGroup, group_of

from .harness import LineHub, running_line
from .phone import ScriptedPhone
from .test_hold import wait_until

pytestmark = pytest.mark.slow
JADE = "Jade Thornbury"


async def row(hub: LineHub, attendee_id: str) -> dict[str, Any]:
    status, state = await hub.api("GET", "/api/state")
    assert status == 200, state
    return next(p for p in state["people"] if p["id"] == attendee_id)


async def dial_in(hub: LineHub, phone: ScriptedPhone) -> None:
    await phone.call()
    await asyncio.sleep(0.3)
    await phone.pin(hub.pin(JADE) + "#")


@pytest.mark.parametrize("where", ["in the meeting", "out of a segment"])
def test_a_caller_who_hung_up_and_calls_back_is_waiting_then_returns(
        tmp_path: Path, where: str) -> None:
    async def scenario() -> None:
        async with running_line(tmp_path) as hub:
            jade = hub.person(JADE)
            conference = hub.meeting.conference
            phone = await ScriptedPhone.open(hub.sip_address)
            await dial_in(hub, phone)
            await wait_until(lambda: jade in conference.waiting, 10)
            status, body = await hub.api("POST", "/api/admit", {"all": True})
            assert status == 200, body
            await wait_until(lambda: conference.in_meeting(jade))
            if where == "out of a segment":
                hub.meeting.exclude([jade],
                                    [ExclusionGround.FAMILY_CONFLICT], "Priya Okonedo",
                                    "separate parts")
                caller = hub.line.caller_of(jade)
                assert caller is not None
                await wait_until(lambda: caller.state.name == "OUT")
            await phone.bye()
            await wait_until(lambda: conference.attendee(jade).state is AttendanceState.LEFT)

            await dial_in(hub, phone)  # the same person calls back
            caller = None
            await wait_until(lambda: hub.line.caller_of(jade) is not None, 10)
            caller = hub.line.caller_of(jade)
            assert caller is not None
            await wait_until(lambda: caller.state.name == "WAITING", 10)
            assert jade in conference.waiting, "calling back is arriving again"
            shown = await row(hub, jade)
            expected = "waiting" if where == "in the meeting" else "out_of_segment"
            assert shown["attendance"] == expected, shown
            assert group_of(conference, conference.attendee(jade)) is PeopleGroup[
                expected.upper()]

            if where == "out of a segment":
                hub.meeting.readmit([jade])
                await asyncio.sleep(0.3)
                assert caller.state.name == "WAITING", "brought back, then hung up on"
                assert (await row(hub, jade))["attendance"] == "waiting"
            status, body = await hub.api("POST", "/api/admit", {"all": True})
            assert status == 200, body
            await wait_until(lambda: caller.state.name == "IN_MEETING")
            assert conference.attendee(jade).state is AttendanceState.RETURNED
            assert (await row(hub, jade))["attendance"] == "phone"
            await phone.bye()
            phone.close()

    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        runner.run(asyncio.wait_for(scenario(), 60))
