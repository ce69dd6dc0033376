"""Calendar invitations as iCalendar (RFC 5545) with the icalendar library."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import icalendar

from ...record.invitations import Invitation


def render_ics(items: Sequence[Invitation], stamp: datetime | None = None) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Conference Facilitator//Child protection conference//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    now = stamp or datetime.now(UTC)
    for item in items:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        event.add("description", item.description)
        event.add("class", "CONFIDENTIAL")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    timed = [i for i in items if isinstance(i.start, datetime)]
    if timed:  # a compact VTIMEZONE: only the years around the invitations (all-day: none)
        first = min(_day(i.start) for i in timed) - timedelta(days=366)
        last = max(_day(i.end) for i in timed) + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return bytes(calendar.to_ical())


def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment
