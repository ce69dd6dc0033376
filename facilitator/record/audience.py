"""Who a copy of the record is for, and so what it may contain.

The professionals' record holds everything. A family member's copy is cut by the segment
audiences the meeting recorded, never by hand: it leaves out every utterance the person could
not have heard (`Conference.may_receive`), every summary paragraph covering a segment they were
out of, anything else recorded while they were out, and everything marked confidential.
Unless the chair decided that this person receives the whole record (the procedure leaves that
to the chair: `set_family_copy_scope`): then only what is marked confidential is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.conference import Conference
from ..domain.errors import DomainError
from ..domain.minutes import DocumentKind, SummaryParagraph
from ..domain.recipients import recipient_problem
from ..domain.transcript import Mark, Utterance


@dataclass(frozen=True)
class Audience:
    attendee_id: str | None = None  # None: the professionals' full record
    name: str = ""
    whole_record: bool = False  # the chair's decision for a family member who was excluded

    @classmethod
    def professionals(cls) -> Audience:
        return cls()

    @classmethod
    def family_member(cls, conf: Conference, attendee_id: str) -> Audience:
        problem = recipient_problem(conf, DocumentKind.FAMILY_COPY, attendee_id)
        if problem:
            raise DomainError(problem)
        return cls(attendee_id, conf.attendee(attendee_id).name,
                   whole_record=attendee_id in conf.minutes.whole_record_for)

    @property
    def is_full(self) -> bool:
        return self.attendee_id is None

    def sees_utterance(self, conf: Conference, utterance: Utterance) -> bool:
        if self.attendee_id is None:
            return True
        if Mark.CONFIDENTIAL in utterance.marks:
            return False
        return self.whole_record or conf.may_receive(self.attendee_id, utterance)

    def sees_paragraph(self, conf: Conference, paragraph: SummaryParagraph) -> bool:
        if self.attendee_id is None:
            return True
        if paragraph.confidential:
            return False
        attendee_id = self.attendee_id
        return self.whole_record or all(
            conf.segment(s).admits(attendee_id) for s in paragraph.segment_ids)

    def sees_moment(self, conf: Conference, moment: datetime) -> bool:
        """Was this person in the audience when something was recorded at `moment`?"""
        if self.attendee_id is None or self.whole_record:
            return True
        if conf.started_at is None or moment < conf.started_at:
            return True  # recorded before the meeting: part of no segment
        return conf.segment_at(moment).admits(self.attendee_id)

    def was_excluded(self, conf: Conference) -> bool:
        return self.attendee_id is not None and any(
            not s.admits(self.attendee_id) for s in conf.segments
        )
