"""Calendar invitations for the first core group and the review, parsed back with icalendar."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import icalendar
import pytest

from facilitator.domain.errors import DomainError
from facilitator.services.conference_file import LOCAL_ZONE
from facilitator.services.export import ExportSettings, Format, Kind

from .conftest import Held, exported
from .scenario import new_conference


def events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_plan_sets_the_day_so_the_invitations_are_for_the_day_time_to_follow(
        held: Held, settings: ExportSettings) -> None:
    """The letter says the social worker will tell the family the time and place: the
    calendar does not invent 10:00 in the conference room."""
    found = events(exported(held.conf, Kind.ICS, Format.ICS, None, settings))
    assert set(found) == {"Core group meeting (time to be confirmed)",
                          "Review child protection conference (time to be confirmed)"}
    core = found["Core group meeting (time to be confirmed)"]
    assert core.decoded("dtstart") == date(2027, 1, 8)  # an all-day entry
    assert core.decoded("dtend") == date(2027, 1, 9)
    assert "location" not in core
    assert "The social worker will confirm the time and place." in str(core["description"])
    review = found["Review child protection conference (time to be confirmed)"]
    assert review.decoded("dtstart") == date(2027, 3, 18)


def test_invitations_at_the_councils_usual_time(held: Held, settings: ExportSettings) -> None:
    settings = replace(settings, invitations=replace(
        settings.invitations, core_group_time=time(10, 0), review_time=time(10, 0)))
    data = exported(held.conf, Kind.ICS, Format.ICS, None, settings)
    found = events(data)
    assert set(found) == {"Core group meeting", "Review child protection conference"}
    core = found["Core group meeting"]
    start = core.decoded("dtstart")
    assert start == datetime(2027, 1, 8, 10, 0, tzinfo=LOCAL_ZONE)
    assert str(start.tzinfo) == "Europe/London"
    assert core.decoded("dtend") - start == timedelta(minutes=60)
    review = found["Review child protection conference"]
    assert review.decoded("dtstart") == datetime(2027, 3, 18, 10, 0, tzinfo=LOCAL_ZONE)
    assert review.decoded("dtend") - review.decoded("dtstart") == timedelta(hours=2)
    assert str(core["location"]) == "Meeting Room 2, Riverside House, Fernbridge"
    assert str(core["class"]) == "CONFIDENTIAL"
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Europe/London" in data
    # Calendars are often synced elsewhere: no names unless the council asks for them.
    for name in ("Maisie", "Alfie", "Thornbury", "Jade", "Priya"):
        assert name.encode() not in data
    again = events(exported(held.conf, Kind.ICS, Format.ICS, None, settings))
    assert again["Core group meeting"]["uid"] == core["uid"]  # re-sending updates, not adds


def test_names_only_when_the_council_chooses(held: Held, settings: ExportSettings) -> None:
    named = replace(settings, invitations=replace(settings.invitations, include_names=True))
    found = events(exported(held.conf, Kind.ICS, Format.ICS, None, named))
    core = found["Core group meeting: Maisie Thornbury and Alfie Thornbury (time to be "
                 "confirmed)"]
    assert "Jade Thornbury (Parent)" in str(core["description"])


def test_no_plan_no_invitation(settings: ExportSettings) -> None:
    with pytest.raises(DomainError, match="no core group or review"):
        exported(new_conference(), Kind.ICS, Format.ICS, None, settings)
