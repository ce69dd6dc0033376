"""Each agency's view, the chair's decision per child, dissent, and the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from facilitator.domain.calendar import Nation
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import record as rc
from facilitator.domain.conference import Conference
from facilitator.domain.decisions import Category, HarmView, Outcome, categories_for
from facilitator.domain.errors import DomainError

from .helpers import new_conference, started_conference, valid_plan

C = Category
H = HarmView
SH, NOT, UNDECIDED = H.SIGNIFICANT_HARM, H.NOT_SIGNIFICANT_HARM, H.UNDECIDED

ENGLAND_CATEGORIES = {C.NEGLECT, C.PHYSICAL, C.EMOTIONAL, C.SEXUAL}


def test_categories_by_nation() -> None:
    assert set(categories_for(Nation.ENGLAND)) == ENGLAND_CATEGORIES
    assert set(categories_for(Nation.WALES)) == ENGLAND_CATEGORIES | {C.FINANCIAL}


@pytest.mark.parametrize(("nation", "categories", "ok"), [
    (Nation.ENGLAND, {C.NEGLECT}, True),
    (Nation.ENGLAND, {C.PHYSICAL, C.EMOTIONAL, C.SEXUAL}, True),
    (Nation.ENGLAND, {C.FINANCIAL}, False),
    (Nation.ENGLAND, {C.NEGLECT, C.FINANCIAL}, False),
    (Nation.WALES, {C.FINANCIAL}, True),
    (Nation.WALES, {C.NEGLECT, C.FINANCIAL}, True),
])
def test_financial_abuse_only_in_wales(clock: ManualClock, nation: Nation,
                                       categories: set[Category], ok: bool) -> None:
    conf = started_conference(clock, nation=nation)
    if ok:
        conf_events = rc.record_decision(conf, clock.now(), "amy", True, categories, "reasons")
        conf.apply(conf_events[0])
        assert conf.decisions["amy"].categories == categories
        conf.apply(rc.record_view(conf, clock.now(), "amy", "police", SH, categories)[0])
    else:
        with pytest.raises(DomainError, match="category not used in England: financial abuse"):
            rc.record_decision(conf, clock.now(), "amy", True, categories, "reasons")
        with pytest.raises(DomainError, match="not used in England"):
            rc.record_view(conf, clock.now(), "amy", "police", SH, categories)


# ---- dissent, computed from the agencies' views -------------------------------------------
DISSENT = [
    # (views {attendee: view}, plan required, dissenting attendees)
    ({"police": SH, "hv": SH, "school": NOT}, True, {"school"}),
    ({"police": SH, "hv": SH, "school": NOT}, False, {"police", "hv"}),
    ({"police": SH, "hv": SH, "school": SH}, True, set()),
    ({"police": NOT, "hv": NOT}, False, set()),
    ({"police": SH, "school": UNDECIDED}, True, set()),  # no view is no dissent
    ({"police": SH, "school": UNDECIDED}, False, {"police"}),
    ({}, True, set()),
]


@pytest.mark.parametrize(("views", "plan_required", "dissent"), DISSENT)
def test_dissent_is_computed_from_agency_views(meeting: Conference, clock: ManualClock,
                                               views: dict[str, HarmView], plan_required: bool,
                                               dissent: set[str]) -> None:
    for attendee_id, view in views.items():
        categories = {C.NEGLECT} if view is SH else set()
        meeting.apply(rc.record_view(meeting, clock.now(), "amy", attendee_id, view,
                                     categories)[0])
    # A view about the other child never counts for Amy.
    meeting.apply(rc.record_view(meeting, clock.now(), "ben", "sw", NOT)[0])
    categories = {C.NEGLECT} if plan_required else set()
    meeting.apply(rc.record_decision(meeting, clock.now(), "amy", plan_required, categories,
                                     "the reasons", " dissent noted ")[0])
    decision = meeting.decisions["amy"]
    assert decision.dissenting_ids == dissent
    assert decision.plan_required is plan_required
    assert decision.dissent_note == "dissent noted"
    assert decision.decided_at == clock.now()


def test_a_later_view_replaces_an_earlier_one(meeting: Conference, clock: ManualClock) -> None:
    meeting.apply(rc.record_view(meeting, clock.now(), "amy", "school", NOT)[0])
    meeting.apply(rc.record_view(meeting, clock.now(), "amy", "school", SH, {C.NEGLECT})[0])
    meeting.apply(rc.record_decision(meeting, clock.now(), "amy", True, {C.NEGLECT}, "r")[0])
    assert meeting.decisions["amy"].dissenting_ids == frozenset()


def test_decisions_are_per_child(meeting: Conference, clock: ManualClock) -> None:
    meeting.apply(rc.record_decision(meeting, clock.now(), "amy", True, {C.NEGLECT}, "r")[0])
    meeting.apply(rc.record_decision(meeting, clock.now(), "ben", False, (), "r")[0])
    assert meeting.decisions["amy"].plan_required and not meeting.decisions["ben"].plan_required
    with pytest.raises(DomainError, match="no subject child 'cal'"):
        rc.record_decision(meeting, clock.now(), "cal", False, (), "r")


@pytest.mark.parametrize(("attendee", "view", "categories", "error"), [
    ("mum", SH, {C.NEGLECT}, "is not an agency"),
    ("advocate", SH, {C.NEGLECT}, "is not an agency"),
    ("chair", SH, {C.NEGLECT}, "is not an agency"),
    ("police", NOT, {C.NEGLECT}, "categories go with a view that the threshold is met"),
    ("police", UNDECIDED, {C.NEGLECT}, "categories go with"),
    ("nobody", SH, set(), "no attendee 'nobody'"),
])
def test_view_refusals(meeting: Conference, clock: ManualClock, attendee: str, view: HarmView,
                       categories: set[Category], error: str) -> None:
    with pytest.raises(DomainError, match=error):
        rc.record_view(meeting, clock.now(), "amy", attendee, view, categories)


@pytest.mark.parametrize(("plan_required", "categories", "reasons", "error"), [
    (True, set(), "r", "at least one category"),
    (False, {C.NEGLECT}, "r", "only when a plan is required"),
    (True, {C.NEGLECT}, "   ", "record the reasons"),
])
def test_decision_refusals(meeting: Conference, clock: ManualClock, plan_required: bool,
                           categories: set[Category], reasons: str, error: str) -> None:
    with pytest.raises(DomainError, match=error):
        rc.record_decision(meeting, clock.now(), "amy", plan_required, categories, reasons)


def test_decision_is_made_while_the_meeting_runs(clock: ManualClock) -> None:
    conf = new_conference(clock)
    with pytest.raises(DomainError, match="while the meeting is running"):
        rc.record_decision(conf, clock.now(), "amy", False, (), "r")


# ---- the plan ------------------------------------------------------------------------------
@pytest.fixture
def decided(meeting: Conference, clock: ManualClock) -> Conference:
    meeting.apply(rc.record_decision(meeting, clock.now(), "amy", True, {C.NEGLECT}, "r")[0])
    meeting.apply(rc.record_decision(meeting, clock.now(), "ben", False, (), "r")[0])
    meeting.apply(pe.add_attendee(meeting, clock.now(), "Tom Hurst", "social_work_manager",
                                  attendee_id="manager")[0])
    return meeting


PLAN_CASES: list[tuple[dict[str, Any], str | None]] = [
    ({}, None),
    ({"lead_social_worker_id": "manager"}, None),
    ({"lead_social_worker_id": "police"}, "DC Jo Pender is not a social worker"),
    ({"lead_social_worker_id": "mum"}, "is not a social worker"),
    ({"core_group_ids": frozenset({"sw", "ghost"})}, "no attendee 'ghost'"),
    ({"first_core_group": date(2026, 12, 17)}, None),  # the 10th working day
    ({"first_core_group": date(2026, 12, 18)}, r"within 10 working days \(by 2026-12-17\)"),
    ({"first_core_group": date(2026, 12, 18), "late_reason": "  "}, "record a late_reason"),
    ({"first_core_group": date(2026, 12, 18), "late_reason": "school holidays"}, None),
    ({"first_core_group": date(2026, 12, 2)}, "cannot be before the conference"),
    ({"review_date": date(2027, 3, 3)}, None),  # three months to the day
    ({"review_date": date(2027, 3, 4)}, "by 2027-03-03"),
    ({"review_date": date(2026, 12, 3)}, "after the conference"),
    ({"outcomes": ()}, "at least one outcome"),
    ({"outcomes": (Outcome("  ", "m", date(2027, 1, 1)),)}, "must say what must change"),
    ({"contingency": " "}, "needs a contingency"),
    ({"child_id": "ben"}, "after a decision that the child needs one"),
    ({"child_id": "cal"}, "no subject child 'cal'"),
]


@pytest.mark.parametrize(("overrides", "error"), PLAN_CASES)
def test_plan_validation(decided: Conference, clock: ManualClock, overrides: dict[str, Any],
                         error: str | None) -> None:
    plan = valid_plan(decided, **overrides)
    if error is None:
        decided.apply(rc.record_plan(decided, clock.now(), plan)[0])
        assert decided.plans[plan.child_id] == plan
    else:
        with pytest.raises(DomainError, match=error):
            rc.record_plan(decided, clock.now(), plan)


def test_no_plan_before_the_decision(meeting: Conference, clock: ManualClock) -> None:
    with pytest.raises(DomainError, match="after a decision"):
        rc.record_plan(meeting, clock.now(), valid_plan(meeting))


def test_first_core_group_deadline_counts_bank_holidays(clock: ManualClock) -> None:
    """A conference on Christmas Eve: the 10th working day is 12 January, not 7 January."""
    conf = started_conference(clock, scheduled_start=datetime(2026, 12, 24, 10, tzinfo=UTC),
                              strategy_discussion=date(2026, 12, 14))
    conf.apply(rc.record_decision(conf, clock.now(), "amy", True, {C.NEGLECT}, "r")[0])
    plan = valid_plan(conf, first_core_group=date(2027, 1, 12), review_date=date(2027, 3, 24))
    rc.record_plan(conf, clock.now(), plan)
    with pytest.raises(DomainError, match="by 2027-01-12"):
        rc.record_plan(conf, clock.now(), valid_plan(conf, first_core_group=date(2027, 1, 13),
                                                     review_date=date(2027, 3, 24)))
