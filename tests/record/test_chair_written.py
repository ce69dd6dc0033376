"""What reaches a family copy in writing, and interim decisions, at the level of the domain
commands and the record (the window drives the same in tests/ui/test_chair_surprises.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.calendar import add_working_days
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import record as rc
from facilitator.domain.commands import segments as sg
from facilitator.domain.decisions import Category
from facilitator.domain.errors import DomainError
from facilitator.domain.interim import InterimRequired
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource
from facilitator.meeting.chair_schemas import Decision
from facilitator.record.audience import Audience
from facilitator.record.build import build_record
from facilitator.services.rtc.schemas import Exclude

from .scenario import CHRISTMAS_EVE, ids, new_conference, runner

SECRET = "an assault at the Marlowe Street flat"


def started(*present: str):  # type: ignore[no-untyped-def]
    conf = new_conference()
    clock = ManualClock(CHRISTMAS_EVE)
    do = runner(conf, clock)
    who = ids(conf)
    for name in present:
        do(pe.change_attendance, who[name], AttendanceState.PRESENT)
    do(ag.start_meeting)
    return conf, clock, do, who


def test_excluded_on_confidential_grounds_the_part_is_out_of_the_partners_copy_by_default(
        ) -> None:
    conf, clock, do, who = started("jade", "liam", "priya", "tom", "sian")
    clock.set(CHRISTMAS_EVE + timedelta(minutes=10))
    do(sg.exclude, {who["liam"]}, {ExclusionGround.CONFIDENTIAL_INFORMATION}, who["tom"],
       "Police: a criminal investigation into Liam")
    exclusion = conf.exclusions[0]
    assert exclusion.withheld_in_writing == {who["jade"]} and exclusion.reason_confidential
    clock.set(CHRISTMAS_EVE + timedelta(minutes=11))
    do(rc.record_utterance, who["tom"], UtteranceSource.VIDEO, clock.now(),
       clock.now() + timedelta(seconds=9), f"Liam is under investigation for {SECRET}.")
    clock.set(CHRISTMAS_EVE + timedelta(minutes=12))
    do(ag.extend_meeting, 10, f"Police need time to explain {SECRET}")
    clock.set(CHRISTMAS_EVE + timedelta(minutes=15))
    do(sg.readmit, {who["liam"]})
    jade = build_record(conf, Audience.family_member(conf, who["jade"])).text()
    liam = build_record(conf, Audience.family_member(conf, who["liam"])).text()
    full = build_record(conf, Audience.professionals()).text()
    assert SECRET in full
    assert SECRET not in jade and SECRET not in liam  # not the line, not the chair's reason
    assert "Not in this written copy, though you were present" in jade


def test_the_chair_may_let_the_partner_have_it_in_writing_and_the_record_says_so() -> None:
    conf, _, do, who = started("jade", "liam", "priya", "tom", "sian")
    do(sg.exclude, {who["liam"]}, {ExclusionGround.LEGAL_PROCEEDINGS}, who["tom"],
       "Police interview pending", withheld_in_writing=(), reason_confidential=False)
    full = build_record(conf, Audience.professionals()).text()
    assert "the chair decided everyone who heard this part may receive it in writing" in full
    do(sg.readmit, {who["liam"]})
    with pytest.raises(DomainError, match="Priya Okonedo receives no family copy"):
        do(sg.exclude, {who["liam"]}, {ExclusionGround.LEGAL_PROCEEDINGS}, who["tom"],
           "again", withheld_in_writing=[who["priya"]])


def test_a_reason_marked_confidential_stays_out_of_every_family_copy() -> None:
    conf, clock, do, who = started("jade", "liam", "priya", "tom", "sian")
    clock.set(CHRISTMAS_EVE + timedelta(minutes=20))
    do(ag.extend_meeting, 5, "The police update arrived late", True)
    jade = build_record(conf, Audience.family_member(conf, who["jade"])).text()
    full = build_record(conf, Audience.professionals()).text()
    assert "The police update arrived late" not in jade
    assert "[Confidential] The police update arrived late" in full


def test_without_quorum_the_decision_is_interim_and_says_when_it_is_re_listed() -> None:
    conf, _, do, who = started("jade", "priya", "martin")
    due = add_working_days(date(2026, 12, 24), 10, conf.details.nation)
    assert due == date(2027, 1, 12)  # Christmas, Boxing Day (Monday 28th) and New Year
    with pytest.raises(InterimRequired, match="not quorate") as needed:
        do(rc.record_decision, "maisie", True, {Category.NEGLECT}, "Long-standing neglect.")
    assert needed.value.relist_due == due
    with pytest.raises(DomainError, match="not a working day"):
        do(rc.record_decision, "maisie", True, {Category.NEGLECT}, "Long-standing neglect.",
           interim_reason="Police sent apologies", relist_on=date(2027, 1, 1))
    do(rc.record_decision, "maisie", True, {Category.NEGLECT}, "Long-standing neglect.",
       interim_reason="Police sent apologies")
    assert conf.decisions["maisie"].relist_on == due
    text = build_record(conf, Audience.family_member(conf, who["jade"])).text()
    assert ("Interim decision (inquorate conference): Maisie Thornbury needs a child protection "
            "plan") in text
    assert "re-listed for Tuesday 12 January 2027" in text
    assert "Why the chair went ahead: Police sent apologies" in text


def test_quorate_decisions_are_never_interim() -> None:
    _, _, do, _ = started("priya", "tom", "sian")
    with pytest.raises(DomainError, match="quorate: its decision is not an interim one"):
        do(rc.record_decision, "maisie", False, (), "Needs met.", interim_reason="why")


def test_the_chairs_api_takes_the_new_choices() -> None:
    body = Decision.parse({"child_id": "maisie", "plan_required": False, "categories": [],
                           "reasons": "r", "interim_reason": "no police",
                           "relist_on": "2027-01-08"})
    assert (body.interim_reason, body.relist_on) == ("no police", date(2027, 1, 8))
    exclude = Exclude.parse({"attendee_ids": ["a"], "grounds": ["LEGAL_PROCEEDINGS"],
                             "withheld_in_writing": [], "reason_confidential": False})
    assert exclude.withheld_in_writing == () and exclude.reason_confidential is False
    assert Exclude.parse({"attendee_ids": ["a"], "grounds": ["LEGAL_PROCEEDINGS"]}
                         ).withheld_in_writing is None
