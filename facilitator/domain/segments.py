"""Segments of the meeting and who is excluded from them (procedure section 8.3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class ExclusionGround(Enum):
    """The criteria of section 8.3, plus the chair's power to ask someone to leave."""

    WELFARE_OF_CHILD = "presence may seriously prejudice the welfare of the child"
    DISRUPTION = "likely to disrupt: violence, threats, oppressive behaviour or unfit state"
    CHILD_REQUEST = "the child asks that this person is not present while they are"
    CONFIDENTIAL_INFORMATION = (
        "members must receive confidential information (legal advice, third party, "
        "criminal investigation)"
    )
    FAMILY_CONFLICT = "conflict between family members who cannot attend at the same time"
    INFORMATION_INCREASES_RISK = "information shared with them might increase the risk to the child"
    ALLEGED_PERPETRATOR = (
        "attendance of a known, alleged or suspected perpetrator threatens the child"
    )
    LEGAL_PROCEEDINGS = "presence may prejudice legal proceedings or a police investigation"
    THREAT_OF_VIOLENCE = "serious threat of violence toward someone at the conference"
    CHILD_PARENT_CONFLICT = "conflict of interests between child and parents: separate parts"
    NOT_FOR_CHILD = "information in this part will not be given to the child (advocate)"
    EFFECTIVENESS_IMPAIRED = "the chair asked them to leave: effectiveness seriously impaired"


# Grounds about what information may reach someone: excluding on these, the chair is asked
# who else may not receive that part in writing (it could reach the excluded person through a
# partner's copy); the default is every family copy.
INFORMATION_GROUNDS = frozenset({
    ExclusionGround.CONFIDENTIAL_INFORMATION, ExclusionGround.LEGAL_PROCEEDINGS,
    ExclusionGround.INFORMATION_INCREASES_RISK})

# what may be asked for before the meeting (the others are the chair's, during it)
ADVANCE_GROUNDS = frozenset(ExclusionGround) - {
    ExclusionGround.EFFECTIVENESS_IMPAIRED, ExclusionGround.NOT_FOR_CHILD}


@dataclass(frozen=True)
class Exclusion:
    id: str
    attendee_ids: frozenset[str]
    grounds: frozenset[ExclusionGround]
    requested_by: str
    reason: str
    started_at: datetime
    start_segment_id: str
    ended_at: datetime | None = None
    end_segment_id: str | None = None
    readmitted_ids: frozenset[str] = frozenset()
    # family members who heard this part but may not receive it in writing (chair's decision)
    withheld_in_writing: frozenset[str] = frozenset()
    reason_confidential: bool = False  # the reason stays out of the excluded person's letter

    @property
    def active_ids(self) -> frozenset[str]:
        return self.attendee_ids - self.readmitted_ids

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class Segment:
    """A stretch of the meeting with one audience: everyone except `excluded`."""

    id: str
    number: int
    started_at: datetime
    stage_id: str | None
    excluded: frozenset[str] = frozenset()
    ended_at: datetime | None = None

    def admits(self, attendee_id: str) -> bool:
        return attendee_id not in self.excluded

    def audience(self, attendee_ids: Iterable[str]) -> frozenset[str]:
        return frozenset(a for a in attendee_ids if a not in self.excluded)

    def covers(self, when: datetime) -> bool:
        return self.started_at <= when and (self.ended_at is None or when < self.ended_at)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.started_at <= end and (self.ended_at is None or start < self.ended_at)
