"""Excluding someone never brings back a person the chair put out for a reason of their own.

`MeetingApi.exclude` swaps the two sides of a child/parent split in one step (the child out
while the parents speak, or the reverse). Found by the egress property test's exploration: a
parent's supporter alone out of the meeting counts as "the other side"."""

from __future__ import annotations

from facilitator.domain.attendees import AttendanceMode, AttendanceState
from facilitator.domain.clock import ManualClock
from facilitator.domain.segments import ExclusionGround
from facilitator.meeting.api import MeetingApi

from .test_egress_property import START, _in_meeting, prepared_session


def test_excluding_a_parent_keeps_her_supporter_out() -> None:
    clock = ManualClock(START)
    session = prepared_session(clock)
    api = MeetingApi(session)
    ids = {a.name: a.id for a in session.conference.attendees.values()}
    jade, carys = ids["Jade Thornbury"], ids["Carys Bell"]
    _in_meeting(api, jade, carys)
    api.exclude([carys], [ExclusionGround.THREAT_OF_VIOLENCE], "Helen Marsh",
                "threats made to the social worker")
    clock.advance(seconds=60)
    api.exclude([jade], [ExclusionGround.LEGAL_PROCEEDINGS], "DC Tom Reddaway",
                "a criminal investigation")
    assert jade in api.conference.excluded_now
    assert carys in api.conference.excluded_now, "Carys was brought back into the meeting"
    assert not api.guard.admits_live(carys)


def test_a_genuine_child_parent_split_still_swaps() -> None:
    """The swap itself is wanted (and still happens): the child out while her mother and her
    mother's supporter speak, then the mother out while the child speaks; the supporter, out
    with her side, comes back with it."""
    clock = ManualClock(START)
    session = prepared_session(clock)
    api = MeetingApi(session)
    api.add_attendee("Maisie Thornbury", "child", mode=AttendanceMode.VIDEO, child_id="maisie",
                     state=AttendanceState.CONFIRMED)
    ids = {a.name: a.id for a in session.conference.attendees.values()}
    jade, carys, maisie = ids["Jade Thornbury"], ids["Carys Bell"], ids["Maisie Thornbury"]
    _in_meeting(api, jade, carys, maisie)
    api.exclude([jade, carys], [ExclusionGround.CHILD_PARENT_CONFLICT], "Helen Marsh",
                "the child's part")
    clock.advance(seconds=60)
    api.exclude([maisie], [ExclusionGround.CHILD_PARENT_CONFLICT], "Helen Marsh",
                "the parents' part")
    assert api.conference.excluded_now == {maisie}


def test_a_parent_out_with_his_interpreter_still_swaps_with_the_child() -> None:
    """Liam out with Zofia, his interpreter, then the child's turn to be out: the interpreter
    out with him is no side of her own; both come back as Maisie goes out."""
    clock = ManualClock(START)
    session = prepared_session(clock)
    api = MeetingApi(session)
    api.add_attendee("Maisie Thornbury", "child", mode=AttendanceMode.VIDEO, child_id="maisie",
                     state=AttendanceState.CONFIRMED)
    ids = {a.name: a.id for a in session.conference.attendees.values()}
    liam, zofia, maisie = ids["Liam Ashcombe"], ids["Zofia Nowak"], ids["Maisie Thornbury"]
    api.change_mode(zofia, AttendanceMode.VIDEO)
    _in_meeting(api, liam, zofia, maisie)
    api.exclude([liam], [ExclusionGround.CHILD_PARENT_CONFLICT], "Helen Marsh",
                "the child's part")
    assert api.conference.excluded_now == {liam, zofia}
    clock.advance(seconds=60)
    api.exclude([maisie], [ExclusionGround.CHILD_PARENT_CONFLICT], "Helen Marsh",
                "the parents' part")
    assert api.conference.excluded_now == {maisie}
    assert api.guard.admits_live(zofia) and not api.guard.admits_live(maisie)
