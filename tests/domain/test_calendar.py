"""Working days with the real bank holidays of England and Wales, and the procedure's deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
import pytest

from facilitator.domain.agenda import StageSpec
from facilitator.domain.attendees import Child
from facilitator.domain.calendar import (
    Nation,
    add_months,
    add_working_days,
    is_working_day,
    last_working_day_on_or_before,
    subtract_working_days,
    working_days_between,
)
from facilitator.domain.details import ConferenceKind
from facilitator.domain.errors import DomainError

from .helpers import make_details

BOTH = (Nation.ENGLAND, Nation.WALES)


def at_ten(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


# (day, working day in England and Wales?, why)
WORKING_DAYS = [
    (date(2026, 4, 2), True, "Thursday before Easter"),
    (date(2026, 4, 3), False, "Good Friday"),
    (date(2026, 4, 6), False, "Easter Monday (England and Wales, not Scotland)"),
    (date(2026, 4, 7), True, "Tuesday after Easter"),
    (date(2026, 12, 25), False, "Christmas Day, a Friday"),
    (date(2026, 12, 28), False, "Boxing Day substitute: 26 December 2026 is a Saturday"),
    (date(2027, 12, 27), False, "Christmas Day substitute: 25 December 2027 is a Saturday"),
    (date(2027, 12, 28), False, "Boxing Day substitute: 26 December 2027 is a Sunday"),
    (date(2027, 12, 29), True, "first working day after Christmas 2027"),
    (date(2022, 1, 3), False, "New Year's Day substitute (1 January 2022 is a Saturday)"),
    (date(2026, 1, 2), True, "2 January is a holiday only in Scotland"),
    (date(2026, 8, 3), True, "Scotland's summer bank holiday; a working day here"),
    (date(2026, 8, 31), False, "late summer bank holiday (England and Wales)"),
    (date(2026, 11, 30), True, "St Andrew's Day is a holiday only in Scotland"),
    (date(2022, 6, 2), False, "spring bank holiday moved for the Platinum Jubilee"),
    (date(2022, 6, 3), False, "Platinum Jubilee"),
    (date(2022, 9, 19), False, "State funeral of Queen Elizabeth II"),
    (date(2023, 5, 8), False, "Coronation of King Charles III"),
    (date(2026, 12, 5), False, "a Saturday"),
    (date(2026, 12, 6), False, "a Sunday"),
]


@pytest.mark.parametrize("nation", BOTH, ids=lambda n: n.value)
@pytest.mark.parametrize(("day", "working", "why"), WORKING_DAYS,
                         ids=[w[2] for w in WORKING_DAYS])
def test_working_days_follow_the_real_bank_holidays(
    nation: Nation, day: date, working: bool, why: str
) -> None:
    assert is_working_day(day, nation) is working, why


# (start, working days, due) — hand-counted against the published bank holidays.
ADD_WORKING_DAYS = [
    (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Good Friday, weekend, Easter Monday
    (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas, weekend, Boxing Day substitute
    (date(2027, 12, 24), 1, date(2027, 12, 29)),  # both substitutes on Mon 27 and Tue 28
    (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Day, across the year end
    (date(2025, 12, 31), 1, date(2026, 1, 2)),  # 2 January works in England and Wales
    (date(2026, 7, 31), 1, date(2026, 8, 3)),  # Scotland's August holiday is not ours
    (date(2026, 8, 28), 1, date(2026, 9, 1)),  # late summer bank holiday
    (date(2022, 6, 1), 1, date(2022, 6, 6)),  # jubilee Thursday and Friday
    (date(2026, 4, 3), 0, date(2026, 4, 3)),  # the start is day 0, even on a holiday
    (date(2026, 12, 14), 15, date(2027, 1, 7)),  # 15 working days over Christmas
    (date(2026, 11, 20), 15, date(2026, 12, 11)),  # no holiday in the way
]


@pytest.mark.parametrize("nation", BOTH, ids=lambda n: n.value)
@pytest.mark.parametrize(("start", "days", "due"), ADD_WORKING_DAYS)
def test_add_working_days(nation: Nation, start: date, days: int, due: date) -> None:
    assert add_working_days(start, days, nation) == due
    if days:
        assert working_days_between(start, due, nation) == days
        assert working_days_between(due, start, nation) == -days
        assert subtract_working_days(due, days, nation) <= start


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 12, 3), -1, Nation.ENGLAND)
    with pytest.raises(ValueError):
        subtract_working_days(date(2026, 12, 3), -1, Nation.ENGLAND)


def test_subtract_working_days_over_easter() -> None:
    assert subtract_working_days(date(2026, 4, 7), 1, Nation.ENGLAND) == date(2026, 4, 2)
    assert subtract_working_days(date(2027, 1, 4), 2, Nation.WALES) == date(2026, 12, 30)


@pytest.mark.parametrize("year", range(2020, 2031))
def test_england_and_wales_share_their_bank_holidays(year: int) -> None:
    """The holidays package has no England/Wales difference; both differ from Scotland."""
    weekdays = [d for d in (date(year, 1, 1) + timedelta(days=i) for i in range(366))
                if d.year == year and d.weekday() < 5]
    days = {n: {d for d in weekdays if not is_working_day(d, n)} for n in BOTH}
    assert days[Nation.ENGLAND] == days[Nation.WALES]
    scotland = {d for d in holidays.country_holidays("GB", subdiv="SCT", years=year)
                if d.weekday() < 5}
    assert days[Nation.ENGLAND] != scotland


def test_each_nation_uses_its_own_subdivision() -> None:
    assert Nation.ENGLAND.holiday_subdivision == "ENG"
    assert Nation.WALES.holiday_subdivision == "WLS"


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 12, 3), 3, date(2027, 3, 3)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),  # clamped to the end of February
    (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
    (date(2026, 9, 15), 6, date(2027, 3, 15)),  # across the year end
])
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_last_working_day_on_or_before_skips_back_over_easter() -> None:
    assert last_working_day_on_or_before(date(2027, 3, 29), Nation.ENGLAND) == date(2027, 3, 25)
    assert last_working_day_on_or_before(date(2027, 3, 24), Nation.WALES) == date(2027, 3, 24)


# ---- deadlines ---------------------------------------------------------------------------
# (nation, kind, conference day, strategy discussion or previous conference, record days,
#  initial due, first core group, review due, decision letter, record circulation)
DEADLINES = [
    pytest.param(Nation.ENGLAND, ConferenceKind.INITIAL, date(2026, 12, 3), date(2026, 11, 20),
                 15, date(2026, 12, 11), date(2026, 12, 17), date(2027, 3, 3),
                 date(2026, 12, 4), date(2026, 12, 24), id="england-initial-no-holidays"),
    pytest.param(Nation.ENGLAND, ConferenceKind.INITIAL, date(2026, 12, 24), date(2026, 12, 14),
                 15, date(2027, 1, 7), date(2027, 1, 12), date(2027, 3, 24),
                 date(2026, 12, 29), date(2027, 1, 19), id="england-initial-over-christmas"),
    pytest.param(Nation.WALES, ConferenceKind.INITIAL, date(2026, 12, 24), date(2026, 12, 14),
                 5, date(2027, 1, 7), date(2027, 1, 12), date(2027, 3, 24),
                 date(2026, 12, 29), date(2027, 1, 5), id="wales-initial-summary-in-5-days"),
    pytest.param(Nation.WALES, ConferenceKind.INITIAL, date(2026, 12, 29), date(2026, 12, 14),
                 15, date(2027, 1, 7), date(2027, 1, 13), date(2027, 3, 25),
                 date(2026, 12, 30), date(2027, 1, 20),
                 id="wales-review-due-falls-on-easter-monday"),
    pytest.param(Nation.ENGLAND, ConferenceKind.REVIEW, date(2026, 6, 26), date(2026, 3, 27),
                 15, None, date(2026, 7, 10), date(2026, 12, 24),
                 date(2026, 6, 29), date(2026, 7, 17), id="england-review-6-months-to-christmas"),
    pytest.param(Nation.ENGLAND, ConferenceKind.REVIEW, date(2026, 8, 27), date(2026, 3, 27),
                 15, None, date(2026, 9, 11), date(2027, 2, 26),
                 date(2026, 8, 28), date(2026, 9, 18), id="england-review-over-summer-holiday"),
    pytest.param(Nation.WALES, ConferenceKind.REVIEW, date(2026, 8, 27), date(2026, 3, 27),
                 15, None, date(2026, 9, 11), date(2027, 2, 26),
                 date(2026, 8, 28), date(2026, 9, 18), id="wales-review-same-as-england"),
]


@pytest.mark.parametrize(
    ("nation", "kind", "day", "earlier", "record_days", "initial_due", "core_group",
     "review", "letter", "record"), DEADLINES)
def test_deadlines(nation: Nation, kind: ConferenceKind, day: date, earlier: date,
                   record_days: int, initial_due: date | None, core_group: date,
                   review: date, letter: date, record: date) -> None:
    extra = ({"strategy_discussion": earlier} if kind is ConferenceKind.INITIAL
             else {"previous_conference": earlier})
    details = make_details(nation=nation, kind=kind, scheduled_start=at_ten(day),
                           record_circulation_working_days=record_days, **extra)
    details.validate()
    deadlines = details.deadlines()
    assert deadlines.initial_conference_due == initial_due
    assert deadlines.first_core_group_due == core_group
    assert deadlines.review_due == review
    assert deadlines.decision_letter_due == letter
    assert deadlines.record_circulation_due == record


def test_deadlines_count_from_the_day_held_when_given() -> None:
    details = make_details()
    assert details.deadlines(held_on=date(2026, 12, 24)).decision_letter_due == date(2026, 12, 29)


# ---- the initial conference within 15 working days of the strategy discussion -------------
@pytest.mark.parametrize("nation", BOTH, ids=lambda n: n.value)
@pytest.mark.parametrize(("strategy", "day", "delay_reason", "error"), [
    (date(2026, 12, 14), date(2027, 1, 7), "", None),  # exactly 15 working days: on time
    (date(2026, 12, 14), date(2027, 1, 8), "", "16 working days after the strategy discussion"),
    (date(2026, 12, 14), date(2027, 1, 8), "   ", "record a delay_reason"),
    (date(2026, 12, 14), date(2027, 1, 8), "the family asked for a later date", None),
    (date(2026, 12, 4), date(2026, 12, 3), "", "strategy discussion is after the conference"),
    (date(2026, 12, 3), date(2026, 12, 3), "", None),  # same day is allowed
])
def test_initial_conference_is_due_15_working_days_after_the_strategy_discussion(
    nation: Nation, strategy: date, day: date, delay_reason: str, error: str | None
) -> None:
    """14 December to 7 January is 15 working days only because of the Christmas holidays."""
    details = make_details(nation=nation, strategy_discussion=strategy,
                           scheduled_start=at_ten(day), delay_reason=delay_reason)
    if error is None:
        details.validate()
    else:
        with pytest.raises(DomainError, match=error):
            details.validate()


# ---- the rest of the details ----------------------------------------------------------
DETAILS_ERRORS = [
    ({"scheduled_start": datetime(2026, 12, 3, 10)}, "time zone"),
    ({"children": ()}, "at least one subject child"),
    ({"children": (Child("amy", "Amy"), Child("amy", "Amy Two"))}, "distinct ids"),
    ({"children": (Child("amy", "Amy Fairweather", date(2027, 1, 1)),)},
     "date of birth is after the conference"),
    ({"planned_minutes": 10}, "between 15 and 480"),
    ({"planned_minutes": 481}, "between 15 and 480"),
    ({"planned_minutes": 99}, "add up to more than the planned length"),
    ({"record_circulation_working_days": 0}, "record circulation"),
    ({"record_circulation_working_days": 61}, "record circulation"),
    ({"strategy_discussion": None}, "needs the strategy discussion date"),
    ({"previous_conference": date(2026, 9, 1)}, "initial conference has no previous"),
    ({"kind": ConferenceKind.REVIEW}, "needs the previous conference date"),
    ({"kind": ConferenceKind.REVIEW, "previous_conference": date(2026, 12, 3)},
     r"previous conference \(2026-12-03\) is not before this review"),
    ({"kind": ConferenceKind.REVIEW, "previous_conference": date(2027, 1, 5)},
     "is not before this review"),
]


@pytest.mark.parametrize(("overrides", "error"), DETAILS_ERRORS)
def test_impossible_details_are_refused(overrides: dict[str, object], error: str) -> None:
    with pytest.raises(DomainError, match=error):
        make_details(**overrides).validate()


@pytest.mark.parametrize("overrides", [
    {},
    {"planned_minutes": 100},  # stages fill the meeting exactly
    {"children": (Child("baby", "Baby Fairweather", date(2027, 2, 1), unborn=True),)},
    {"kind": ConferenceKind.REVIEW, "previous_conference": date(2026, 9, 3)},
    {"nation": Nation.WALES, "record_circulation_working_days": 5},
    {"stages": (StageSpec("decision", "Decision", 15, ring_fenced=True),)},
])
def test_sound_details_are_accepted(overrides: dict[str, object]) -> None:
    make_details(**overrides).validate()
