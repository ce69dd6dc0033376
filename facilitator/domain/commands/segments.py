"""Commands that move people out of a segment of the meeting and bring them back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from .. import events as ev
from ..conference import Conference, MeetingStatus
from ..errors import DomainError
from ..roles import Party
from ..segments import INFORMATION_GROUNDS, ExclusionGround
from . import new_id
from .interpreting import coming_back_with, going_with

NEVER_EXCLUDED = (Party.CHAIR, Party.MINUTE_TAKER)


def _running(conf: Conference) -> None:
    if conf.status in (MeetingStatus.SCHEDULED, MeetingStatus.ENDED):
        raise DomainError("exclusions apply only while the meeting is running")


def advocates_of(conf: Conference, attendee_ids: Iterable[str]) -> frozenset[str]:
    """The advocates and supporters who are there for the given children."""
    children = {a for a in attendee_ids if conf.attendee(a).role.party is Party.CHILD}
    return frozenset(
        a.id for a in conf.attendees.values()
        if a.supports in children and a.role.key == "child_advocate"
    )


def _check_people(conf: Conference, ids: frozenset[str]) -> None:
    if not ids:
        raise DomainError("choose at least one person to move out of the segment")
    for attendee_id in ids:
        person = conf.attendee(attendee_id)
        if person.role.party in NEVER_EXCLUDED:
            raise DomainError(f"{person.name} is the {person.role.label.lower()} and cannot be "
                              "excluded")
        if attendee_id in conf.excluded_now:
            raise DomainError(f"{person.name} is already out of this segment")


def _check_grounds(grounds: frozenset[ExclusionGround], requested_by: str, reason: str) -> None:
    if not grounds:
        raise DomainError("an exclusion needs at least one ground from the procedure")
    if not requested_by.strip():
        raise DomainError("record who requested the exclusion")
    if not reason.strip():
        raise DomainError("record the reason for the exclusion")


def family_copy_holders(conf: Conference) -> frozenset[str]:
    """Everyone who receives a family copy of the record (family members and children)."""
    return frozenset(a.id for a in conf.attendees.values()
                     if a.role.party in (Party.FAMILY, Party.CHILD))


def _in_writing(conf: Conference, grounds: frozenset[ExclusionGround], out: frozenset[str],
                withheld: Iterable[str] | None, reason_confidential: bool | None,
                coming_back: frozenset[str] = frozenset()) -> tuple[frozenset[str], bool]:
    """Who else may not receive this part in writing, and whether the reason is confidential.

    Excluded on information grounds (confidential, police, legal), the default is safe: the
    part is left out of every family copy and the reason out of the letter; the chair chooses
    otherwise explicitly. On other grounds: nobody else, and the reason is given."""
    information = bool(grounds & INFORMATION_GROUNDS)
    holders = family_copy_holders(conf)
    if withheld is None:
        chosen = holders if information else frozenset()
    else:
        chosen = frozenset(withheld)
        for attendee_id in chosen - holders:
            raise DomainError(f"{conf.attendee(attendee_id).name} receives no family copy: only "
                              "family members' written copies can leave this part out")
    confidential = information if reason_confidential is None else reason_confidential
    return chosen - out - (conf.excluded_now - coming_back), confidential


def exclude(
    conf: Conference,
    at: datetime,
    attendee_ids: Iterable[str],
    grounds: Iterable[ExclusionGround],
    requested_by: str,
    reason: str,
    *,
    advocate_stays: bool = False,
    withheld_in_writing: Iterable[str] | None = None,
    reason_confidential: bool | None = None,
    interpreters_stay: Mapping[str, str] | None = None,
) -> list[ev.Event]:
    """Start a new segment without these people (and a child's advocate, unless told otherwise;
    and their interpreter, unless `interpreters_stay` gives the chair's reason to keep them).

    `withheld_in_writing`: family members who stay but may not receive this part in writing
    (None: every family copy when the grounds are about information, else nobody)."""
    _running(conf)
    ids = frozenset(attendee_ids)
    ground_set = frozenset(grounds)
    _check_people(conf, ids)
    _check_grounds(ground_set, requested_by, reason)
    if not advocate_stays:
        ids |= advocates_of(conf, ids) - conf.excluded_now
    exclusion_id = new_id()
    interpreters, kept = going_with(conf, at, exclusion_id, ids, interpreters_stay)
    ids |= interpreters
    withheld, confidential = _in_writing(conf, ground_set, ids, withheld_in_writing,
                                         reason_confidential)
    return [ev.ParticipantsExcluded(
        at=at, exclusion_id=exclusion_id, attendee_ids=ids, grounds=ground_set,
        requested_by=requested_by.strip(), reason=reason.strip(), segment_id=new_id(),
        withheld_in_writing=withheld, reason_confidential=confidential,
    ), *kept]


def readmit(conf: Conference, at: datetime, attendee_ids: Iterable[str]) -> list[ev.Event]:
    _running(conf)
    ids = frozenset(attendee_ids)
    if not ids:
        raise DomainError("choose at least one person to bring back")
    for attendee_id in ids:
        person = conf.attendee(attendee_id)
        if attendee_id not in conf.excluded_now:
            raise DomainError(f"{person.name} is not excluded from this segment")
    ids |= coming_back_with(conf, ids)  # an interpreter who went out with them
    return [ev.ParticipantsReadmitted(at=at, attendee_ids=ids, segment_id=new_id())]


def swap_parts(
    conf: Conference,
    at: datetime,
    bring_back: Iterable[str],
    move_out: Iterable[str],
    requested_by: str,
    reason: str,
    grounds: Iterable[ExclusionGround] = (ExclusionGround.CHILD_PARENT_CONFLICT,),
    *,
    withheld_in_writing: Iterable[str] | None = None,
    reason_confidential: bool | None = None,
    interpreters_stay: Mapping[str, str] | None = None,
) -> list[ev.Event]:
    """Separate parts, one step: those waiting come back as the others go out, no overlap."""
    _running(conf)
    back = frozenset(bring_back)
    out = frozenset(move_out)
    if back & out:
        raise DomainError("the same person cannot both come back and go out")
    for attendee_id in back:
        if attendee_id not in conf.excluded_now:
            raise DomainError(f"{conf.attendee(attendee_id).name} is not out of this segment")
    ground_set = frozenset(grounds)
    _check_people(conf, out)
    _check_grounds(ground_set, requested_by, reason)
    out |= advocates_of(conf, out) - conf.excluded_now
    back |= coming_back_with(conf, back) - out
    exclusion_id = new_id()
    interpreters, kept = going_with(conf, at, exclusion_id, out, interpreters_stay, back)
    out |= interpreters
    withheld, confidential = _in_writing(conf, ground_set, out, withheld_in_writing,
                                         reason_confidential, back)
    return [ev.ParticipantsExcluded(
        at=at, exclusion_id=exclusion_id, attendee_ids=out, grounds=ground_set,
        requested_by=requested_by.strip(), reason=reason.strip(), segment_id=new_id(),
        readmitted_ids=back, withheld_in_writing=withheld,
        reason_confidential=confidential,
    ), *kept]
