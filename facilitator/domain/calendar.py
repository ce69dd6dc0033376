"""Working days with the bank holidays of England or Wales, and the procedure's deadlines."""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache

import holidays


class Nation(Enum):
    ENGLAND = "england"
    WALES = "wales"

    @property
    def holiday_subdivision(self) -> str:
        return "ENG" if self is Nation.ENGLAND else "WLS"


@lru_cache(maxsize=64)
def _bank_holidays(nation: Nation, year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("GB", subdiv=nation.holiday_subdivision, years=year)
    return frozenset(calendar.keys())


def is_working_day(day: date, nation: Nation) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(nation, day.year)


def add_working_days(start: date, days: int, nation: Nation) -> date:
    """The date `days` working days after `start` (start itself is day 0)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, nation):
            remaining -= 1
    return current


def subtract_working_days(start: date, days: int, nation: Nation) -> date:
    """The date `days` working days before `start`."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current -= timedelta(days=1)
        if is_working_day(current, nation):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, nation: Nation) -> int:
    """How many working days after `start` `end` falls (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start, nation)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, nation):
            count += 1
    return count


def last_working_day_on_or_before(day: date, nation: Nation) -> date:
    while not is_working_day(day, nation):
        day -= timedelta(days=1)
    return day


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = _calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))
