"""An inquorate conference: the chair may make an interim decision and plan, records why, and
re-lists the conference within 10 working days (the nation's bank holidays counted).

Quorum is the social worker plus at least two other professional disciplines present
(`attendees.assess_quorum`). Without it a decision is never recorded silently as final: the
decision use case refuses with `InterimRequired`, and the chair answers with the reason for
going ahead and the re-listing date, which the record and the letters then state.
"""

from __future__ import annotations

from datetime import date

from .calendar import add_working_days, is_working_day
from .details import ConferenceDetails
from .errors import DomainError

RELIST_WITHIN_WORKING_DAYS = 10


def relist_due(details: ConferenceDetails) -> date:
    """The latest day the conference may be re-listed for: 10 working days after it."""
    return add_working_days(details.day, RELIST_WITHIN_WORKING_DAYS, details.nation)


class InterimRequired(DomainError):
    """The conference is not quorate: the decision can only be interim, with the chair's reason
    and a re-listing date within 10 working days."""

    def __init__(self, message: str, quorum_reason: str, relist_due: date) -> None:
        super().__init__(message)
        self.quorum_reason = quorum_reason
        self.relist_due = relist_due


def check_relist_date(details: ConferenceDetails, relist_on: date) -> None:
    due = relist_due(details)
    if relist_on <= details.day:
        raise DomainError(f"re-list the conference after {details.day:%d %B %Y}, the day it met")
    if relist_on > due:
        raise DomainError(f"an inquorate conference is re-listed within "
                          f"{RELIST_WITHIN_WORKING_DAYS} working days: by {due:%A %d %B %Y}")
    if not is_working_day(relist_on, details.nation):
        raise DomainError(f"{relist_on:%A %d %B %Y} is not a working day: choose another day "
                          "to re-list the conference")
