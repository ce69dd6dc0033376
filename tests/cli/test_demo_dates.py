"""`facilitator demo` run at awkward moments: late at night, at a weekend, on Christmas Eve, across
the clock changes, on a leap day, before a bank holiday. The demo is run there and then, so its
conference starts shortly after "now"; every date before and after it must still make sense."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from facilitator.cli import demo_start, main
from facilitator.domain.calendar import Nation, is_working_day, subtract_working_days
from facilitator.domain.clock import FixedClock
from facilitator.services.conference_file import LOCAL_ZONE
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

AWKWARD = {
    "23:50 on a Thursday": datetime(2026, 12, 3, 23, 50, tzinfo=LOCAL_ZONE),
    "a Saturday afternoon": datetime(2027, 1, 16, 14, 7, tzinfo=LOCAL_ZONE),
    "23:50 on Christmas Eve": datetime(2026, 12, 24, 23, 50, tzinfo=LOCAL_ZONE),
    "New Year's Day": datetime(2027, 1, 1, 9, 0, tzinfo=LOCAL_ZONE),
    "just before the spring clock change": datetime(2027, 3, 28, 0, 58, tzinfo=UTC),
    "01:30 the first time, autumn": datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
    "01:30 the second time, autumn": datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
    "29 February 2028": datetime(2028, 2, 29, 12, 0, tzinfo=LOCAL_ZONE),
    "23:59:30 before a bank-holiday Monday": datetime(2027, 5, 28, 23, 59, 30,
                                                       tzinfo=LOCAL_ZONE),
}


def a_real_wall_time(moment: datetime) -> bool:
    """Neither skipped by the spring change nor made up: it survives a round trip."""
    local = moment.astimezone(LOCAL_ZONE)
    again = local.replace(tzinfo=None).replace(tzinfo=LOCAL_ZONE, fold=local.fold)
    return again.astimezone(UTC) == moment.astimezone(UTC)


@pytest.mark.parametrize("now", AWKWARD.values(), ids=AWKWARD.keys())
def test_the_demo_starts_shortly_after_now_on_a_real_quarter_hour(now: datetime) -> None:
    start = demo_start(now)
    assert timedelta(minutes=5) <= start - now < timedelta(minutes=20)
    assert start.astimezone(LOCAL_ZONE).minute % 15 == 0 and start.second == 0
    assert a_real_wall_time(start)


@pytest.mark.parametrize("now", AWKWARD.values(), ids=AWKWARD.keys())
def test_the_demo_conference_and_its_deadlines_make_sense(
        now: datetime, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "demo"], clock=FixedClock(now)) == 0
    (summary,) = EventStore(open_database(db)).conferences()
    conference = EventStore(open_database(db)).load(summary.id)
    details = conference.details
    assert details.scheduled_start.astimezone(UTC) == demo_start(now).astimezone(UTC)
    day = details.day
    assert details.strategy_discussion is not None
    assert is_working_day(details.strategy_discussion, Nation.ENGLAND)
    assert details.strategy_discussion == subtract_working_days(day, 10, Nation.ENGLAND)
    deadlines = details.deadlines()
    assert deadlines.initial_conference_due is not None and deadlines.initial_conference_due >= day
    for due in (deadlines.decision_letter_due, deadlines.first_core_group_due,
                deadlines.record_circulation_due, deadlines.review_due):
        assert due > day and is_working_day(due, Nation.ENGLAND), due
    assert deadlines.decision_letter_due < deadlines.first_core_group_due < \
        deadlines.record_circulation_due < deadlines.review_due
    ages = [c.age_on(day) for c in details.children]
    assert all(age is not None and 0 <= age < 18 for age in ages)
    capsys.readouterr()
    # the chair's office can prepare it "now": readiness, and an invitation dated today
    assert main(["--db", str(db), "readiness", summary.id[:8]], clock=FixedClock(now)) == 0
    letter = tmp_path / "jade.txt"
    assert main(["--db", str(db), "invitation", summary.id[:8], "--for", "Jade Thornbury",
                 "--out", str(letter), "--sent"], clock=FixedClock(now)) == 0
    today = now.astimezone(LOCAL_ZONE).date()
    assert f"on {today}" in capsys.readouterr().out


def test_now_is_an_explicit_option_and_a_bad_one_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "--now", "2027-02-26T16:00", "demo"]) == 0
    (summary,) = EventStore(open_database(db)).conferences()
    assert summary.scheduled_start.startswith("2027-02-26T16:15")
    assert main(["--db", str(db), "--now", "26/02/2027", "demo"]) == 2
    assert "--now '26/02/2027' is not a time" in capsys.readouterr().err
    assert main(["--db", str(db), "--now", "2027-02-26T16:00", "open"]) == 2
    assert "a live meeting runs on this computer's clock" in capsys.readouterr().err
    assert date(2027, 2, 26) == datetime.fromisoformat(summary.scheduled_start).date()
