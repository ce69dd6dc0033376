"""Who a copy of the record is for, and so what it may contain.

The professionals' record holds everything. A family member's copy is cut by the segment
audiences the meeting recorded, never by hand: it leaves out every utterance the person could
not have heard (`Conference.may_receive`), every summary paragraph covering a segment they were
out of, anything else recorded while they were out, and everything marked confidential.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.commands.minutes import recipient_problem
from ..domain.conference import Conference
from ..domain.errors import DomainError
from ..domain.minutes import DocumentKind, SummaryParagraph
from ..domain.transcript import Mark, Utterance


@dataclass(frozen=True)
class Audience:
    attendee_id: str | None = None  # None: the professionals' full record
    name: str = ""

    @classmethod
    def professionals(cls) -> Audience:
        return cls()

    @classmethod
    def family_member(cls, conf: Conference, attendee_id: str) -> Audience:
        problem = recipient_problem(conf, DocumentKind.FAMILY_COPY, attendee_id)
        if problem:
            raise DomainError(problem)
        return cls(attendee_id, conf.attendee(attendee_id).name)

    @property
    def is_full(self) -> bool:
        return self.attendee_id is None

    def sees_utterance(self, conf: Conference, utterance: Utterance) -> bool:
        if self.attendee_id is None:
            return True
        if Mark.CONFIDENTIAL in utterance.marks:
            return False
        return conf.may_receive(self.attendee_id, utterance)

    def sees_paragraph(self, conf: Conference, paragraph: SummaryParagraph) -> bool:
        if self.attendee_id is None:
            return True
        if paragraph.confidential:
            return False
        return all(conf.segment(s).admits(self.attendee_id) for s in paragraph.segment_ids)

    def sees_moment(self, conf: Conference, moment: datetime) -> bool:
        """Was this person in the audience when something was recorded at `moment`?"""
        if self.attendee_id is None:
            return True
        if conf.started_at is None or moment < conf.started_at:
            return True  # recorded before the meeting: part of no segment
        return conf.segment_at(moment).admits(self.attendee_id)

    def was_excluded(self, conf: Conference) -> bool:
        return self.attendee_id is not None and any(
            not s.admits(self.attendee_id) for s in conf.segments
        )
