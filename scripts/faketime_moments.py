"""The moments at which CI reruns the date-sensitive tests under libfaketime.

Prints one line per moment: a label, a tab, and the instant as "YYYY-MM-DD HH:MM:SS UTC" (the
form `faketime` takes). Counted from the real date the script runs, so the moments are always
ahead of it and fall on the awkward days every year:

- a year ahead;
- the next 25 December and 1 January, 10:00;
- 01:30 (Europe/London wall time) on the next Sundays of the spring and autumn clock changes:
  in spring 01:30 does not exist (the clocks jump from 01:00 to 02:00) and is taken as 01:30
  GMT, just after the change; in autumn it is the first 01:30 (BST), in the repeated hour;
- the next 29 February, 12:00;
- 23:59:30 on the next Friday before a bank-holiday Monday (England), so the run crosses
  midnight into a long weekend.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


def _at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=LONDON)


def _next(today: date, month: int, day: int) -> date:
    candidate = date(today.year, month, day)
    return candidate if candidate > today else date(today.year + 1, month, day)


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - 6) % 7)


def _next_change(today: date, month: int) -> date:
    change = _last_sunday(today.year, month)
    return change if change > today else _last_sunday(today.year + 1, month)


def _next_leap_day(today: date) -> date:
    year = today.year
    while not (calendar.isleap(year) and date(year, 2, 29) > today):
        year += 1
    return date(year, 2, 29)


def _next_friday_before_bank_holiday_monday(today: date) -> date:
    for year in (today.year, today.year + 1, today.year + 2):
        for day in sorted(holidays.country_holidays("GB", subdiv="ENG", years=year)):
            if day.weekday() == 0 and day - timedelta(days=3) > today:
                return day - timedelta(days=3)
    raise RuntimeError("no bank-holiday Monday in the next three years")


def moments(now: datetime) -> list[tuple[str, datetime]]:
    today = now.astimezone(LONDON).date()
    return [
        ("a year ahead", now + timedelta(days=365)),
        ("25 December", _at(_next(today, 12, 25), 10)),
        ("1 January", _at(_next(today, 1, 1), 10)),
        ("spring clock change, 01:30", _at(_next_change(today, 3), 1, 30)),
        ("autumn clock change, 01:30", _at(_next_change(today, 10), 1, 30)),
        ("29 February", _at(_next_leap_day(today), 12)),
        ("23:59:30 before a bank-holiday Monday",
         _at(_next_friday_before_bank_holiday_monday(today), 23, 59, 30)),
    ]


def main() -> None:
    for label, moment in moments(datetime.now(UTC)):
        print(f"{label}\t{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC")


if __name__ == "__main__":
    main()
