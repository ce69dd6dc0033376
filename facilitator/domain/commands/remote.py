"""Commands for remote people: the waiting room, admission, sending back, removal."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .. import events as ev
from ..attendees import AttendanceMode, AttendanceState
from ..conference import Conference, MeetingStatus
from ..errors import DomainError
from ..roles import Party


def arrive_remotely(
    conf: Conference, at: datetime, attendee_id: str, mode: AttendanceMode
) -> list[ev.Event]:
    """A remote person connected with their own link: they wait to be admitted."""
    person = conf.attendee(attendee_id)
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the conference has ended")
    if not mode.is_remote:
        raise DomainError("joining remotely is by video or by phone")
    if attendee_id in conf.waiting:
        return []
    events: list[ev.Event] = []
    if person.mode is not mode:
        events.append(ev.AttendanceModeChanged(at=at, attendee_id=attendee_id, mode=mode,
                                               actor=person.name))
    events.append(ev.ParticipantWaiting(at=at, attendee_id=attendee_id, actor=person.name))
    return events


def admit(conf: Conference, at: datetime, attendee_ids: Iterable[str]) -> list[ev.Event]:
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the conference has ended")
    events: list[ev.Event] = []
    for attendee_id in attendee_ids:
        person = conf.attendee(attendee_id)
        if attendee_id not in conf.waiting:
            raise DomainError(f"{person.name} is not in the waiting room")
        if attendee_id in conf.excluded_now:
            raise DomainError(f"{person.name} is out of this segment: bring them back first")
        events.append(ev.ParticipantAdmitted(at=at, attendee_id=attendee_id))
    if not events:
        raise DomainError("nobody is waiting to be admitted")
    return events


def admit_all(conf: Conference, at: datetime) -> list[ev.Event]:
    ready = [a for a in conf.waiting if a not in conf.excluded_now]
    return admit(conf, at, sorted(ready, key=lambda a: conf.attendee(a).name))


def send_to_waiting_room(conf: Conference, at: datetime, attendee_id: str) -> list[ev.Event]:
    person = conf.attendee(attendee_id)
    if attendee_id in conf.waiting:
        raise DomainError(f"{person.name} is already in the waiting room")
    if not person.mode.is_remote or not person.is_present:
        raise DomainError(f"{person.name} is not in the meeting remotely")
    return [ev.ParticipantWaiting(at=at, attendee_id=attendee_id, sent_back=True)]


def remove(conf: Conference, at: datetime, attendee_id: str, reason: str = "") -> list[ev.Event]:
    person = conf.attendee(attendee_id)
    if person.role.party is Party.CHAIR:
        raise DomainError("the chair cannot be removed")
    if attendee_id not in conf.waiting and person.state not in (
        AttendanceState.PRESENT, AttendanceState.RETURNED
    ):
        raise DomainError(f"{person.name} is not in the meeting or the waiting room")
    return [ev.ParticipantRemoved(at=at, attendee_id=attendee_id, reason=reason.strip())]
